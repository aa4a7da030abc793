/**
 * restoreBackup: an archive checked whole first (src/backup/read.ts), then written in ONE transaction: the rows table
 * by table (JSON pages through json_populate_recordset, so both engines parse every type the same way), the report
 * files' bytes, the evidence files into the content-addressed folder (removed again if the transaction fails), the
 * serial sequences set past the restored ids, and an instance audit entry `project.restore`. A project that already
 * exists is refused unless `replace` (its rows are deleted in the same transaction).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import { systemClock, type Clock } from '../lib/clock';
import { backupInvalid, ident, MANIFEST_ENTRY, query, type Manifest } from './format';
import type { BackupProgress } from './export';
import { archiveEntries, linesOf, validateArchive, type Validated } from './read';
import { siteImagesDir } from '../site/news/images';
import { BACKUP_TABLES, isSerial, schemaTables, type BackupTable } from './tables';

export interface RestoreOptions {
  actor: Actor;
  /** The archive. */
  file: string;
  /** Replace a project that exists (its rows are deleted first). */
  replace?: boolean;
  filesDir: string;
  onProgress?: (p: BackupProgress) => void;
  /** Rows per INSERT. */
  batchSize?: number;
  /** The audit entry's time (default: now). */
  clock?: Clock;
}

export interface RestoreResult {
  project: string;
  rows: number;
  files: number;
  replaced: boolean;
  /** Accounts of the backup mapped onto existing ones (same e-mail), and accounts created without a password. */
  usersMatched: number;
  usersCreated: number;
}

const projectExists = (db: Db) => (id: string) =>
  query<{ id: string }>(db, 'select id from projects where id = $1', [id]).then((r) => r.length > 0);

export const projectExistsError = (project: string): AppError =>
  new AppError({
    code: 'backup_project_exists',
    status: 409,
    message: `the project ${project} already exists here: nothing was restored (give --replace to replace it)`,
    params: { project },
  });

/** Deletes the project's rows of every backed-up table (not its accounts or public keys), and its cached figures. */
async function deleteProject(tx: Tx, project: string): Promise<void> {
  for (const spec of [...BACKUP_TABLES].reverse()) {
    if (spec.restore === 'users' || spec.restore === 'keep' || spec.name === 'projects') continue;
    await query(tx, `delete from ${ident(spec.name)} where ${spec.scope}`, [project]);
  }
  await query(tx, 'delete from figure_cache where project_id = $1', [project]);
}

interface Writer {
  tx: Tx;
  v: Validated;
  replace: boolean;
  /** Backup user id → the id of the account used here. */
  userMap: Map<string, string>;
  matched: number;
  created: number;
}

async function restoreUser(w: Writer, row: Record<string, unknown>, columns: string[]): Promise<void> {
  const id = String(row.id);
  const [same] = await query<{ id: string }>(w.tx, 'select id from users where id = $1', [id]);
  if (same) {
    w.userMap.set(id, id);
    w.matched++;
    return;
  }
  if (typeof row.email === 'string') {
    const [byEmail] = await query<{ id: string }>(w.tx, 'select id from users where email = $1', [
      row.email.toLowerCase(),
    ]);
    if (byEmail) {
      w.userMap.set(id, byEmail.id);
      w.matched++;
      return;
    }
  }
  await insertRows(w.tx, { table: 'users', columns, rows: [row] });
  w.userMap.set(id, id);
  w.created++;
}

async function insertRows(
  tx: Tx,
  o: { table: string; columns: string[]; rows: Record<string, unknown>[]; extra?: string; conflict?: string },
): Promise<void> {
  if (o.rows.length === 0) return;
  const cols = o.columns.map(ident).join(', ');
  const extra = o.extra ? `, ${o.extra}` : '';
  const extraCol = o.extra ? ', "content"' : '';
  await query(
    tx,
    `insert into ${ident(o.table)} (${cols}${extraCol}) select ${cols}${extra} from json_populate_recordset(null::${ident(o.table)}, $1::json)${o.conflict ?? ''}`,
    [JSON.stringify(o.rows)],
  );
}

async function restoreTable(
  w: Writer,
  t: Manifest['tables'][number],
  stream: AsyncIterable<Buffer>,
  o: { batchSize: number; onRows: (n: number) => void },
): Promise<void> {
  const spec = BACKUP_TABLES.find((s) => s.name === t.name) as BackupTable;
  const table = schemaTables().get(t.name);
  const range = w.v.serialRanges.get(t.name);
  // Ids taken here (another project's rows): the rows get new ids from the sequence, in the backup's order.
  const remap =
    range !== undefined &&
    (
      await query<{ n: number }>(
        w.tx,
        `select count(*)::int as n from ${ident(t.name)} where id between $1 and $2`,
        [range.min, range.max],
      )
    )[0]?.n !== 0;
  const columns = remap ? t.columns.filter((c) => c !== 'id') : t.columns;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (spec.restore !== 'users')
      await insertRows(w.tx, {
        table: t.name,
        columns,
        rows: batch,
        extra: spec.blob ? `'\\x'::bytea` : undefined,
        conflict:
          spec.restore === 'keep'
            ? ' on conflict do nothing'
            : t.name === 'projects' && w.replace
              ? ` on conflict (id) do update set ${columns.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')}`
              : undefined,
      });
    o.onRows(batch.length);
    batch = [];
  };
  for await (const { text } of linesOf(stream)) {
    const row = JSON.parse(text) as Record<string, unknown>;
    if (spec.restore === 'users') await restoreUser(w, row, t.columns);
    if (t.name === 'memberships') row.user_id = w.userMap.get(String(row.user_id)) ?? row.user_id;
    batch.push(row);
    if (batch.length >= o.batchSize) await flush();
  }
  await flush();
  if (table && isSerial(table, 'id'))
    await query(
      w.tx,
      `select setval(pg_get_serial_sequence('${t.name}', 'id'), coalesce((select max(id) from ${ident(t.name)}), 0) + 1, false)`,
    );
}

