/**
 * One run of a configured source (issue 25 items 3 and 4): by hand (the page's "run now" / "dry run"), from the CLI
 * (`herald fetch`) or on schedule (the `sources.fetch` job). The run is recorded in `source_runs` from its start;
 * the adapter's file goes through the one import path (importFetched): a dry run previews it (nothing written but
 * the run row), a run commits it. Commits by a person (page, CLI) are all-or-nothing like a file import: one invalid
 * row and nothing is imported (the run `failed` with code `rejected`, the rows' problems in the preview); scheduled
 * runs have nobody to fix a row, so they import the valid rows and leave the invalid ones out, counted on the run.
 * OpenAIRE runs through runOpenaireSuggest (the suggested outputs inbox).
 *
 * Nothing a run throws escapes as a secret: a failed credential, stored settings the schema no longer accepts, an
 * adapter's exception, all end the run `failed` with a code and an English message scrubbed of the credential. A
 * `running` row older than STALE_RUN_MS (its process died mid-run; the import itself is all-or-nothing) is marked
 * `failed` / `interrupted` by the source's next run.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Logger } from 'pino';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { sourceRuns } from '../db/schema';
import { AppError, notFound } from '../errors';
import type { ImportReport } from '../importers/report';
import type { Clock } from '../lib/clock';
import { getCurrentPlan } from '../projects/repository';
import { configRow } from './config-repo';
import { CredentialError, openSourceCredential } from './config-service';
import { sourceEnv, type SourceDeps } from './env';
import { scrub } from './http';
import { importFetched } from './import-path';
import { runOpenaireSuggest } from './openaire/suggest';
import type { OpenaireSettings } from './openaire/settings';
import { sourceDescriptor, type AdapterMap } from './registry';
import { beginRun, finishRun, type RunEnd, type RunTrigger, type SourceRunRow } from './runs';
import type { FetchOutcome } from './types';

/** A run still `running` this long after it began belongs to a dead process. */
export const STALE_RUN_MS = 30 * 60 * 1000;

/** Run error codes beside FETCH_STATUSES (each has a label on the sources page). */
export const RUN_ERROR_CODES = ['credential', 'settings', 'rejected', 'interrupted', 'internal'] as const;

export interface RunSourceOptions {
  projectId: string;
  source: string;
  trigger: RunTrigger;
  dryRun: boolean;
  actor: Actor;
  clock: Clock;
  /** The instance key file the credential is sealed under. */
  keyFile: string;
  deps?: SourceDeps;
  /** Tests inject their adapters; default METRIC_ADAPTERS. */
  adapters?: AdapterMap;
  log?: Logger;
}

export interface RunSourceResult {
  run: SourceRunRow;
  /** The import's report (the preview of a dry run, the commit's result), when a file was imported. */
  report?: ImportReport;
  outcome?: FetchOutcome;
}

const refused = (code: 'source_not_configured' | 'source_disabled', source: string): AppError =>
  new AppError({
    code,
    status: 409,
    message:
      code === 'source_disabled'
        ? `The source ${source} is turned off for this project`
        : `The source ${source} is not configured for this project`,
    params: { source },
  });

/** Marks the source's runs left `running` by a dead process as failed. */
export async function markInterrupted(
  db: Db,
  o: { projectId: string; source: string; clock: Clock },
): Promise<number> {
  const now = o.clock.now();
  const gone = await db
    .update(sourceRuns)
    .set({
      status: 'failed',
      finishedAt: now,
      errorCode: 'interrupted',
      message: 'the run was interrupted (its process ended); nothing of it was imported',
    })
    .where(
      and(
        eq(sourceRuns.projectId, o.projectId),
        eq(sourceRuns.source, o.source),
        eq(sourceRuns.status, 'running'),
        lt(sourceRuns.startedAt, new Date(now.getTime() - STALE_RUN_MS)),
      ),
    )
    .returning({ id: sourceRuns.id });
  return gone.length;
}

export async function getRun(db: Db, id: number): Promise<SourceRunRow | undefined> {
  const [row] = await db.select().from(sourceRuns).where(eq(sourceRuns.id, id));
  return row;
}

/** A project's run by id (the page's result), or undefined. */
export async function projectRun(db: Db, projectId: string, id: number): Promise<SourceRunRow | undefined> {
  const [row] = await db
    .select()
    .from(sourceRuns)
    .where(and(eq(sourceRuns.id, id), eq(sourceRuns.projectId, projectId)));
  return row;
}

