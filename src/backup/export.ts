/**
 * exportBackup: one project's archive (src/backup/format.ts), streamed. The tables are read in one repeatable-read
 * transaction (a consistent snapshot), a page at a time by keyset on the primary key, into temporary JSON-lines files
 * (their sha256 and size go into the manifest, which comes first in the archive); then the tar is written from those
 * files and the stored files, to `<out>.partial` and renamed, so a failed export leaves no half archive.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import tar from 'tar-stream';
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { reportFiles } from '../db/schema';
import { AppError, notFound } from '../errors';
import { canonicalJson } from '../lib/canonical-json';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  castType,
  collated,
  fileEntry,
  ident,
  MANIFEST_ENTRY,
  query,
  schemaTag,
  selectExpr,
  tableEntry,
  tarHeader,
  type Manifest,
} from './format';
import { siteImagesDir } from '../site/news/images';
import { BACKUP_TABLES, backupColumns, primaryKeyOf, schemaTables, type BackupTable } from './tables';

export interface BackupProgress {
  phase: 'tables' | 'files' | 'archive';
  done: number;
  total: number;
}

export interface ExportOptions {
  actor: Actor;
  projectId: string;
  /** The archive to write. */
  out: string;
  /** The evidence folder (content-addressed files). */
  filesDir: string;
  onProgress?: (p: BackupProgress) => void;
  /** Rows per page (keyset). */
  pageSize?: number;
}

export interface ExportResult {
  manifest: Manifest;
  bytes: number;
  sha256: string;
}

interface Staged {
  dir: string;
  tables: Manifest['tables'];
  /** sha256 → where the bytes are (evidence folder or a staged report file). */
  blobs: Map<string, string>;
}

async function writeLine(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Writes one table's rows (primary-key order) as canonical JSON lines; returns its manifest entry. */
async function stageTable(
  tx: Db,
  o: { spec: BackupTable; projectId: string; dir: string; pageSize: number; onRows: (n: number) => void },
  blobs: (row: Record<string, unknown>) => Promise<void>,
): Promise<Manifest['tables'][number]> {
  const table = schemaTables().get(o.spec.name);
  if (!table) throw new Error(`backup table ${o.spec.name} is not in the schema`);
  const columns = backupColumns(o.spec, table);
  const pk = primaryKeyOf(table).map((name) => {
    const c = columns.find((x) => x.name === name);
    if (!c) throw new Error(`primary key ${o.spec.name}.${name} is omitted`);
    return c;
  });
  const list = columns.map(selectExpr).join(', ');
  const order = pk.map((c) => collated(c, ident(c.name))).join(', ');
  const path = join(o.dir, `${o.spec.name}.jsonl`);
  const stream = createWriteStream(path);
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const keyset =
      after === null
        ? ''
        : ` and (${order}) > (${pk.map((c, i) => collated(c, `$${i + 2}::${castType(c)}`)).join(', ')})`;
    const page = await query<{ r: string }>(
      tx,
      `select json_build_array(${list})::text as r from ${ident(o.spec.name)} where (${o.spec.scope})${keyset} order by ${order} limit ${o.pageSize}`,
      [o.projectId, ...(after ?? [])],
    );
    for (const { r } of page) {
      const values = JSON.parse(r) as unknown[];
      const row: Record<string, unknown> = {};
      columns.forEach((c, i) => (row[c.name] = values[i]));
      await blobs(row);
      const line = `${canonicalJson(row)}\n`;
      hash.update(line);
      bytes += Buffer.byteLength(line);
      await writeLine(stream, line);
      rows++;
    }
    o.onRows(page.length);
    if (page.length < o.pageSize) break;
    const last = JSON.parse(page[page.length - 1]?.r ?? '[]') as unknown[];
    after = pk.map((c) => last[columns.indexOf(c)]);
  }
  await closeStream(stream);
  return {
    name: o.spec.name,
    entry: tableEntry(o.spec.name),
    rows,
    bytes,
    sha256: hash.digest('hex'),
    columns: columns.map((c) => c.name),
  };
}

