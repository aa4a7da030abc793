/**
 * Backup and restore on the engine of the run, through the use cases the CLI calls (the commands themselves, exit
 * codes and messages: src/backup/cross-engine.pg.test.ts): backup → restore into an empty database → backup is byte
 * for byte the same; the audit chain (with its records) and a submitted report still verify on the restored instance
 * (another signing key); a new record and a new membership work (sequences); a second restore is refused with nothing
 * written, `replace` replaces (audited); accounts come back without password or admin rights, or map onto an existing
 * account with the same e-mail.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  exportTo,
  instanceOn,
  restoreFrom,
  seedBackupProject,
  SEED_PROJECT,
  type Instance,
} from '../../test/backup-seed';
import { createTestDatabase } from '../../test/db';
import { activityInput } from '../../test/factories/records';
import { makeUser } from '../../test/auth-helpers';
import { tinyPng } from '../../test/records';
import { runAuditVerify } from '../cli/audit';
import { systemActor } from '../auth/permissions';
import type { Database, Db } from '../db/client';
import { auditEntries, memberships, newsPosts, reportFiles, socialPosts, users } from '../db/schema';
import { createRecord } from '../records/service';
import { sha256Hex } from '../reports/manifest';
import { changedRecords, manifestByFileSha, verifyOffline } from '../reports/verify';

const open: Database[] = [];
async function newInstance(): Promise<Instance> {
  const database = await createTestDatabase();
  open.push(database);
  return instanceOn(database);
}
/** An instance done with: its database goes back to the pool for the next one (PGlite: no new load). */
async function done(i: Instance): Promise<void> {
  open.splice(open.indexOf(i.database), 1);
  await i.database.close();
}

const dir = mkdtempSync(join(tmpdir(), 'herald-backup-test-'));
const fileA = join(dir, 'a.tar');
let target: Instance;
let evidenceSha = '';

/** `herald audit verify --records`: its exit code and what it printed. */
async function auditVerify(db: Db): Promise<{ code: number; out: string }> {
  let out = '';
  const write = (l: string) => void (out += `${l}\n`);
  const code = await runAuditVerify(db, { records: true }, { out: write, err: write });
  return { code, out };
}

beforeAll(async () => {
  const source = await newInstance();
  await seedBackupProject(source);
  await exportTo(source, fileA);
  const sha = await source.db.execute(sql`select sha256 from evidence_files`);
  evidenceSha = /[0-9a-f]{64}/.exec(JSON.stringify(sha))?.[0] ?? '';
  await done(source);
  target = await newInstance();
});
afterAll(async () => {
  for (const d of open) await d.close();
});

describe('backup export / restore', () => {
  it('restores into an empty database, and the next backup has the same bytes', async () => {
    const r = await restoreFrom(target, fileA);
    expect(r).toMatchObject({
      project: 'tide-x',
      replaced: false,
      // The evidence file, the submitted report's HTML, the news post's and the social post's images.
      files: 4,
      usersCreated: 2,
      usersMatched: 0,
    });
    expect(r.rows).toBeGreaterThan(0);
    const fileB = join(dir, 'b.tar');
    await exportTo(target, fileB);
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
      'period_signoffs',
      'reports',
      'report_files',
      'report_locks',
      'social_posts',
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
    const db = target.db;
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
    const archive = readFileSync(fileA);
    expect(archive.includes(Buffer.from('"password_hash"'))).toBe(false);
    expect(archive.includes(Buffer.from('"created_at":"2024-05-06T05:08:09.123456Z"'))).toBe(true);
    expect(archive.includes(Buffer.from('%PDF-1.4\n% evidence\n'))).toBe(true);
    expect(evidenceSha).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(target.filesDir, evidenceSha))).toBe(true);
    // The news post's image, back in the site's folder with the same bytes.
    const [post] = await target.db.select().from(newsPosts);
    expect(post?.imageSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(target.filesDir, 'site', post?.imageSha256 ?? ''))).toEqual(tinyPng(6));
    const [social] = await target.db.select().from(socialPosts);
    expect(readFileSync(join(target.filesDir, 'site', social?.imageSha256 ?? ''))).toEqual(
      tinyPng(7, [20, 160, 60]),
    );
  });

  it('the audit chain with its records and signed heads, and the submitted report, verify after the restore', async () => {
    const audit = await auditVerify(target.db);
    expect(audit.out).not.toMatch(/FAIL|broken|altered/i);
    expect(audit.code).toBe(0);
    const html = await target.db
      .select({ content: reportFiles.content })
      .from(reportFiles)
      .where(eq(reportFiles.format, 'html'));
    expect(html).toHaveLength(1);
    // `herald verify report.html` with the database at hand: the manifest found by the file's sha256.
    const bytes = new Uint8Array(html[0]?.content ?? new Uint8Array());
    const manifest = await manifestByFileSha(target.db, sha256Hex(bytes));
    if (!manifest) throw new Error('no manifest holds the submitted file');
    const check = verifyOffline(bytes, manifest);
    expect(check).toMatchObject({ signature: true, fingerprintMatches: true, rootMatches: true, ok: true });
    expect(check.file?.format).toBe('html');
    expect(await changedRecords(target.db, manifest)).toEqual([]);
  });

  it('refuses a second restore of the project, writing nothing', async () => {
    const count = () => target.db.$count(auditEntries, eq(auditEntries.chain, 'instance'));
    const before = await count();
    await expect(restoreFrom(target, fileA)).rejects.toMatchObject({
      code: 'backup_project_exists',
      message: expect.stringContaining(
        'the project tide-x already exists here: nothing was restored (give --replace',
      ) as unknown,
    });
    expect(await count()).toBe(before);
  });

  it('goes on after a restore (a new record, a new member) and replace puts the backup back, audited', async () => {
    await createRecord(target.db, {
      actor: systemActor('cli:test'),
      projectId: SEED_PROJECT,
      kind: 'activity',
      input: activityInput({ title: 'After the restore', status: 'Ongoing' }),
    });
    await makeUser(target.db, { email: 'late@example.org', role: 'viewer', projectId: SEED_PROJECT });
    const r = await restoreFrom(target, fileA, true);
    expect(r).toMatchObject({ project: 'tide-x', replaced: true });
    const fileC = join(dir, 'c.tar');
    await exportTo(target, fileC);
    expect(readFileSync(fileC).equals(readFileSync(fileA))).toBe(true);
    const restores = await target.db
      .select({ action: auditEntries.action, after: auditEntries.after })
      .from(auditEntries)
      .where(eq(auditEntries.action, 'project.restore'))
      .orderBy(auditEntries.seq);
    expect(restores.map((e) => (e.after as { replaced: boolean }).replaced)).toEqual([false, true]);
    expect((await auditVerify(target.db)).code).toBe(0);
  });

  it('maps an account onto an existing one with the same e-mail', async () => {
    await done(target);
    const third = await newInstance();
    const existing = await makeUser(third.db, { email: 'editor@example.org', password: 'kept password 123' });
    const r = await restoreFrom(third, fileA);
    expect(r).toMatchObject({ usersCreated: 1, usersMatched: 1 });
    const [m] = await third.db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.role, 'editor'));
    expect(m?.userId).toBe(existing.id);
    const [u] = await third.db.select().from(users).where(eq(users.id, existing.id));
    expect(u?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
