/**
 * The record pages under `/p/:id/records`: per kind a list (filters, search, pages), a record page (fields,
 * evidence, history), create / edit forms that answer 422 with each problem beside its field, soft delete with a
 * confirmation, restore; and the deliverables' status. Handlers are thin: the services check who may do what.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { entityHistory } from '../audit/service';
import { can, partnersFor } from '../auth/permissions';
import { denied, forbidden, isAppError, type ErrorCode, type ErrorDetail } from '../errors';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { KIND_SEGMENT, kindParam, listQuery } from './api';
import { loadRecordContext, type RecordContext } from './context';
import { projectEnd } from '../plan/time';
import { deliverableRoutes } from './deliverables-routes';
import { uploadFrom } from './files-routes';
import { formToInput, newRecordForm, recordToForm, type FormValues } from './form-input';
import { viewCtx } from '../ui/context';
import { db, formValues, pid, type C } from './route-helpers';
import { RECORD_KINDS, type RecordKind } from './kinds';
import { listFilesOf } from './repository';
import { lockOf } from './locks';
import { correctionOf, originalOf } from '../reports/corrections';
import {
  canRestore,
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  restoreRecord,
  updateRecord,
  type StoredRecord,
} from './service';
import { newTitle, RecordFormPage } from './views/form';
import { feedUrlFor } from './ical-routes';
import { RecordListPage, RecordTable, type ListParams } from './views/list';
import { DeleteConfirmPage, RecordPage } from './views/record';
import { kindTitle, recordHref, recordLabel, recordsBase, RecordsFrame } from './views/shared';

const LIST_PARAMS = [
  'q',
  'partner',
  'kind',
  'type',
  'status',
  'audience',
  'open_access',
  'year',
  'from',
  'to',
  'deleted',
];

const writable = (
  c: C,
  r: { lead_partner: unknown },
  permission: 'record.update' | 'record.delete' = 'record.update',
) => can(c.var.actor, permission, { projectId: pid(c), partnerCode: String(r.lead_partner) });

/** Problems of a refused form: the service's, with the form's own reading errors in front for their fields. */
function mergeDetails(read: ErrorDetail[], service: ErrorDetail[]): ErrorDetail[] {
  const readFields = new Set(read.map((d) => d.path));
  return [...read, ...service.filter((d) => !readFields.has((d.path ?? '').split('.')[0]))];
}

async function renderForm(
  c: C,
  kind: RecordKind,
  opts: {
    /** The form's values, or a function of the project context (a new record's defaults need its period). */
    values: FormValues | ((rc: RecordContext) => FormValues);
    details?: ErrorDetail[];
    message?: string;
    record?: StoredRecord;
    version?: number;
    status?: 200 | 409 | 422;
  },
) {
  const rc = await loadRecordContext(db(c), pid(c));
  const ctx = viewCtx(c);
  const action = opts.record ? recordHref(pid(c), kind, opts.record.id) : recordsBase(pid(c), kind);
  const title = opts.record
    ? ctx.t('records.editOf', { label: recordLabel(kind, opts.record) })
    : newTitle(ctx, kind);
  return c.html(
    <RecordFormPage
      ctx={ctx}
      rc={rc}
      kind={kind}
      values={typeof opts.values === 'function' ? opts.values(rc) : opts.values}
      details={opts.details ?? []}
      message={opts.message}
      action={action}
      title={title}
      version={opts.version}
      leadPartners={partnersFor(c.var.actor, opts.record ? 'record.update' : 'record.create', pid(c))}
    />,
    opts.status ?? 200,
  );
}

async function renderRecord(
  c: C,
  kind: RecordKind,
  opts: { notice?: string; fileErrors?: ErrorDetail[]; status?: 200 | 400 | 413 | 415 | 422 } = {},
) {
  const projectId = pid(c);
  const record = await getRecord(db(c), {
    actor: c.var.actor,
    projectId,
    kind,
    id: c.req.param('recordId') as string,
    includeDeleted: true,
  });
  const rc = await loadRecordContext(db(c), projectId);
  const files = record.deleted_at ? [] : await listFilesOf(db(c), projectId, kind, record.id);
  const history = can(c.var.actor, 'audit.read', { projectId })
    ? await entityHistory(db(c), { actor: c.var.actor, projectId, entityType: kind, entityId: record.id })
    : null;
  const lock = await lockOf(db(c), kind, record.id);
  const correction = await correctionOf(db(c), kind, record.id);
  const corrects = await originalOf(db(c), kind, record.id);
  return c.html(
    <RecordPage
      ctx={viewCtx(c)}
      rc={rc}
      kind={kind}
      record={record}
      files={files}
      history={history}
      canEdit={writable(c, record)}
      canRestore={canRestore(c.var.actor, projectId)}
      notice={opts.notice}
      fileErrors={opts.fileErrors}
      lock={lock}
      correction={correction}
      correctsId={corrects?.originalId}
    />,
    opts.status ?? 200,
  );
}