async function fileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Reads every table in one snapshot; report files' bytes are staged, evidence files named in their folder. */
async function stage(db: Db, o: ExportOptions, dir: string): Promise<Staged> {
  const pageSize = o.pageSize ?? 1000;
  return db.transaction(async (tx) => {
    await query(tx, 'set transaction isolation level repeatable read, read only');
    const [project] = await query<{ id: string }>(tx, 'select id from projects where id = $1', [o.projectId]);
    if (!project) throw notFound('project');
    let total = 0;
    for (const spec of BACKUP_TABLES) {
      const [c] = await query<{ n: number }>(
        tx,
        `select count(*)::int as n from ${ident(spec.name)} where (${spec.scope})`,
        [o.projectId],
      );
      total += Number(c?.n ?? 0);
    }
    let done = 0;
    const onRows = (n: number) => {
      done += n;
      o.onProgress?.({ phase: 'tables', done, total });
    };
    const blobs = new Map<string, string>();
    const tables: Manifest['tables'] = [];
    for (const spec of BACKUP_TABLES) {
      tables.push(
        await stageTable(tx, { spec, projectId: o.projectId, dir, pageSize, onRows }, async (row) => {
          if (spec.name === 'evidence_files' || spec.name === 'site_deliverable_files') {
            const sha = String(row.sha256);
            blobs.set(sha, join(o.filesDir, sha));
          } else if (spec.name === 'news_posts' || spec.name === 'social_posts') {
            // A news post's or social post's image: the site's own folder (src/site/news/images.ts), the same entry
            // files/<sha256>.
            const sha = row.image_sha256;
            if (typeof sha === 'string' && !blobs.has(sha))
              blobs.set(sha, join(siteImagesDir(o.filesDir), sha));
          } else if (spec.blob) {
            const sha = String(row[spec.blob.sha256Column]);
            if (blobs.has(sha)) return;
            // Any row with this sha256 holds these bytes (checked against it below).
            const [file] = await tx
              .select({ content: reportFiles.content })
              .from(reportFiles)
              .where(eq(reportFiles.sha256, sha))
              .limit(1);
            const path = join(dir, `blob-${sha}`);
            await writeFile(path, file?.content ?? new Uint8Array());
            blobs.set(sha, path);
          }
        }),
      );
    }
    return { dir, tables, blobs };
  });
}

/** Every stored file, checked against its address: a missing or altered file stops the export. */
async function checkFiles(staged: Staged, o: ExportOptions): Promise<Manifest['files']> {
  const shas = [...staged.blobs.keys()].sort();
  const total = shas.length;
  const files: Manifest['files'] = [];
  for (const [i, sha] of shas.entries()) {
    const path = staged.blobs.get(sha) as string;
    const got = existsSync(path) ? await fileSha256(path) : null;
    if (!got || got.sha256 !== sha)
      throw new AppError({
        code: 'backup_file_missing',
        status: 500,
        message: `the stored file ${sha} is ${got ? 'altered' : 'missing'} (${path}): the backup was not written`,
        params: { sha256: sha, path },
        details: [{ path, message: got ? 'altered' : 'missing' }],
      });
    files.push({ entry: fileEntry(sha), bytes: got.bytes, sha256: sha });
    o.onProgress?.({ phase: 'files', done: i + 1, total });
  }
  return files;
}

/** Writes one project's backup archive to `o.out`. Needs `audit.read` and `record.read` in the project. */
export async function exportBackup(db: Db, o: ExportOptions): Promise<ExportResult> {
  authorize(o.actor, 'audit.read', { projectId: o.projectId });
  authorize(o.actor, 'record.read', { projectId: o.projectId });
  const dir = await mkdtemp(join(tmpdir(), 'herald-backup-'));
  const partial = `${o.out}.partial`;
  try {
    const staged = await stage(db, o, dir);
    const files = await checkFiles(staged, o);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      project: o.projectId,
      schema: await schemaTag(),
      tables: staged.tables,
      files,
    };
    const manifestBytes = Buffer.from(`${canonicalJson(manifest)}\n`);
    const pack = tar.pack();
    const hash = createHash('sha256');
    let bytes = 0;
    const out = createWriteStream(partial);
    const written = pipeline(
      pack,
      async function* (source: AsyncIterable<unknown>) {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      out,
    );
    const entries: { name: string; path: string; size: number }[] = [
      ...staged.tables.map((t) => ({ name: t.entry, path: join(dir, `${t.name}.jsonl`), size: t.bytes })),
      ...files.map((f) => ({ name: f.entry, path: staged.blobs.get(f.sha256) as string, size: f.bytes })),
    ];
    await new Promise<void>((resolve, reject) =>
      pack.entry(tarHeader(MANIFEST_ENTRY, manifestBytes.length), manifestBytes, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    for (const [i, e] of entries.entries()) {
      await pipeline(createReadStream(e.path), pack.entry(tarHeader(e.name, e.size)));
      o.onProgress?.({ phase: 'archive', done: i + 1, total: entries.length });
    }
    pack.finalize();
    await written;
    await rename(partial, o.out);
    return { manifest, bytes, sha256: hash.digest('hex') };
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
