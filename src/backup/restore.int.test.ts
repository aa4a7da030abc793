/**
 * restoreBackup on bad archives (each refused before anything is written, naming the entry and line) and into a
 * database that already holds another project (serial ids taken: new ids; the sequences go on past them).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { makePlan, planInput } from '../../test/factories/plan';
import { activityInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { activities, partners, planVersions, projects } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';
import { importPlan } from '../projects/service';
import { uploadEvidence } from '../records/files';
import { createRecord } from '../records/service';
import { exportBackup } from './export';
import { tarHeader } from './format';
import { restoreBackup } from './restore';

const actor = systemActor('cli:test');
const planOf = (acronym: string) => {
  const p = planInput();
  return makePlan({ project: { ...p.project, acronym, title: `${acronym} project` } });
};
const dir = mkdtempSync(join(tmpdir(), 'herald-restore-'));
const filesDir = join(dir, 'files');
const good = join(dir, 'good.tar');
let source: Database;
let target: Database;

async function entriesOf(path: string): Promise<{ name: string; bytes: Buffer }[]> {
  const out: { name: string; bytes: Buffer }[] = [];
  const extract = tar.extract();
  Readable.from(readFileSync(path)).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out.push({ name: entry.header.name, bytes: Buffer.concat(chunks) });
  }
  return out;
}

/** The good archive with one entry changed; `fixManifest` recomputes its sha256 and size (and row count). */
async function tampered(
  name: string,
  change: (b: Buffer) => Buffer,
  opts: { fixManifest: boolean; rows?: number; version?: number },
): Promise<string> {
  const entries = await entriesOf(good);
  const manifest = JSON.parse(entries[0]?.bytes.toString() ?? '{}') as {
    version: number;
    tables: { entry: string; sha256: string; bytes: number; rows: number }[];
  };
  if (opts.version !== undefined) manifest.version = opts.version;
  for (const e of entries)
    if (e.name === name) {
      e.bytes = change(e.bytes);
      const t = manifest.tables.find((x) => x.entry === name);
      if (t && opts.fixManifest) {
        t.sha256 = createHash('sha256').update(e.bytes).digest('hex');
        t.bytes = e.bytes.length;
        if (opts.rows !== undefined) t.rows = opts.rows;
      }
    }
  if (entries[0]) entries[0].bytes = Buffer.from(`${canonicalJson(manifest)}\n`);
  const pack = tar.pack();
  for (const e of entries) pack.entry(tarHeader(e.name, e.bytes.length), e.bytes);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  const path = join(dir, `bad-${Math.random().toString(36).slice(2)}.tar`);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

const restore = (file: string, replace = false) =>
  restoreBackup(target.db, { actor, file, filesDir, replace });

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  const plan = makePlan();
  await importPlan(source.db, { plan, sourceText: 'x', sourceName: 't.yaml', actor: 'cli:test' });
  await createRecord(source.db, { actor, projectId: 'tide-x', kind: 'activity', input: activityInput() });
  await exportBackup(source.db, { actor, projectId: 'tide-x', out: good, filesDir });
  // The target holds another project: its plan's serial ids are the ones the backup's rows have.
  const other = planOf('Other-Y');
  await importPlan(target.db, { plan: other, sourceText: 'y', sourceName: 'o.yaml', actor: 'cli:test' });
});
afterAll(async () => {
  await source.close();
  await target.close();
});

const refused = async (file: string, message: RegExp) => {
  await expect(restore(file)).rejects.toMatchObject({
    code: 'backup_invalid',
    message: expect.stringMatching(message),
  });
  expect(await target.db.$count(projects, eq(projects.id, 'tide-x'))).toBe(0);
};

