/**
 * Correcting a record a submitted report locked, on the web (`/p/:id/records/<kind>/:recordId/correct`: the record's
 * form with a reason, answering 422 beside the field) and in the API (`POST …/:recordId/corrections`, JSON
 * `{ reason, record }` → 201 with the correction and the withdrawn original). The use case checks who may
 * (src/reports/corrections.ts: record.update on the lead partner; the record must be locked).
 */
import { Hono } from 'hono';
import { partnersFor } from '../auth/permissions';
import { AppError, forbidden, isAppError, type ErrorDetail } from '../errors';
import { translate } from '../i18n';
import { API_BASE, badRequest, jsonObject, KIND_SEGMENT, kindParam } from '../records/api';
import { loadRecordContext } from '../records/context';
import { formToInput, recordToForm, type FormValues } from '../records/form-input';
import { KIND_SLUGS, type RecordKind } from '../records/kinds';
import { lockOf } from '../records/locks';
import { db, formValues, pid, type C } from '../records/route-helpers';
import { getRecord } from '../records/service';
import { RecordFormPage } from '../records/views/form';
import { recordHref, recordLabel } from '../records/views/shared';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { correctRecord } from './corrections';

export const correctionRoutes = new Hono<AppEnv>();

async function renderCorrect(
  c: C,
  kind: RecordKind,
  opts: { values?: FormValues; reason?: string; details?: ErrorDetail[]; status?: 200 | 409 | 422 },
) {
  const projectId = pid(c);
  const record = await getRecord(db(c), {
    actor: c.var.actor,
    projectId,
    kind,
    id: c.req.param('recordId') ?? '',
  });
  const lock = await lockOf(db(c), kind, record.id);
  // Only a locked, live record is corrected: any other is edited (or was corrected already).
  if (!lock || record.deleted_at)
    throw new AppError({
      code: 'not_locked',
      status: 409,
      message: 'only a record that a submitted report locked is corrected; edit this one instead',
    });
  const partners = partnersFor(c.var.actor, 'record.update', projectId);
  if (partners !== 'all' && !partners.includes(String(record.lead_partner)))
    throw forbidden('This record is led by another partner');
  const rc = await loadRecordContext(db(c), projectId);
  const ctx = viewCtx(c);
  const details = opts.details ?? [];
  const reasonError = details.find((d) => d.path === 'reason');
  return c.html(
    <RecordFormPage
      ctx={ctx}
      rc={rc}
      kind={kind}
      values={opts.values ?? recordToForm(kind, record)}
      details={details.filter((d) => d.path !== 'reason')}
      message={details.length > 0 ? ctx.t('records.error.validation') : undefined}
      action={`${recordHref(projectId, kind, record.id)}/correct`}
      title={ctx.t('records.correctTitle', { label: recordLabel(kind, record) })}
      leadPartners={partners}
      correction={{
        intro: ctx.t('records.correctIntro'),
        reason: opts.reason ?? '',
        reasonError: reasonError
          ? reasonError.key
            ? translate(ctx.lang, reasonError.key, reasonError.params)
            : reasonError.message
          : undefined,
        button: ctx.t('records.correctSave'),
      }}
    />,
    opts.status ?? 200,
  );
}

correctionRoutes.get(`/p/:id/records/${KIND_SEGMENT}/:recordId/correct`, async (c) =>
  renderCorrect(c, kindParam(c), {}),
);

correctionRoutes.post(`/p/:id/records/${KIND_SEGMENT}/:recordId/correct`, async (c) => {
  const kind = kindParam(c);
  const values = await formValues(c);
  const reason = typeof values.reason === 'string' ? values.reason : '';
  const { input, errors } = formToInput(kind, values);
  try {
    const r = await correctRecord(db(c), {
      actor: c.var.actor,
      projectId: pid(c),
      kind,
      id: c.req.param('recordId'),
      input,
      reason,
      clock: c.var.clock,
    });
    return c.redirect(`${recordHref(pid(c), kind, r.correction.id)}?notice=created`, 303);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation') throw e;
    const read = new Set(errors.map((d) => d.path));
    const details = [...errors, ...e.details.filter((d) => !read.has((d.path ?? '').split('.')[0]))];
    return renderCorrect(c, kind, { values, reason, details, status: 422 });
  }
});

/** The API: `{ "reason": "…", "record": { …the corrected record, whole… } }` → 201. */
correctionRoutes.post(`${API_BASE}/${KIND_SEGMENT}/:recordId/corrections`, async (c) => {
  const projectId = c.req.param('id');
  const kind = kindParam(c);
  const body = await jsonObject(c);
  const record = body.record;
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw badRequest('"record" must be a JSON object: the corrected record, whole', 'record');
  const r = await correctRecord(db(c), {
    actor: c.var.actor,
    projectId,
    kind,
    id: c.req.param('recordId'),
    input: record,
    reason: typeof body.reason === 'string' ? body.reason : '',
    clock: c.var.clock,
    source: 'api',
  });
  const location = `/api/v1/projects/${projectId}/${KIND_SLUGS[kind]}/${r.correction.id}`;
  return c.json({ correction: r.correction, original: r.original, reportId: r.reportId }, 201, {
    location,
    etag: `"${r.correction.version}"`,
  });
});
