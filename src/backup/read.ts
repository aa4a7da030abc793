/**
 * Reading a backup archive: its entries as streams (gzip recognised by its magic bytes), and the validation pass a
 * restore runs before it writes anything: the manifest, every entry's sha256 and size, every line's JSON and columns,
 * rows only of the manifest's project. Errors name the entry and the line.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { AppError } from '../errors';
import {
  BACKUP_VERSION,
  backupInvalid,
  fileEntry,
  knownSchemaTags,
  MANIFEST_ENTRY,
  manifestSchema,
  tableEntry,
  type Manifest,
} from './format';
import { BACKUP_TABLES, backupColumns, isSerial, schemaTables, type BackupTable } from './tables';

export interface ArchiveEntry {
  name: string;
  /** The entry's bytes as they stream (read it to the end). */
  stream: AsyncIterable<Buffer>;
}

/** The archive's entries in order; `onBytes` sees the raw file (for its sha256). */
export async function* archiveEntries(
  path: string,
  onBytes?: (chunk: Buffer) => void,
): AsyncGenerator<ArchiveEntry> {
  const head = Buffer.alloc(2);
  const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new AppError({
      code: 'backup_invalid',
      status: 400,
      message: `cannot read ${path}: ${e.code ?? e.message}`,
      params: { where: path, problem: e.code ?? e.message },
      details: [{ path, message: e.code ?? e.message }],
    });
  });
  await handle.read(head, 0, 2, 0);
  await handle.close();
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const extract = tar.extract();
  const file = createReadStream(path);
  if (onBytes) file.on('data', (c) => onBytes(c as Buffer));
  const done = (gz ? pipeline(file, createGunzip(), extract) : pipeline(file, extract)).catch((e: Error) => {
    extract.destroy(e);
  });
  let finished = false;
  try {
    for await (const entry of extract as AsyncIterable<Readable & { header: tar.Header }>) {
      if (entry.header.type !== 'file')
        throw backupInvalid(`unexpected ${entry.header.type ?? 'entry'}`, { path: entry.header.name });
      yield { name: entry.header.name, stream: entry as AsyncIterable<Buffer> };
    }
    finished = true;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw backupInvalid(`not a tar archive (${(e as Error).message})`, { path });
  } finally {
    if (!finished) {
      file.destroy();
      extract.destroy();
    }
    await done;
  }
}

/** The lines of an entry (UTF-8), numbered from 1. */
export async function* linesOf(
  stream: AsyncIterable<Buffer>,
): AsyncGenerator<{ line: number; text: string }> {
  let carry = '';
  let line = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of stream) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    carry = parts.pop() ?? '';
    for (const p of parts) yield { line: ++line, text: p };
  }
  carry += decoder.decode();
  if (carry !== '') yield { line: ++line, text: carry };
}

export interface Validated {
  manifest: Manifest;
  /** sha256 of the archive file. */
  sha256: string;
  /** Serial primary keys' id range per table (a restore keeps the ids unless they are taken). */
  serialRanges: Map<string, { min: number; max: number }>;
  /** sha256 of the evidence files and of the report files the rows name. */
  evidence: Set<string>;
  reportFiles: Set<string>;
  /** sha256 of the news posts' images (restored into the site's folder). */
  siteImages: Set<string>;
}

async function readManifest(entry: ArchiveEntry | undefined): Promise<Manifest> {
  if (!entry || entry.name !== MANIFEST_ENTRY)
    throw backupInvalid(`the first entry must be ${MANIFEST_ENTRY}`, { path: entry?.name ?? '(empty)' });
  const chunks: Buffer[] = [];
  for await (const c of entry.stream) chunks.push(c);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw backupInvalid(`not JSON (${(e as Error).message})`, { path: MANIFEST_ENTRY });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw backupInvalid(`${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`, {
      path: MANIFEST_ENTRY,
    });
  }
  const m = parsed.data;
  if (m.version > BACKUP_VERSION)
    throw backupInvalid(`format version ${m.version} is newer than this Herald reads (${BACKUP_VERSION})`, {
      path: MANIFEST_ENTRY,
    });
  if (!(await knownSchemaTags()).includes(m.schema))
    throw backupInvalid(`made with database schema ${m.schema}, which this Herald does not know (newer?)`, {
      path: MANIFEST_ENTRY,
    });
  const tables = schemaTables();
  for (const t of m.tables) {
    const spec = BACKUP_TABLES.find((s) => s.name === t.name);
    const table = tables.get(t.name);
    if (!spec || !table)
      throw backupInvalid(`table ${t.name} is not one a backup holds`, { path: MANIFEST_ENTRY });
    if (t.entry !== tableEntry(t.name))
      throw backupInvalid(`table ${t.name}: entry must be ${tableEntry(t.name)}`, { path: MANIFEST_ENTRY });
    const allowed = new Set(backupColumns(spec, table).map((c) => c.name));
    const unknown = t.columns.filter((c) => !allowed.has(c));
    if (unknown.length > 0)
      throw backupInvalid(`table ${t.name}: unknown column(s) ${unknown.join(', ')}`, {
        path: MANIFEST_ENTRY,
      });
  }
  for (const f of m.files)
    if (f.entry !== fileEntry(f.sha256))
      throw backupInvalid(`file entry ${f.entry} must be named ${fileEntry(f.sha256)}`, {
        path: MANIFEST_ENTRY,
      });
  return m;
}

