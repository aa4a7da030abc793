/**
 * A project with something in every table a backup holds (src/backup/tables.ts): plan, accounts (one with a password
 * and admin rights, one timestamp with microseconds), records of several kinds with history (updated, deleted), an
 * evidence file, a news post with its image, a social post with its image, a partner's period sign-off, a dismissed inconsistency alert, a submitted report (year closed, figures frozen, records locked, signed manifest), signed audit
 * heads. Everything through the use cases, in-process, on a database of test/db.ts (what the CLI commands call:
 * src/cli/report-submit.ts, src/cli/audit.ts), so no data folder is opened per step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { signMovedHeads } from '../src/audit/signed-heads';
import { systemActor } from '../src/auth/permissions';
import { exportBackup, type ExportResult } from '../src/backup/export';
import { restoreBackup, type RestoreResult } from '../src/backup/restore';
import type { Database, Db } from '../src/db/client';
import { fixedClock } from '../src/lib/clock';
import { importPlan } from '../src/projects/service';
import { findAlerts, dismissAlert } from '../src/records/consistency';
import { checkConsistency } from '../src/records/consistency-jobs';
import { uploadEvidence } from '../src/records/files';
import { createRecord, deleteRecord, updateRecord } from '../src/records/service';
import { submitReport } from '../src/reports/submit';
import { createNews } from '../src/site/news/service';
import { createPost } from '../src/social/service';
import { signOffPeriod } from '../src/signoff/service';
import { loadInstanceKey } from '../src/signing';
import { makeUser } from './auth-helpers';
import { tinyPng } from './records';
import { makePlan } from './factories/plan';
import { activityInput, metricInput, publicationInput } from './factories/records';

export const SEED_PROJECT = 'tide-x';

const actor = systemActor('cli:test');

/** One instance: its database, its evidence folder and its signing key file (each instance has its own key). */
export interface Instance {
  database: Database;
  db: Db;
  filesDir: string;
  keyFile: string;
}

/** An instance on `database` (from test/db.ts), with a new folder for its files and key. */
export function instanceOn(database: Database): Instance {
  const dir = mkdtempSync(join(tmpdir(), 'herald-backup-inst-'));
  return { database, db: database.db, filesDir: join(dir, 'data', 'files'), keyFile: join(dir, 'key.pem') };
}

/** The environment the CLI reads for an instance: its database (DATABASE_URL or a data folder) and its key. */
export function instanceEnv(base: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-backup-inst-'));
  return {
    HERALD_DATA_DIR: base.HERALD_DATA_DIR ?? join(dir, 'data'),
    HERALD_KEY_FILE: join(dir, 'key.pem'),
    ...(base.DATABASE_URL ? { DATABASE_URL: base.DATABASE_URL } : {}),
  };
}

/** `herald export --project tide-x --format backup --out FILE`, in-process. */
export const exportTo = (i: Instance, out: string): Promise<ExportResult> =>
  exportBackup(i.db, { actor, projectId: SEED_PROJECT, out, filesDir: i.filesDir });

/** `herald restore FILE [--replace]`, in-process. */
export const restoreFrom = (i: Instance, file: string, replace = false): Promise<RestoreResult> =>
  restoreBackup(i.db, { actor, file, replace, filesDir: i.filesDir });