/** Runs one source for one project; see the module's note. Throws only before the run is recorded. */
export async function runSource(db: Db, o: RunSourceOptions): Promise<RunSourceResult> {
  const { projectId, source, clock } = o;
  authorize(o.actor, 'sources.manage', { projectId });
  const d = sourceDescriptor(source, o.adapters);
  if (!d) throw notFound('source');
  const row = await configRow(db, { projectId, source });
  if (!row && d.kind === 'metric') throw refused('source_not_configured', source);
  if (row && !row.enabled) throw refused('source_disabled', source);
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  await markInterrupted(db, { projectId, source, clock });
  const id = await beginRun(db, {
    projectId,
    source,
    trigger: o.trigger,
    dryRun: o.dryRun,
    actor: actorId(o.actor),
    clock,
  });
  const secrets: string[] = [];
  let report: ImportReport | undefined;
  let outcome: FetchOutcome | undefined;
  let end: RunEnd;
  try {
    const parsed = d.settings.safeParse(row?.settings ?? {});
    const secret = openSourceCredential(row, o.keyFile);
    if (secret) secrets.push(secret);
    if (!parsed.success)
      end = {
        status: 'failed',
        errorCode: 'settings',
        message: `the stored settings are no longer valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
    else if (d.secret === 'required' && !secret)
      end = { status: 'failed', errorCode: 'credential', message: 'no credential is stored for this source' };
    else {
      const env = sourceEnv({ db, clock, ...(o.deps ? { deps: o.deps } : {}) });
      if (d.kind === 'openaire')
        end = await runOpenaireSuggest(db, {
          projectId,
          plan: current.plan,
          settings: parsed.data as OpenaireSettings,
          env,
          actor: o.actor,
          dryRun: o.dryRun,
          clock,
        });
      else {
        const adapter = d.adapter;
        if (!adapter) throw new Error(`no adapter for ${source}`);
        outcome = await adapter.fetch({
          env,
          projectId,
          plan: current.plan,
          settings: parsed.data,
          ...(secret ? { secret } : {}),
          today: clock.today(),
        });
        ({ end, report } = await importOutcome(db, o, outcome));
      }
    }
  } catch (e) {
    const message =
      e instanceof CredentialError
        ? e.message
        : `the run stopped: ${e instanceof Error ? e.message : String(e)}`;
    end = { status: 'failed', errorCode: e instanceof CredentialError ? 'credential' : 'internal', message };
  }
  if (end.message) end = { ...end, message: scrub(end.message, secrets) };
  await finishRun(db, id, { ...end, clock });
  const run = await getRun(db, id);
  if (!run) throw new Error(`source run ${id} vanished`);
  if (run.status !== 'ok')
    o.log?.warn(
      { projectId, source, run: id, status: run.status, code: run.errorCode, message: run.message },
      'source run did not succeed',
    );
  return { run, ...(report ? { report } : {}), ...(outcome ? { outcome } : {}) };
}

/** The outcome's file through the one import path, and how the run ends. */
async function importOutcome(
  db: Db,
  o: RunSourceOptions,
  outcome: FetchOutcome,
): Promise<{ end: RunEnd; report?: ImportReport }> {
  const base: RunEnd = {
    status: outcome.status,
    items: outcome.items.length,
    ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(outcome.retryAt ? { retryAt: outcome.retryAt } : {}),
    details: { items: outcome.items },
  };
  if (!outcome.file) return { end: base };
  const imported = await importFetched(db, {
    actor: o.actor,
    projectId: o.projectId,
    file: outcome.file,
    dryRun: o.dryRun,
    clock: o.clock,
    skipInvalid: o.trigger === 'schedule',
  });
  const r = imported.report;
  const counts = { duplicates: r.duplicates, invalid: r.invalid };
  if (imported.dryRun)
    // A dry run's `imported` is what a run would import (the page says "would import").
    return { end: { ...base, ...counts, imported: r.valid }, report: r };
  const result = imported.report;
  if (result.status === 'rejected') {
    const why =
      result.fileErrors.length > 0
        ? `the fetched file has errors: ${result.fileErrors.map((e) => e.message).join('; ')}`
        : `${result.invalid} invalid rows: nothing imported (a dry run lists them)`;
    return {
      end: { ...base, ...counts, status: 'failed', errorCode: 'rejected', message: why },
      report: result,
    };
  }
  return {
    end: {
      ...base,
      ...counts,
      imported: result.imported,
      ...(result.batchId ? { batchId: result.batchId } : {}),
    },
    report: result,
  };
}