/**
 * A file entry: report files' bytes into their rows, evidence files and news images into their folders (new ones
 * listed in `created`; the same bytes may be both).
 */
async function restoreFile(
  w: Writer,
  o: { sha256: string; stream: AsyncIterable<Buffer>; filesDir: string; created: string[] },
): Promise<void> {
  const chunks: Buffer[] = [];
  const needBytes = w.v.reportFiles.has(o.sha256);
  const targets = [
    ...(w.v.evidence.has(o.sha256) ? [join(o.filesDir, o.sha256)] : []),
    ...(w.v.siteImages.has(o.sha256) ? [join(siteImagesDir(o.filesDir), o.sha256)] : []),
  ].filter((p) => !existsSync(p));
  const [target, ...copies] = targets;
  const hash = createHash('sha256');
  let tmp: string | undefined;
  const collect = async function* () {
    for await (const c of o.stream) {
      hash.update(c);
      if (needBytes) chunks.push(c);
      yield c;
    }
  };
  if (target) {
    await mkdir(dirname(target), { recursive: true });
    tmp = join(dirname(target), `.${o.sha256}.${randomBytes(4).toString('hex')}.restore`);
    await pipeline(collect, createWriteStream(tmp));
  } else {
    for await (const c of collect()) void c;
  }
  if (hash.digest('hex') !== o.sha256) {
    if (tmp) await rm(tmp, { force: true });
    throw backupInvalid('its bytes changed since the check', { path: `files/${o.sha256}` });
  }
  if (tmp && target) {
    await rename(tmp, target);
    o.created.push(target);
    for (const copy of copies) {
      await mkdir(dirname(copy), { recursive: true });
      await copyFile(target, copy);
      o.created.push(copy);
    }
  }
  if (needBytes)
    await query(
      w.tx,
      `update report_files set content = decode($1, 'base64') where sha256 = $2 and report_id in (select id from reports where project_id = $3)`,
      [Buffer.concat(chunks).toString('base64'), o.sha256, w.v.manifest.project],
    );
}

/** Restores a project from a backup archive. Instance admins only (the CLI acts as the system). */
export async function restoreBackup(db: Db, o: RestoreOptions): Promise<RestoreResult> {
  authorize(o.actor, 'user.manage');
  const v = await validateArchive(o.file);
  const project = v.manifest.project;
  const exists = await projectExists(db)(project);
  if (exists && !o.replace) throw projectExistsError(project);
  const total = v.manifest.tables.reduce((n, t) => n + t.rows, 0);
  const byEntry = new Map(v.manifest.tables.map((t) => [t.entry, t]));
  const created: string[] = [];
  let done = 0;
  try {
    return await db.transaction(async (tx) => {
      const w: Writer = { tx, v, replace: o.replace === true, userMap: new Map(), matched: 0, created: 0 };
      const existsNow = await projectExists(tx)(project);
      if (existsNow && !o.replace) throw projectExistsError(project);
      // The project row stays (updated from the backup): what a backup does not hold keeps pointing at it.
      if (existsNow) await deleteProject(tx, project);
      let files = 0;
      for await (const entry of archiveEntries(o.file)) {
        if (entry.name === MANIFEST_ENTRY) {
          for await (const c of entry.stream) void c;
          continue;
        }
        const t = byEntry.get(entry.name);
        if (t)
          await restoreTable(w, t, entry.stream, {
            batchSize: o.batchSize ?? 500,
            onRows: (n) => {
              done += n;
              o.onProgress?.({ phase: 'tables', done, total });
            },
          });
        else {
          await restoreFile(w, {
            sha256: entry.name.slice('files/'.length),
            stream: entry.stream,
            filesDir: o.filesDir,
            created,
          });
          o.onProgress?.({ phase: 'files', done: ++files, total: v.manifest.files.length });
        }
      }
      await appendAudit(tx, {
        projectId: null,
        actor: o.actor,
        action: 'project.restore',
        entityType: 'project',
        entityId: project,
        at: (o.clock ?? systemClock).now(),
        after: { archiveSha256: v.sha256, replaced: existsNow, rows: total, schema: v.manifest.schema },
      });
      return {
        project,
        rows: total,
        files: v.manifest.files.length,
        replaced: existsNow,
        usersMatched: w.matched,
        usersCreated: w.created,
      };
    });
  } catch (e) {
    for (const path of created) await rm(path, { force: true });
    throw e;
  }
}
