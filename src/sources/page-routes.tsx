/**
 * `/p/:id/sources` (`sources.manage`: coordinators): each source's settings, credential (write-only), switch, runs;
 * the failing sources; the result of the run just made (`?run=`). The GET only reads. The POSTs:
 * `/p/:id/sources/:source` saves the settings (422 with the fields' problems, 409 on a stale form; the credential
 * typed is never sent back), `…/enabled` turns it on or off, `…/delete` removes the configuration, `…/run` runs it
 * now (`dry_run=1`: a preview) and shows the run's result.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { keyFileOf, loadConfig } from '../config';
import { isAppError, type AppError } from '../errors';
import { hasKey, type MessageKey } from '../i18n';
import { loadRecordContext } from '../records/context';
import { db, formValues, pid, type C } from '../records/route-helpers';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { failingSources } from './alerts';
import { deleteSourceConfig, readSourceConfigs, saveSourceConfig, setSourceEnabled } from './config-service';
import { sourceDescriptors } from './registry';
import { projectRun, runSource } from './run-service';
import { listRuns } from './runs';
import { SOURCE_IDS } from './types';
import { SourcesPageView, type FailedForm, type SourcesPageData } from './views/sources-page';

export const sourcesPageRoutes = new Hono<AppEnv>();

/** `?run=` the run to show, `?saved=` / `?removed=` the source a notice names. */
export const SOURCES_QUERY = {
  run: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  saved: z.enum(SOURCE_IDS).optional(),
  removed: z.enum(SOURCE_IDS).optional(),
};
export const SOURCE_PARAMS = { source: z.enum(SOURCE_IDS) };

/** Runs shown per source. */
const RUNS_SHOWN = 5;

const keyFile = (c: C): string => c.var.deps.keyFile ?? keyFileOf(loadConfig());
const page = (projectId: string, query = '') => `/p/${encodeURIComponent(projectId)}/sources${query}`;

async function pageData(c: C, runId?: number): Promise<SourcesPageData> {
  const projectId = pid(c);
  const configs = await readSourceConfigs(db(c), { actor: c.var.actor, projectId });
  const descriptors = sourceDescriptors();
  const runs = new Map<string, Awaited<ReturnType<typeof listRuns>>>();
  for (const d of descriptors)
    runs.set(d.id, await listRuns(db(c), { projectId, source: d.id, limit: RUNS_SHOWN }));
  const result = runId ? await projectRun(db(c), projectId, runId) : undefined;
  return {
    descriptors,
    configs,
    runs,
    failing: await failingSources(db(c), projectId),
    ...(result ? { result } : {}),
  };
}

async function render(c: C, o: { failed?: FailedForm; runId?: number; notice?: string } = {}) {
  const projectId = pid(c);
  const data = await pageData(c, o.runId);
  const { plan } = await loadRecordContext(db(c), projectId);
  return (
    <SourcesPageView
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      data={data}
      notice={o.notice}
      failed={o.failed}
    />
  );
}

const sourceName = (c: C, source: string) => c.var.t(`sources.name.${source}` as never);

sourcesPageRoutes.get('/p/:id/sources', async (c) => {
  const q = parseQuery(c, SOURCES_QUERY);
  const notice = q.saved
    ? c.var.t('sources.page.saved', { source: sourceName(c, q.saved) })
    : q.removed
      ? c.var.t('sources.page.removed', { source: sourceName(c, q.removed) })
      : undefined;
  return c.html(await render(c, { ...(q.run ? { runId: q.run } : {}), ...(notice ? { notice } : {}) }));
});

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
const versionOf = (v: unknown): number | undefined =>
  /^\d{1,9}$/.test(text(v)) ? Number(text(v)) : undefined;

/** A refused form re-rendered with its status: 422 problems beside their fields, 409 a whole-form message. */
async function refused(c: C, source: string, e: AppError, values: Record<string, unknown>) {
  const message =
    e.code === 'validation'
      ? undefined
      : hasKey(e.messageKey)
        ? c.var.t(e.messageKey as MessageKey, e.params)
        : e.message;
  const failed: FailedForm = { source, details: e.details, values, ...(message ? { message } : {}) };
  return c.html(await render(c, { failed }), e.status as 409 | 422);
}

const REFUSED = new Set(['validation', 'conflict', 'source_not_configured', 'source_disabled']);

sourcesPageRoutes.post('/p/:id/sources/:source', async (c) => {
  const projectId = pid(c);
  const { source } = parseParams(c, SOURCE_PARAMS);
  const form = await formValues(c);
  const d = sourceDescriptors().find((x) => x.id === source);
  const settings: Record<string, unknown> = {};
  for (const f of d?.fields ?? []) if (form[f.name] !== undefined) settings[f.name] = text(form[f.name]);
  const enabled = text(form.enabled) === '1';
  const version = versionOf(form.version);
  try {
    await saveSourceConfig(db(c), {
      actor: c.var.actor,
      projectId,
      source,
      input: {
        settings,
        secret: text(form.secret),
        clearSecret: text(form.clear_secret) === '1',
        enabled,
        ...(version !== undefined ? { version } : {}),
      },
      clock: c.var.clock,
      keyFile: keyFile(c),
    });
  } catch (e) {
    // The credential typed is never sent back: the values re-shown are the settings and the switch only.
    if (isAppError(e) && REFUSED.has(e.code)) return refused(c, source, e, { ...settings, enabled });
    throw e;
  }
  return c.redirect(page(projectId, `?saved=${source}#source-${source}`), 303);
});

sourcesPageRoutes.post('/p/:id/sources/:source/enabled', async (c) => {
  const projectId = pid(c);
  const { source } = parseParams(c, SOURCE_PARAMS);
  const form = await formValues(c);
  try {
    await setSourceEnabled(db(c), {
      actor: c.var.actor,
      projectId,
      source,
      enabled: text(form.enabled) === '1',
      version: versionOf(form.version) ?? 0,
      clock: c.var.clock,
    });
  } catch (e) {
    if (isAppError(e) && REFUSED.has(e.code)) return refused(c, source, e, {});
    throw e;
  }
  return c.redirect(page(projectId, `#source-${source}`), 303);
});

sourcesPageRoutes.post('/p/:id/sources/:source/delete', async (c) => {
  const projectId = pid(c);
  const { source } = parseParams(c, SOURCE_PARAMS);
  const form = await formValues(c);
  try {
    await deleteSourceConfig(db(c), {
      actor: c.var.actor,
      projectId,
      source,
      version: versionOf(form.version) ?? 0,
      clock: c.var.clock,
    });
  } catch (e) {
    if (isAppError(e) && REFUSED.has(e.code)) return refused(c, source, e, {});
    throw e;
  }
  return c.redirect(page(projectId, `?removed=${source}`), 303);
});

sourcesPageRoutes.post('/p/:id/sources/:source/run', async (c) => {
  const projectId = pid(c);
  const { source } = parseParams(c, SOURCE_PARAMS);
  const form = await formValues(c);
  let runId: number;
  try {
    const { run } = await runSource(db(c), {
      projectId,
      source,
      trigger: 'manual',
      dryRun: text(form.dry_run) === '1',
      actor: c.var.actor,
      clock: c.var.clock,
      keyFile: keyFile(c),
      log: c.var.deps.log,
      ...(c.var.deps.sources ? { deps: c.var.deps.sources } : {}),
    });
    runId = run.id;
  } catch (e) {
    if (isAppError(e) && REFUSED.has(e.code)) return refused(c, source, e, {});
    throw e;
  }
  return c.redirect(page(projectId, `?run=${runId}#result`), 303);
});