/** The column that must hold the project id in each row, if any. */
function projectColumn(spec: BackupTable, columns: string[]): string | undefined {
  if (spec.name === 'projects') return 'id';
  if (columns.includes('chain') && spec.scope.startsWith('chain')) return 'chain';
  return columns.includes('project_id') ? 'project_id' : undefined;
}

async function checkTable(
  v: Validated,
  entry: ArchiveEntry,
  t: Manifest['tables'][number],
  reportIds: Set<string>,
): Promise<{ sha256: string; bytes: number }> {
  const spec = BACKUP_TABLES.find((s) => s.name === t.name) as BackupTable;
  const table = schemaTables().get(t.name);
  const serial = table && isSerial(table, 'id') && t.columns.includes('id');
  const own = projectColumn(spec, t.columns);
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  const counted = (async function* () {
    for await (const c of entry.stream) {
      hash.update(c);
      bytes += c.length;
      yield c;
    }
  })();
  const want = [...t.columns].sort().join(',');
  for await (const { line, text } of linesOf(counted)) {
    const at = { path: entry.name, line };
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (e) {
      throw backupInvalid(`line ${line}: not JSON (${(e as Error).message})`, at);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw backupInvalid(`line ${line}: not a JSON object`, at);
    const r = row as Record<string, unknown>;
    if (Object.keys(r).sort().join(',') !== want)
      throw backupInvalid(`line ${line}: its columns are not the manifest's (${t.columns.join(', ')})`, at);
    if (own && r[own] !== v.manifest.project)
      throw backupInvalid(
        `line ${line}: ${own} is ${JSON.stringify(r[own])}, not the project ${v.manifest.project}`,
        at,
      );
    if (t.name === 'reports') reportIds.add(String(r.id));
    if (t.name === 'report_files' && !reportIds.has(String(r.report_id)))
      throw backupInvalid(`line ${line}: report ${String(r.report_id)} is not in the backup`, at);
    if (t.name === 'evidence_files' || t.name === 'site_deliverable_files') v.evidence.add(String(r.sha256));
    if (t.name === 'report_files') v.reportFiles.add(String(r.sha256));
    if ((t.name === 'news_posts' || t.name === 'social_posts') && typeof r.image_sha256 === 'string')
      v.siteImages.add(r.image_sha256);
    if (serial) {
      const id = Number(r.id);
      if (!Number.isInteger(id)) throw backupInvalid(`line ${line}: id is not a whole number`, at);
      const range = v.serialRanges.get(t.name) ?? { min: id, max: id };
      v.serialRanges.set(t.name, { min: Math.min(range.min, id), max: Math.max(range.max, id) });
    }
    rows++;
  }
  if (rows !== t.rows) throw backupInvalid(`${rows} rows, the manifest says ${t.rows}`, { path: entry.name });
  return { sha256: hash.digest('hex'), bytes };
}

async function digest(stream: AsyncIterable<Buffer>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const c of stream) {
    hash.update(c);
    bytes += c.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The whole archive checked without writing anything. */
export async function validateArchive(path: string): Promise<Validated> {
  const whole = createHash('sha256');
  const entries = archiveEntries(path, (c) => whole.update(c));
  const first = await entries.next();
  const manifest = await readManifest(first.done ? undefined : first.value);
  const v: Validated = {
    manifest,
    sha256: '',
    serialRanges: new Map(),
    evidence: new Set(),
    reportFiles: new Set(),
    siteImages: new Set(),
  };
  const expected = new Map<string, { sha256: string; bytes: number; table?: Manifest['tables'][number] }>();
  for (const t of manifest.tables) expected.set(t.entry, { ...t, table: t });
  for (const f of manifest.files) expected.set(f.entry, f);
  const seen = new Set<string>();
  const reportIds = new Set<string>();
  for await (const entry of entries) {
    const want = expected.get(entry.name);
    if (!want || seen.has(entry.name))
      throw backupInvalid(want ? 'appears twice' : 'not named in the manifest', { path: entry.name });
    seen.add(entry.name);
    const got = want.table ? await checkTable(v, entry, want.table, reportIds) : await digest(entry.stream);
    if (got.bytes !== want.bytes || got.sha256 !== want.sha256)
      throw backupInvalid(
        `sha256 ${got.sha256} (${got.bytes} bytes) is not the manifest's ${want.sha256} (${want.bytes} bytes)`,
        { path: entry.name },
      );
  }
  const missing = [...expected.keys()].filter((e) => !seen.has(e));
  if (missing.length > 0) throw backupInvalid('missing from the archive', { path: missing[0] });
  for (const sha of [...v.evidence, ...v.reportFiles, ...v.siteImages])
    if (!expected.has(fileEntry(sha)))
      throw backupInvalid('a row names this file but it is missing', { path: fileEntry(sha) });
  v.sha256 = whole.digest('hex');
  return v;
}