export async function seedBackupProject(i: Instance): Promise<void> {
  const clock = fixedClock('2025-02-03T10:00:00Z');
  const projectId = SEED_PROJECT;
  const db = i.db;
  const plan = makePlan({
    channels: [{ id: 'x', kind: 'twitter', url: 'https://x.com/TideX', label: 'X', responsible: ['UNIA'] }],
  });
  await importPlan(db, { plan, sourceText: JSON.stringify(plan), sourceName: 't.yaml', actor: 'cli:test' });
  const coordinator = await makeUser(db, {
    email: 'coord@example.org',
    password: 'correct horse battery staple',
    isAdmin: true,
    role: 'coordinator',
  });
  await makeUser(db, { email: 'editor@example.org', role: 'editor', partnerCode: 'UNIA' });
  await db.execute(
    sql`update users set created_at = '2024-05-06 07:08:09.123456+02' where id = ${coordinator.id}`,
  );
  const a = await createRecord(db, {
    actor,
    projectId,
    kind: 'activity',
    input: activityInput({ outcome: 'Covered by two newspapers' }),
    clock,
  });
  await createRecord(db, {
    actor,
    projectId,
    kind: 'publication',
    input: publicationInput({
      repository_url: 'https://zenodo.org/records/1',
      licence: 'CC-BY-4.0',
    }),
    clock,
  });
  await createRecord(db, { actor, projectId, kind: 'metric', input: metricInput(), clock });
  // A running total that went down: an inconsistency alert, seen by the daily check and dismissed with a reason.
  await createRecord(db, {
    actor,
    projectId,
    kind: 'metric',
    input: metricInput({ date: '2024-07-31', value: 1500 }),
    clock,
  });
  await checkConsistency(db, {
    actor,
    projectId,
    clock,
    baseUrl: 'https://herald.example.org',
    keyFile: i.keyFile,
  });
  const [alert] = await findAlerts(db, { projectId, today: clock.today() });
  if (!alert) throw new Error('no inconsistency alert');
  await dismissAlert(db, { actor, projectId, fingerprint: alert.fingerprint, reason: 'A recount', clock });
  const gone = await createRecord(db, {
    actor,
    projectId,
    kind: 'activity',
    input: activityInput({ title: 'Withdrawn talk', status: 'Ongoing', outcome: 'none' }),
    clock,
  });
  await updateRecord(db, {
    actor,
    projectId,
    kind: 'activity',
    id: gone.id,
    version: gone.version,
    input: { description: 'Changed once' },
    mode: 'merge',
    clock,
  });
  await deleteRecord(db, { actor, projectId, kind: 'activity', id: gone.id });
  await uploadEvidence(db, {
    actor,
    projectId,
    kind: 'activity',
    recordId: a.id,
    fileName: 'press.pdf',
    bytes: new TextEncoder().encode('%PDF-1.4\n% evidence\n%%EOF\n'),
    dir: i.filesDir,
  });
  // Partner UNIA's answer for period 1 (src/signoff): something is still missing.
  await signOffPeriod(db, {
    actor,
    projectId,
    input: { period: 1, partner: 'UNIA', state: 'incomplete', missing: 'One talk in May', version: 0 },
    clock,
  });
  // A news post of the public site, with its image (stored in the site's own folder).
  await createNews(db, {
    actor,
    projectId,
    input: {
      slug: 'launch',
      title_en: 'Launch',
      summary_en: 'We started.',
      body_en: 'We **started**.',
      publish_on: '2024-02-01',
      image_alt_en: 'A blue square',
    },
    image: { bytes: tinyPng(6) },
    filesDir: i.filesDir,
    clock,
  });
  // A social post planned with its image (the news images' folder).
  await createPost(db, {
    actor,
    projectId,
    input: {
      channel: 'x',
      planned_at: '2024-03-05T07:30',
      text: 'Launch #TideX',
      image_alt: 'A green square',
    },
    image: { bytes: tinyPng(7, [20, 160, 60]) },
    filesDir: i.filesDir,
    clock,
  });
  // `herald report submit --project tide-x --year 1 --format html --accept-warnings`, then `herald audit sign`.
  await submitReport(db, {
    actor,
    projectId,
    year: 1,
    lang: 'en',
    clock,
    keyFile: i.keyFile,
    acceptWarnings: true,
    formats: ['html'],
  });
  const key = await loadInstanceKey(db, { keyFile: i.keyFile });
  const signed = await signMovedHeads(db, { key, now: () => clock.now() });
  const refused = signed.filter((o) => o.status === 'refused');
  if (signed.length === 0 || refused.length > 0) throw new Error(`audit sign: ${JSON.stringify(signed)}`);
}
