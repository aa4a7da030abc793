/**
 * Backup and restore through the CLI on the engine of the run: backup → restore into an empty database → backup is
 * byte for byte the same; the audit chain (with --records) and a submitted report still verify on the restored
 * instance (another signing key); a new record and a new membership work (sequences); a second restore is refused
 * with nothing written, `--replace` replaces (audited); accounts come back without password or admin rights, or map
 * onto an existing account with the same e-mail.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { filesDirOf, instanceEnv, seedBackupProject, SEED_PROJECT, withEnvDb } from '../../test/backup-seed';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { activityInput } from '../../test/factories/records';
import { makeUser } from '../../test/auth-helpers';
import { tinyPng } from '../../test/records';
import { systemActor } from '../auth/permissions';
import { auditEntries, memberships, newsPosts, reportFiles, users } from '../db/schema';
import { createRecord } from '../records/service';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const cleanups: (() => Promise<void>)[] = [];
async function newInstance(): Promise<Record<string, string>> {
  const { env, cleanup } = await createTestDatabaseEnv();
  cleanups.push(cleanup);
  return instanceEnv(env);
}

const dir = mkdtempSync(join(tmpdir(), 'herald-backup-test-'));
const fileA = join(dir, 'a.tar');
let source: Record<string, string>;
let target: Record<string, string>;

const exportTo = (env: Record<string, string>, out: string) =>
  runCli(['export', '--project', SEED_PROJECT, '--format', 'backup', '--out', out], env);

beforeAll(async () => {
  source = await newInstance();
  target = await newInstance();
  await seedBackupProject(source);
  const r = await exportTo(source, fileA);
  expect(r.stderr).not.toContain('herald:');
  expect(r.code).toBe(0);
});
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('herald export --format backup / herald restore', () => {
  it('restores into an empty database, and the next backup has the same bytes', async () => {
    const r = await runCli(['restore', fileA], target);
    expect(r.stderr).not.toContain('herald:');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(
      // Files: the evidence file, the submitted report's HTML, the news post's image.
      /^project tide-x restored: \d+ rows, 3 files; accounts: 2 created without a password/m,
    );
    const fileB = join(dir, 'b.tar');
    expect((await exportTo(target, fileB)).code).toBe(0);
    expect(readFileSync(fileB).equals(readFileSync(fileA))).toBe(true);
  });

  it('holds rows of every kind the seed wrote, the manifest first with the table list', async () => {
    const archive = readFileSync(fileA);
    expect(archive.subarray(0, 13).toString()).toBe('manifest.json');
    const size = parseInt(archive.subarray(124, 135).toString(), 8);
    const manifest = JSON.parse(archive.subarray(512, 512 + size).toString()) as {
      format: string;
      version: number;
      project: string;
      tables: { name: string; rows: number }[];
    };
    expect(manifest).toMatchObject({ format: 'herald-backup', version: 1, project: SEED_PROJECT });
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    for (const t of [
      'projects',
      'plan_versions',
      'partners',
      'kpis',
      'users',
      'memberships',
      'activities',
      'publications',
      'metric_snapshots',
      'evidence_files',
      'kpi_snapshots',
      'year_closures',
      'reports',
      'report_files',
      'report_locks',
      'news_posts',
      'instance_keys',
      'audit_entries',
      'audit_heads',
      'audit_signed_heads',
    ])
      expect(rows[t], t).toBeGreaterThan(0);
    expect(rows.users).toBe(2);
    expect(rows.activities).toBe(2);
  });

  it('keeps timestamps to the microsecond, leaves passwords and admin rights out, and holds the files', async () => {
    await withEnvDb(target, async ({ db }) => {
      const rows = await db
        .select({ email: users.email, hash: users.passwordHash, admin: users.isAdmin })
        .from(users)
        .orderBy(users.email);
      expect(rows).toEqual([
        { email: 'coord@example.org', hash: null, admin: false },
        { email: 'editor@example.org', hash: null, admin: false },
      ]);
      const t = await db.execute(
        sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as t from users where email = 'coord@example.org'`,
      );
      expect(JSON.stringify(t)).toContain('2024-05-06 05:08:09.123456');
    });
    const archive = readFileSync(fileA);
    expect(archive.includes(Buffer.from('"password_hash"'))).toBe(false);
    expect(archive.includes(Buffer.from('"created_at":"2024-05-06T05:08:09.123456Z"'))).toBe(true);
    expect(archive.includes(Buffer.from('%PDF-1.4\n% evidence\n'))).toBe(true);
    const sha = (await withEnvDb(source, ({ db }) =>
      db.execute(sql`select sha256 from evidence_files`),
    )) as unknown;
    const evidenceSha = /[0-9a-f]{64}/.exec(JSON.stringify(sha))?.[0] ?? '';
    expect(existsSync(join(filesDirOf(target), evidenceSha))).toBe(true);
    // The news post's image, back in the site's folder with the same bytes.
    const [post] = await withEnvDb(target, ({ db }) => db.select().from(newsPosts));
    expect(post?.imageSha256).toMatch(/^[0-9a-f]{64}$/);
    const image = join(filesDirOf(target), 'site', post?.imageSha256 ?? '');
    expect(readFileSync(image)).toEqual(tinyPng(6));
  });

  it('the audit chain with its records and signed heads, and the submitted report, verify after the restore', async () => {
    const audit = await runCli(['audit', 'verify', '--records'], target);
    expect(audit.stdout).not.toMatch(/FAIL|broken|altered/i);
    expect(audit.code).toBe(0);
    const html = await withEnvDb(target, ({ db }) =>
      db.select({ content: reportFiles.content }).from(reportFiles).where(eq(reportFiles.format, 'html')),
    );
    expect(html).toHaveLength(1);
    const file = join(dir, 'report.html');
    writeFileSync(file, html[0]?.content ?? new Uint8Array());
    const v = await runCli(['verify', file], target);
    expect(v.stdout).toContain('verified\n');
    expect(v.stdout).not.toContain('NOT verified');
    expect(v.code).toBe(0);
  });

  it('refuses a second restore of the project, writing nothing', async () => {
    const count = () =>
      withEnvDb(target, ({ db }) => db.$count(auditEntries, eq(auditEntries.chain, 'instance')));
    const before = await count();
    const r = await runCli(['restore', fileA], target);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'herald: the project tide-x already exists here: nothing was restored (give --replace',
    );
    expect(await count()).toBe(before);
  });

  it('goes on after a restore (a new record, a new member) and --replace puts the backup back, audited', async () => {
    await withEnvDb(target, async ({ db }) => {
      await createRecord(db, {
        actor: systemActor('cli:test'),
        projectId: SEED_PROJECT,
        kind: 'activity',
        input: activityInput({ title: 'After the restore', status: 'Ongoing' }),
      });
      await makeUser(db, { email: 'late@example.org', role: 'viewer', projectId: SEED_PROJECT });
    });
    const r = await runCli(['restore', fileA, '--replace'], target);
    expect(r.stderr).not.toContain('herald:');
    expect(r.stdout).toMatch(/^project tide-x replaced: /m);
    const fileC = join(dir, 'c.tar');
    expect((await exportTo(target, fileC)).code).toBe(0);
    expect(readFileSync(fileC).equals(readFileSync(fileA))).toBe(true);
    const restores = await withEnvDb(target, ({ db }) =>
      db
        .select({ action: auditEntries.action, after: auditEntries.after })
        .from(auditEntries)
        .where(eq(auditEntries.action, 'project.restore'))
        .orderBy(auditEntries.seq),
    );
    expect(restores.map((e) => (e.after as { replaced: boolean }).replaced)).toEqual([false, true]);
    expect((await runCli(['audit', 'verify', '--records'], target)).code).toBe(0);
  });

  it('maps an account onto an existing one with the same e-mail', async () => {
    const third = await newInstance();
    const existing = await withEnvDb(third, async (database) => {
      await database.migrate();
      return makeUser(database.db, { email: 'editor@example.org', password: 'kept password 123' });
    });
    const r = await runCli(['restore', fileA], third);
    expect(r.stdout).toContain('accounts: 1 created without a password, 1 matched to existing ones');
    await withEnvDb(third, async ({ db }) => {
      const [m] = await db
        .select({ userId: memberships.userId, role: memberships.role })
        .from(memberships)
        .where(eq(memberships.role, 'editor'));
      expect(m?.userId).toBe(existing.id);
      const [u] = await db.select().from(users).where(eq(users.id, existing.id));
      expect(u?.passwordHash).toMatch(/^\$argon2id\$/);
    });
  });
});
