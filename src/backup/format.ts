/**
 * The backup archive's format (docs/BACKUP.md): a tar with `manifest.json` first, then `tables/<table>.jsonl` (one
 * canonical JSON object per line, rows in primary-key order), then `files/<sha256>` (stored bytes). Every tar header
 * is fixed (mtime 0, uid/gid 0, no user names, mode 0644) so the same database gives the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf } from '../audit/chain';
import { migrationsFolder, type Db } from '../db/client';
import { AppError, type ErrorDetail } from '../errors';
import type { ColumnSpec } from './tables';

export const BACKUP_FORMAT = 'herald-backup';
/** Bumped when a reader of this version could not read the archive right; restore reads every version ≤ its own. */
export const BACKUP_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const tableEntry = (table: string): string => `tables/${table}.jsonl`;
export const fileEntry = (sha256: string): string => `files/${sha256}`;

const sha = z.string().regex(/^[0-9a-f]{64}$/);
export const manifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1),
  project: z.string().min(1),
  schema: z.string(),
  tables: z.array(
    z.strictObject({
      name: z.string(),
      entry: z.string(),
      rows: z.number().int().min(0),
      bytes: z.number().int().min(0),
      sha256: sha,
      columns: z.array(z.string()),
    }),
  ),
  files: z.array(z.strictObject({ entry: z.string(), bytes: z.number().int().min(0), sha256: sha })),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The fixed tar header of an entry. */
export const tarHeader = (name: string, size: number) => ({
  name,
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  uname: '',
  gname: '',
  mtime: new Date(0),
  type: 'file' as const,
});

/** A bad archive: names the entry (and line) at fault. Nothing has been written when it is thrown. */
export const backupInvalid = (message: string, detail: Omit<ErrorDetail, 'message'> = {}): AppError =>
  new AppError({
    code: 'backup_invalid',
    status: 400,
    message: `the backup is not valid: ${detail.path ? `${detail.path}: ` : ''}${message}`,
    params: { where: detail.path ?? '', problem: message },
    details: [{ ...detail, message }],
  });

/** The newest migration's tag: the database schema the archive's tables follow. */
export async function schemaTag(): Promise<string> {
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries].sort((a, b) => a.idx - b.idx).at(-1)?.tag ?? '';
}

/** The migration tags this build knows, oldest first. */
export async function knownSchemaTags(): Promise<string[]> {
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries].sort((a, b) => a.idx - b.idx).map((e) => e.tag);
}

/** Runs SQL text with `$1…$n` placeholders bound to `params` (identifiers in the text come from the schema only). */
export async function query<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i] ?? ''));
    else chunks.push(sql`${params[Number(parts[i]) - 1]}`);
  }
  return rowsOf<T>(await db.execute(sql.join(chunks)));
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A column as the archive writes it, the same on both engines: timestamps in UTC with microseconds
 * (`2025-02-03T10:00:00.123456Z`, never through JS Date), dates as `YYYY-MM-DD`, the rest as JSON gives them.
 */
export function selectExpr(c: ColumnSpec): string {
  const col = ident(c.name);
  if (c.sqlType === 'timestamp with time zone')
    return `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  if (c.sqlType.startsWith('timestamp')) return `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
  if (c.sqlType === 'date') return `to_char(${col}, 'YYYY-MM-DD')`;
  return col;
}

/** The SQL type a key value is compared as (serials are integers). */
export function castType(c: ColumnSpec): string {
  if (c.sqlType === 'serial') return 'integer';
  if (c.sqlType === 'bigserial') return 'bigint';
  return c.sqlType;
}

/** Text keys compare byte-wise (`COLLATE "C"`) so both engines page and order rows alike. */
export const collated = (c: ColumnSpec, expr: string): string =>
  c.sqlType === 'text' ? `${expr} collate "C"` : expr;
