/**
 * A project with something in every table a backup holds (src/backup/tables.ts): plan, accounts (one with a password
 * and admin rights, one timestamp with microseconds), records of several kinds with history (updated, deleted), an
 * evidence file, a news post with its image, a submitted report (year closed, figures frozen, records locked, signed manifest), signed audit
 * heads. Services write what they can; the CLI submits and signs (PGlite: the database is closed in between).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { systemActor } from '../src/auth/permissions';
import { openDatabase, type Database } from '../src/db/client';
import { fixedClock } from '../src/lib/clock';
import { importPlan } from '../src/projects/service';
import { uploadEvidence } from '../src/records/files';
import { createRecord, deleteRecord, updateRecord } from '../src/records/service';
import { createNews } from '../src/site/news/service';
import { makeUser } from './auth-helpers';
import { tinyPng } from './records';
import { runCli } from './cli';
import { makePlan } from './factories/plan';
import { activityInput, metricInput, publicationInput } from './factories/records';

export const SEED_PROJECT = 'tide-x';

/** The environment of one instance: its database, its data folder (evidence files) and its signing key. */
export function instanceEnv(base: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-backup-inst-'));
  return {
    HERALD_DATA_DIR: base.HERALD_DATA_DIR ?? join(dir, 'data'),
    HERALD_KEY_FILE: join(dir, 'key.pem'),
    ...(base.DATABASE_URL ? { DATABASE_URL: base.DATABASE_URL } : {}),
  };
}

export const filesDirOf = (env: Record<string, string>): string => join(env.HERALD_DATA_DIR ?? '', 'files');

export async function withEnvDb<T>(env: Record<string, string>, fn: (d: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function seedBackupProject(env: Record<string, string>): Promise<void> {
  const actor = systemActor('cli:test');
  const clock = fixedClock('2025-02-03T10:00:00Z');
  const projectId = SEED_PROJECT;
  await withEnvDb(env, async (database) => {
    await database.migrate();
    const db = database.db;
    const plan = makePlan();
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
      dir: filesDirOf(env),
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
      filesDir: filesDirOf(env),
      clock,
    });
  });
  const submitted = await runCli(
    ['report', 'submit', '--project', projectId, '--year', '1', '--format', 'html', '--accept-warnings'],
    env,
  );
  if (submitted.code !== 0) throw new Error(`report submit: ${submitted.stderr}`);
  const signed = await runCli(['audit', 'sign'], env);
  if (signed.code !== 0) throw new Error(`audit sign: ${signed.stderr}`);
}