describe('exportBackup', () => {
  it('pages every table by keyset: one row per page gives the same bytes', async () => {
    const paged = join(dir, 'paged.tar');
    await exportBackup(source.db, { actor, projectId: 'tide-x', out: paged, filesDir, pageSize: 1 });
    expect(readFileSync(paged).equals(readFileSync(good))).toBe(true);
  });

  it('refuses a project that does not exist, writing no file', async () => {
    const out = join(dir, 'none.tar');
    await expect(
      exportBackup(source.db, { actor, projectId: 'no-such', out, filesDir }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('stops on a stored file that is missing, naming it, and writes no archive', async () => {
    const [a] = await source.db.select({ id: activities.id }).from(activities);
    const bytes = new TextEncoder().encode('%PDF-1.4\n% gone\n%%EOF\n');
    const file = await uploadEvidence(source.db, {
      actor,
      projectId: 'tide-x',
      kind: 'activity',
      recordId: a?.id ?? '',
      fileName: 'gone.pdf',
      bytes,
      dir: filesDir,
    });
    rmSync(join(filesDir, file.sha256));
    const out = join(dir, 'missing.tar');
    await expect(
      exportBackup(source.db, { actor, projectId: 'tide-x', out, filesDir }),
    ).rejects.toMatchObject({
      code: 'backup_file_missing',
      message: expect.stringContaining(`the stored file ${file.sha256} is missing`),
    });
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('needs the right to read the project’s audit trail', async () => {
    const viewer = { kind: 'user' as const, userId: 'u', isAdmin: false, memberships: [] };
    await expect(
      exportBackup(source.db, { actor: viewer, projectId: 'tide-x', out: join(dir, 'x.tar'), filesDir }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('restoreBackup', () => {
  it('refuses an entry whose bytes are not the manifest’s, naming it', async () => {
    const bad = await tampered(
      'tables/activities.jsonl',
      (b) => Buffer.from(b.toString().replace('Press', 'Dress')),
      {
        fixManifest: false,
      },
    );
    await refused(bad, /tables\/activities\.jsonl: sha256 [0-9a-f]{64} \(\d+ bytes\) is not the manifest's/);
  });

  it('refuses a line that is not JSON, naming the entry and the line', async () => {
    const bad = await tampered(
      'tables/partners.jsonl',
      (b) => Buffer.from(b.toString().replace(/\n(.)/, '\n{oops$1')),
      {
        fixManifest: true,
      },
    );
    await refused(bad, /tables\/partners\.jsonl: line 2: not JSON/);
  });

  it('refuses rows of another project', async () => {
    const bad = await tampered(
      'tables/activities.jsonl',
      (b) => Buffer.from(b.toString().replace('"project_id":"tide-x"', '"project_id":"other-y"')),
      { fixManifest: true },
    );
    await refused(bad, /tables\/activities\.jsonl: line 1: project_id is "other-y", not the project tide-x/);
  });

  it('refuses a row count that is not the manifest’s', async () => {
    const bad = await tampered('tables/activities.jsonl', (b) => b, { fixManifest: true, rows: 7 });
    await refused(bad, /tables\/activities\.jsonl: 1 rows, the manifest says 7/);
  });

  it('refuses an archive of a newer format version', async () => {
    const bad = await tampered('manifest.json', (b) => b, { fixManifest: false, version: 2 });
    await refused(bad, /manifest\.json: format version 2 is newer than this Herald reads \(1\)/);
  });

  it('refuses a file that is not an archive', async () => {
    const path = join(dir, 'not.tar');
    writeFileSync(path, 'hello, not a tar\n');
    await expect(restore(path)).rejects.toMatchObject({ code: 'backup_invalid' });
  });

  it('restores beside another project: serial ids taken get new ones, and the sequences go on', async () => {
    const r = await restore(good);
    expect(r).toMatchObject({ project: 'tide-x', replaced: false });
    const codes = await target.db
      .select({ code: partners.code })
      .from(partners)
      .where(eq(partners.projectId, 'tide-x'))
      .orderBy(partners.id);
    const original = await source.db
      .select({ code: partners.code })
      .from(partners)
      .where(eq(partners.projectId, 'tide-x'))
      .orderBy(partners.id);
    expect(codes).toEqual(original);
    // A new plan version (a plan_versions row) and a new project's partners after the restore.
    const third = planOf('Third-Z');
    await importPlan(target.db, { plan: third, sourceText: 'z', sourceName: 'z.yaml', actor: 'cli:test' });
    expect(await target.db.$count(planVersions)).toBe(3);
    await createRecord(target.db, { actor, projectId: 'tide-x', kind: 'activity', input: activityInput() });
  });

  it('reads a gzipped archive, and --replace puts the backup back over the later record', async () => {
    const gz = join(dir, 'good.tar.gz');
    writeFileSync(gz, gzipSync(readFileSync(good)));
    expect(await restore(gz, true)).toMatchObject({ project: 'tide-x', replaced: true });
    expect(await target.db.$count(activities, eq(activities.projectId, 'tide-x'))).toBe(1);
    const again = join(dir, 'again.tar');
    await exportBackup(target.db, { actor, projectId: 'tide-x', out: again, filesDir });
    // Partners, plan versions and kpis got new ids beside the other project: the rest is the same.
    const names = (await entriesOf(again)).map((e) => e.name);
    expect(names).toEqual((await entriesOf(good)).map((e) => e.name));
  });
});