const NOTICES = { created: 'records.created', saved: 'records.saved' } as const;
/** A record page's query: the notice after a redirect. */
export const RECORD_PAGE_QUERY = { notice: z.enum(['created', 'saved']).optional() };

export const recordRoutes = new Hono<AppEnv>();

recordRoutes.route('/', deliverableRoutes);

recordRoutes.get('/p/:id/records', async (c) => {
  const projectId = pid(c);
  const rc = await loadRecordContext(db(c), projectId);
  const ctx = viewCtx(c);
  const totals = await Promise.all(
    RECORD_KINDS.map(
      async (kind) => (await listRecords(db(c), { actor: c.var.actor, projectId, kind, pageSize: 1 })).total,
    ),
  );
  return c.html(
    <RecordsFrame ctx={ctx} projectId={projectId} plan={rc.plan} title={ctx.t('records.title')}>
      <h1>{ctx.t('records.title')}</h1>
      <p>{ctx.t('records.intro')}</p>
      <ul class="record-index">
        {RECORD_KINDS.map((kind, i) => (
          <li>
            <a href={recordsBase(projectId, kind)}>{kindTitle(ctx.lang, kind)}</a>{' '}
            <span class="muted">{ctx.t('records.count', { n: totals[i] ?? 0 })}</span>
          </li>
        ))}
      </ul>
    </RecordsFrame>,
  );
});

recordRoutes.get(`/p/:id/records/${KIND_SEGMENT}`, async (c) => {
  const kind = kindParam(c);
  const projectId = pid(c);
  // Validated first: the form echoes only parameters that passed.
  const { filter, page: pageNo } = listQuery(c);
  const params: ListParams = {};
  for (const name of LIST_PARAMS) {
    const v = c.req.query(name)?.trim();
    if (v) params[name] = v;
  }
  const page = await listRecords(db(c), {
    actor: c.var.actor,
    projectId,
    kind,
    filter,
    page: pageNo ?? 1,
    pageSize: 25,
  });
  const rc = await loadRecordContext(db(c), projectId);
  const props = { ctx: viewCtx(c), rc, kind, page, params, editable: (r: StoredRecord) => writable(c, r) };
  if (c.req.header('hx-request') && c.req.header('hx-target') === 'records-table')
    return c.html(<RecordTable {...props} />);
  const creators = partnersFor(c.var.actor, 'record.create', projectId);
  return c.html(
    <RecordListPage
      {...props}
      plan={rc.plan}
      canCreate={creators === 'all' || creators.length > 0}
      canSeeDeleted={canRestore(c.var.actor, projectId)}
      feedUrl={kind === 'event' ? feedUrlFor(c, c.var.actor, projectId) : undefined}
      alertsTab={can(c.var.actor, 'alerts.read', { projectId })}
    />,
  );
});

recordRoutes.get(`/p/:id/records/${KIND_SEGMENT}/new`, async (c) => {
  const kind = kindParam(c);
  const partners = partnersFor(c.var.actor, 'record.create', pid(c));
  if (partners !== 'all' && partners.length === 0)
    throw denied({
      anonymous: c.var.actor.kind === 'anonymous',
      message: 'You may not add records to this project',
    });
  const today = c.var.clock.today();
  return renderForm(c, kind, {
    values: (rc) =>
      newRecordForm(kind, {
        partner: partners === 'all' ? undefined : partners[0],
        today,
        period: {
          start: rc.plan.project.start_date,
          end: projectEnd(rc.plan.project.start_date, rc.plan.project.duration_months),
        },
      }),
  });
});

recordRoutes.post(`/p/:id/records/${KIND_SEGMENT}`, async (c) => {
  const kind = kindParam(c);
  const values = await formValues(c);
  const { input, errors } = formToInput(kind, values);
  try {
    const r = await createRecord(db(c), {
      actor: c.var.actor,
      projectId: pid(c),
      kind,
      input,
      source: 'form',
      clock: c.var.clock,
    });
    return c.redirect(`${recordHref(pid(c), kind, r.id)}?notice=created`, 303);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation') throw e;
    const details = mergeDetails(errors, e.details);
    return renderForm(c, kind, {
      values,
      details,
      message: c.var.t('records.error.validation'),
      status: 422,
    });
  }
});

recordRoutes.get(`/p/:id/records/${KIND_SEGMENT}/:recordId`, async (c) => {
  const { notice } = parseQuery(c, RECORD_PAGE_QUERY);
  return renderRecord(c, kindParam(c), { notice: notice ? c.var.t(NOTICES[notice]) : undefined });
});

recordRoutes.get(`/p/:id/records/${KIND_SEGMENT}/:recordId/edit`, async (c) => {
  const kind = kindParam(c);
  const record = await getRecord(db(c), {
    actor: c.var.actor,
    projectId: pid(c),
    kind,
    id: c.req.param('recordId'),
  });
  if (!writable(c, record)) throw forbidden('This record is led by another partner');
  // A record a submitted report locked is corrected, never edited in place (src/reports/correct-routes.tsx).
  if (await lockOf(db(c), kind, record.id))
    return c.redirect(`${recordHref(pid(c), kind, record.id)}/correct`, 303);
  return renderForm(c, kind, { values: recordToForm(kind, record), record, version: record.version });
});

recordRoutes.post(`/p/:id/records/${KIND_SEGMENT}/:recordId`, async (c) => {
  const kind = kindParam(c);
  const id = c.req.param('recordId');
  const values = await formValues(c);
  const version = Number(values.version);
  const { input, errors } = formToInput(kind, values);
  try {
    await updateRecord(db(c), {
      actor: c.var.actor,
      projectId: pid(c),
      kind,
      id,
      version,
      input,
      mode: 'replace',
      clock: c.var.clock,
    });
    return c.redirect(`${recordHref(pid(c), kind, id)}?notice=saved`, 303);
  } catch (e) {
    if (!isAppError(e) || (e.code !== 'validation' && e.code !== 'conflict')) throw e;
    const record = await getRecord(db(c), { actor: c.var.actor, projectId: pid(c), kind, id });
    if (e.code === 'conflict')
      return renderForm(c, kind, {
        values,
        record,
        version: record.version,
        message: c.var.t('records.error.conflict', { current: record.version }),
        status: 409,
      });
    const details = mergeDetails(errors, e.details);
    return renderForm(c, kind, {
      values,
      details,
      record,
      version,
      message: c.var.t('records.error.validation'),
      status: 422,
    });
  }
});

recordRoutes.get(`/p/:id/records/${KIND_SEGMENT}/:recordId/delete`, async (c) => {
  const kind = kindParam(c);
  const record = await getRecord(db(c), {
    actor: c.var.actor,
    projectId: pid(c),
    kind,
    id: c.req.param('recordId'),
  });
  if (!writable(c, record, 'record.delete')) throw forbidden('This record is led by another partner');
  const rc = await loadRecordContext(db(c), pid(c));
  return c.html(<DeleteConfirmPage ctx={viewCtx(c)} rc={rc} kind={kind} record={record} />);
});

recordRoutes.post(`/p/:id/records/${KIND_SEGMENT}/:recordId/delete`, async (c) => {
  const kind = kindParam(c);
  const values = await formValues(c);
  const version = values.version ? Number(values.version) : undefined;
  await deleteRecord(db(c), {
    actor: c.var.actor,
    projectId: pid(c),
    kind,
    id: c.req.param('recordId'),
    version,
  });
  return c.redirect(recordsBase(pid(c), kind), 303);
});

recordRoutes.post(`/p/:id/records/${KIND_SEGMENT}/:recordId/restore`, async (c) => {
  const kind = kindParam(c);
  const r = await restoreRecord(db(c), {
    actor: c.var.actor,
    projectId: pid(c),
    kind,
    id: c.req.param('recordId'),
  });
  return c.redirect(recordHref(pid(c), kind, r.id), 303);
});

const FILE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'file_empty',
  'file_too_large',
  'file_type',
  'file_mismatch',
  'bad_request',
]);

recordRoutes.post(`/p/:id/records/${KIND_SEGMENT}/:recordId/files`, async (c) => {
  const kind = kindParam(c);
  try {
    await uploadFrom(c, kind);
  } catch (e) {
    if (!isAppError(e) || !FILE_CODES.has(e.code)) throw e;
    const status = e.status === 413 || e.status === 415 || e.status === 422 ? e.status : 400;
    const details = e.messageKey.startsWith('records.')
      ? [{ path: 'file', message: e.messageKey }]
      : e.details;
    return renderRecord(c, kind, { fileErrors: details, status });
  }
  return c.redirect(`${recordHref(pid(c), kind, c.req.param('recordId'))}#files`, 303);
});
