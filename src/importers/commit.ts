/**
 * Imports that commit: `previewImport` reads and validates whole files (one or many) against the project (partners and aliases,
 * vocabulary, period, plan codes, the actor's partners) and finds duplicates, writing nothing; `commitImport` does
 * the same, then — only when nothing is invalid, or the caller explicitly chose to skip invalid rows — inserts the
 * new rows of every file in ONE transaction through the records service, records one `import_batches` row and
 * one audit entry per file (all files or none).
 *
 * Memory stays at one batch: the file is streamed; the validation pass keeps only duplicate keys, counts and the
 * first errors, and spools the valid new rows to a temp NDJSON file that the commit pass streams back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, partnersFor, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import {
  activities,
  events,
  importBatches,
  metricSnapshots,
  publications,
  synergies,
  type ImportBatchRow,
} from '../db/schema';
import { AppError } from '../errors';
import { localize, type Plan, type RecordType } from '../plan/schema';
import { loadRecordContext } from '../records/context';
import { reasonIssues } from '../records/validate';
import { duplicateKey, type AnyRecord, type RecordOutputs } from '../records/schema';
import { parseFile } from './parse-file';
import { groupErrors, type ErrorGroup } from './error-groups';
import {
  asNote,
  placeOf,
  type CandidateRow,
  type ImportFormat,
  type ImportNote,
  type ImportOptions,
  type ImportSummary,
  type RowError,
} from './types';
import { validateBatch } from './validate';

/** How many row errors and duplicates a report lists (the counts are always complete). */
export const LISTED_ROWS = 1000;
/** Rows per insert (and per audit entry of the records service). */
export const COMMIT_BATCH = 1000;

export type ImportPhase = 'check' | 'import';

/** Progress of an import: the check pass counts bytes of the file, the import pass counts rows written. */
export interface ImportStep {
  phase: ImportPhase;
  done: number;
  total: number;
  /** Rows read so far (check) or written so far (import). */
  rows: number;
}

/** A file to import: `name` is what reports and the batch record call it (default: the path's base name). */
export interface ImportFileRef {
  path: string;
  name?: string;
}

export interface ImportRequest {
  actor: Actor;
  projectId: string;
  type: RecordType;
  /** The file on disk (one file), or `files` (several files read as one import). */
  file?: ImportFileRef;
  /** Several files, checked together and committed in one transaction (one `import_batches` row each). */
  files?: readonly ImportFileRef[];
  /**
   * Receives every error, however many (the report keeps the first LISTED_ROWS): row errors as they are found,
   * then each file's file errors (`kind: 'file'`). Every error names its file.
   */
  onErrors?: (errors: readonly RowError[], kind: 'row' | 'file') => void | Promise<void>;
  /** Detected from the content and the name when left out. */
  format?: ImportFormat;
  /** Parser options (delimiter, sheet, snapshot date, defaults such as `{ lead_partner: 'WLI' }`). */
  options?: Omit<ImportOptions, 'onProgress' | 'batchSize'>;
  onProgress?: (step: ImportStep) => void;
}

/** A valid row that is not imported because the database or an earlier row of the file already has it. */
export interface DuplicateRow {
  row: number;
  /** The row's file (always set by the import). */
  file?: string;
  /** The file of the row it repeats, when `of` is a row of another file. */
  ofFile?: string;
  /** What the row is (title, name, initiative, or channel · metric · date). */
  label: string;
  /** `database`, or the row of the file that has it first. */
  of: 'database' | number;
}

/** One file of an import: its counts and facts. */
export interface FileReport {
  name: string;
  format: ImportFormat;
  sha256: string;
  rows: number;
  valid: number;
  duplicates: number;
  invalid: number;
  /** Errors of the file's rows (`fileErrors` not counted). */
  errorCount: number;
  fileErrors: RowError[];
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  /** After a commit: rows written, and the file's `import_batches` row. */
  imported?: number;
  batchId?: string;
}

/** What files would import: counts (totals and per file), the first errors, error groups, duplicates, notes. */
export interface ImportReport {
  projectId: string;
  type: RecordType;
  /** The first file's format, name and hash (`files` has each). */
  format: ImportFormat;
  fileName: string;
  sha256: string;
  files: FileReport[];
  /** Rows read from the files. */
  rows: number;
  /** Valid rows that are new: what an import adds. */
  valid: number;
  duplicates: number;
  /** Rows with at least one error. */
  invalid: number;
  /** Problems with the whole file (a missing column, unreadable text): nothing can be imported. */
  fileErrors: RowError[];
  /** Row errors, the first LISTED_ROWS of them (`errorCount` counts all). */
  errors: RowError[];
  errorCount: number;
  /** Every row error counted by problem (i18n key or message) and column. */
  errorGroups: ErrorGroup[];
  duplicateRows: DuplicateRow[];
  warnings: ImportNote[];
  encoding?: string;
  delimiter?: string;
  /** File column → record field. */
  columns?: Record<string, string>;
}

export interface CommitRequest extends ImportRequest {
  /** Import the valid rows and leave the invalid ones out (an explicit choice; otherwise one invalid row stops all). */
  skipInvalid?: boolean;
}

export interface ImportResult extends ImportReport {
  /** `imported`: the transaction committed (possibly adding 0 rows); `rejected`: nothing was written. */
  status: 'imported' | 'rejected';
  imported: number;
  /** The first file's `import_batches` row (records have `source = import:<batchId>`); `batchIds` has each. */
  batchId?: string;
  batchIds?: string[];
}

// ---------------------------------------------------------------------------
// Who may import; authors' partners
// ---------------------------------------------------------------------------

/** The partners the actor may import for: all, or a partner editor's own; none → 401/403. */
export function importablePartners(actor: Actor, projectId: string): 'all' | ReadonlySet<string> {
  const partners = partnersFor(actor, 'record.create', projectId);
  if (partners === 'all') return 'all';
  if (partners.length === 0)
    throw new AppError({
      code: actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden',
      status: actor.kind === 'anonymous' ? 401 : 403,
      message:
        actor.kind === 'anonymous' ? 'Sign in to continue' : 'You do not have permission to import records',
      messageKey: actor.kind === 'anonymous' ? 'error.unauthenticated' : 'error.forbidden',
      params: { permission: 'record.create' },
    });
  return new Set(partners);
}

/** Affiliation text → partner code: the whole text or one of its comma-separated parts is a partner's code, alias or name. */
function affiliationIndex(plan: Plan): Map<string, string> {
  const index = new Map<string, string>();
  for (const p of plan.partners) {
    for (const name of [p.code, ...p.aliases, localize(p.name, 'en')])
      index.set(name.trim().toLowerCase(), p.code);
  }
  return index;
}

function partnerOfAffiliation(index: ReadonlyMap<string, string>, affiliation: string): string | undefined {
  const whole = index.get(affiliation.trim().toLowerCase());
  if (whole) return whole;
  const parts = affiliation
    .split(/[,;]/)
    .map((s) => index.get(s.trim().toLowerCase()))
    .filter((c): c is string => c !== undefined);
  return new Set(parts).size === 1 ? parts[0] : undefined;
}

/** Authors without a partner whose affiliation names exactly one partner get that partner. */
function mapAffiliations(row: CandidateRow, index: ReadonlyMap<string, string>): CandidateRow {
  const authors = row.input.authors;
  if (!Array.isArray(authors)) return row;
  const mapped = authors.map((a: unknown) => {
    if (typeof a !== 'object' || a === null) return a;
    const author = a as { partner?: unknown; affiliation?: unknown };
    if (author.partner !== undefined || typeof author.affiliation !== 'string') return a;
    const partner = partnerOfAffiliation(index, author.affiliation);
    return partner ? { ...author, partner } : a;
  });
  return { ...row, input: { ...row.input, authors: mapped } };
}

// ---------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------

/** A short label of a record for reports. */
export function recordLabel(type: RecordType, record: AnyRecord): string {
  const r = record as Record<string, unknown>;
  switch (type) {
    case 'event':
      return String(r.name);
    case 'synergy':
      return String(r.initiative);
    case 'metric':
      return `${String(r.channel)} · ${String(r.metric)} · ${String(r.date)}`;
    default:
      return String(r.title);
  }
}

/** The columns `duplicateKey` reads, per record type, from the live (not deleted) records of a project. */
async function existingKeys(db: Db | Tx, projectId: string, type: RecordType): Promise<Set<string>> {
  const rows: Record<string, unknown>[] = await (async () => {
    switch (type) {
      case 'publication':
        return db
          .select({
            doi: publications.doi,
            title: publications.title,
            date: publications.date,
            year: publications.year,
            lead_partner: publications.leadPartner,
          })
          .from(publications)
          .where(and(eq(publications.projectId, projectId), isNull(publications.deletedAt)));
      case 'activity':
        return db
          .select({
            title: activities.title,
            start_date: activities.startDate,
            lead_partner: activities.leadPartner,
          })
          .from(activities)
          .where(and(eq(activities.projectId, projectId), isNull(activities.deletedAt)));
      case 'event':
        return db
          .select({ name: events.name, start_date: events.startDate, lead_partner: events.leadPartner })
          .from(events)
          .where(and(eq(events.projectId, projectId), isNull(events.deletedAt)));
      case 'synergy':
        return db
          .select({
            initiative: synergies.initiative,
            kind: synergies.kind,
            date: synergies.date,
            lead_partner: synergies.leadPartner,
          })
          .from(synergies)
          .where(and(eq(synergies.projectId, projectId), isNull(synergies.deletedAt)));
      case 'metric':
        return db
          .select({
            channel: metricSnapshots.channel,
            metric: metricSnapshots.metric,
            date: metricSnapshots.date,
          })
          .from(metricSnapshots)
          .where(and(eq(metricSnapshots.projectId, projectId), isNull(metricSnapshots.deletedAt)));
    }
  })();
  // Only the key's fields are loaded: a partial record is enough for duplicateKey.
  return new Set(rows.map((r) => duplicateKey(type, r as unknown as RecordOutputs[RecordType])));
}

// ---------------------------------------------------------------------------
// The check pass
// ---------------------------------------------------------------------------

/** SHA-256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Appends NDJSON lines to a file, waiting when the stream is full. */
class Spool {
  private readonly out;
  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }
  async write(rows: readonly AnyRecord[]): Promise<void> {
    if (rows.length === 0) return;
    if (!this.out.write(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** The files of a request (`files`, else `file`), each with its name. */
export function requestFiles(req: Pick<ImportRequest, 'file' | 'files'>): Required<ImportFileRef>[] {
  const files = req.files ?? (req.file ? [req.file] : []);
  if (files.length === 0)
    throw new AppError({
      code: 'import_no_file',
      message: 'no file to import',
      messageKey: 'import.error.noFile',
    });
  return files.map((f) => ({ path: f.path, name: f.name ?? basename(f.path) }));
}

/** What the check pass shares across the files of one import. */
interface CheckState {
  report: ImportReport;
  /** Key → the first row (and its file) that has it. */
  seen: Map<string, { row: number; file: string }>;
  known: Set<string>;
  allowed: 'all' | ReadonlySet<string>;
  context: Awaited<ReturnType<typeof loadRecordContext>>;
  affiliations: Map<string, string>;
  /** Rows and bytes of the files already read (progress over all files). */
  rowsBefore: number;
  bytesBefore: number;
  totalBytes: number;
}

/** Reads the files once: validates every row, finds duplicates, and (with a spool folder) writes the new valid rows. */
async function check(db: Db, req: ImportRequest, spoolDir?: string): Promise<ImportReport> {
  const { actor, projectId, type } = req;
  const files = requestFiles(req);
  const allowed = importablePartners(actor, projectId);
  const context = await loadRecordContext(db, projectId);
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((st) => st.size)));
  const state: CheckState = {
    report: {
      projectId,
      type,
      format: 'csv',
      fileName: files.length === 1 ? (files[0]?.name ?? '') : `${files.length} files`,
      sha256: '',
      files: [],
      rows: 0,
      valid: 0,
      duplicates: 0,
      invalid: 0,
      fileErrors: [],
      errors: [],
      errorCount: 0,
      errorGroups: [],
      duplicateRows: [],
      warnings: [],
    },
    seen: new Map(),
    known: await existingKeys(db, projectId, type),
    allowed,
    context,
    affiliations: affiliationIndex(context.plan),
    rowsBefore: 0,
    bytesBefore: 0,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
  };
  for (const [i, file] of files.entries()) {
    const spool = spoolDir ? new Spool(join(spoolDir, `rows-${i}.ndjson`)) : undefined;
    try {
      await checkFile(state, req, file, spool);
    } finally {
      await spool?.close();
    }
    state.bytesBefore += sizes[i] ?? 0;
  }
  const first = state.report.files[0];
  return first ? { ...state.report, format: first.format, sha256: first.sha256 } : state.report;
}

/** The check pass over one file of an import. */
async function checkFile(
  state: CheckState,
  req: ImportRequest,
  file: Required<ImportFileRef>,
  spool?: Spool,
): Promise<void> {
  const { type } = req;
  const { report, seen, known, allowed, context, affiliations } = state;
  const ctx = context.validation;
  const [sha256, parsed] = await Promise.all([
    fileSha256(file.path),
    parseFile({
      path: file.path,
      name: file.name,
      type,
      ...(req.format ? { format: req.format } : {}),
      options: {
        ...req.options,
        batchSize: COMMIT_BATCH,
        onProgress: (p) =>
          req.onProgress?.({
            phase: 'check',
            done: state.bytesBefore + p.bytesRead,
            total: state.totalBytes,
            rows: state.rowsBefore + p.rows,
          }),
      },
    }),
  ]);
  const counts: FileReport = {
    name: file.name,
    format: parsed.format,
    sha256,
    rows: 0,
    valid: 0,
    duplicates: 0,
    invalid: 0,
    errorCount: 0,
    fileErrors: [],
  };
  const addErrors = async (errors: readonly RowError[]) => {
    if (errors.length === 0) return;
    report.errorCount += errors.length;
    counts.errorCount += errors.length;
    groupErrors(report.errorGroups, errors);
    for (const e of errors) if (report.errors.length < LISTED_ROWS) report.errors.push(e);
    await req.onErrors?.(errors, 'row');
  };
  for await (const batch of parsed.batches) {
    const candidates = type === 'publication' ? batch.map((r) => mapAffiliations(r, affiliations)) : batch;
    const fresh: AnyRecord[] = [];
    const validated = validateBatch(candidates, type, ctx);
    const batchErrors: RowError[] = [];
    for (const [i, row] of validated.entries()) {
      counts.rows += 1;
      const value = row.value as AnyRecord | undefined;
      const at = (field: string): RowError => ({
        ...placeOf(row),
        column: candidates[i]?.columns?.[field] ?? field,
        message: '',
      });
      if (value) {
        // The checks forms and the API make beyond the schema (no snapshot in the future, a plausible year).
        for (const issue of reasonIssues(type, value as Record<string, unknown>, context))
          row.errors.push({
            ...at(String(issue.path[0] ?? '')),
            message: issue.message,
            ...(issue.key !== undefined ? { key: issue.key, params: issue.params ?? {} } : {}),
          });
        if (allowed !== 'all' && !allowed.has(value.lead_partner))
          row.errors.push({
            ...at('lead_partner'),
            message: `you may only import records led by ${[...allowed].join(', ')} (this row is led by ${value.lead_partner})`,
            key: 'validation.import.leadNotAllowed',
            params: { allowed: [...allowed].join(', '), lead: value.lead_partner },
          });
      }
      if (row.errors.length > 0 || !value) {
        counts.invalid += 1;
        batchErrors.push(...row.errors);
        continue;
      }
      const key = duplicateKey(type, value);
      const first = seen.get(key);
      if (known.has(key) || first !== undefined) {
        counts.duplicates += 1;
        if (report.duplicateRows.length < LISTED_ROWS)
          report.duplicateRows.push({
            row: row.row,
            file: file.name,
            label: recordLabel(type, value),
            of: first?.row ?? 'database',
            ...(first && first.file !== file.name ? { ofFile: first.file } : {}),
          });
        continue;
      }
      seen.set(key, { row: row.row, file: file.name });
      counts.valid += 1;
      fresh.push(value);
    }
    await addErrors(batchErrors);
    await spool?.write(fresh);
  }
  const summary: ImportSummary = parsed.summary;
  counts.fileErrors = summary.fileErrors.map((e) => ({ ...e, file: e.file ?? file.name }));
  if (counts.fileErrors.length > 0) await req.onErrors?.(counts.fileErrors, 'file');
  if (summary.encoding !== undefined) counts.encoding = summary.encoding;
  if (summary.delimiter !== undefined) counts.delimiter = summary.delimiter;
  if (summary.sheet !== undefined) counts.sheet = summary.sheet;
  report.files.push(counts);
  report.rows += counts.rows;
  report.valid += counts.valid;
  report.duplicates += counts.duplicates;
  report.invalid += counts.invalid;
  report.fileErrors.push(...counts.fileErrors);
  report.warnings.push(...summary.warnings.map((w) => ({ ...asNote(w), file: file.name })));
  // A single file's facts stay on the report as before (encoding, delimiter, columns).
  if (report.files.length === 1) {
    if (summary.encoding !== undefined) report.encoding = summary.encoding;
    if (summary.delimiter !== undefined) report.delimiter = summary.delimiter;
    if (summary.columns !== undefined) report.columns = summary.columns;
  }
  state.rowsBefore += counts.rows;
}

/** Whether a report may be committed: no file error, and no invalid row unless the caller skips them. */
export const committable = (report: ImportReport, skipInvalid: boolean): boolean =>
  report.fileErrors.length === 0 && (report.invalid === 0 || skipInvalid);

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** Reads and validates the whole file, finds duplicates; writes nothing. */
export function previewImport(db: Db, req: ImportRequest): Promise<ImportReport> {
  return check(db, req);
}

/** Rows of a spool file, in batches. */
async function* spooled(path: string, size: number): AsyncGenerator<AnyRecord[]> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let batch: AnyRecord[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(JSON.parse(line) as AnyRecord);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Validates the whole file, then imports its new valid rows in one transaction (all or nothing). Without
 * `skipInvalid`, one invalid row means nothing is imported (`status: 'rejected'`). Re-importing a file adds nothing:
 * its rows are duplicates of what the first import wrote.
 */
export async function commitImport(db: Db, req: CommitRequest): Promise<ImportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-commit-'));
  try {
    const report = await check(db, req, dir);
    if (!committable(report, req.skipInvalid ?? false)) return { ...report, status: 'rejected', imported: 0 };
    const { insertRecords } = await import('../records/service');
    const total = report.valid;
    const files = await db.transaction(async (tx) => {
      // One import per project and record type at a time, so two imports of one file cannot both add its rows.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`herald-import:${req.projectId}:${req.type}`}))`,
      );
      // Rows written since the check are duplicates now.
      const known = await existingKeys(tx, req.projectId, req.type);
      let written = 0;
      const out: FileReport[] = [];
      // Every file in the same transaction: all of them are imported, or none.
      for (const [i, file] of report.files.entries()) {
        const batchId = randomUUID();
        const source = `import:${batchId}`;
        let imported = 0;
        let late = 0;
        for await (const batch of spooled(join(dir, `rows-${i}.ndjson`), COMMIT_BATCH)) {
          const rows = batch.filter((r) => !known.has(duplicateKey(req.type, r)));
          late += batch.length - rows.length;
          if (rows.length > 0)
            await insertRecords(tx, {
              actor: req.actor,
              projectId: req.projectId,
              type: req.type,
              rows,
              source,
            });
          imported += rows.length;
          written += batch.length;
          req.onProgress?.({ phase: 'import', done: written, total, rows: written - late });
        }
        const counts = {
          rows: file.rows,
          imported,
          duplicates: file.duplicates + late,
          invalid: file.invalid,
        };
        await tx.insert(importBatches).values({
          id: batchId,
          projectId: req.projectId,
          recordType: req.type,
          format: file.format,
          fileName: file.name,
          sha256: file.sha256,
          ...counts,
          actorId: actorId(req.actor),
        });
        await appendAudit(tx, {
          projectId: req.projectId,
          actor: req.actor,
          action: 'import.commit',
          entityType: 'import_batch',
          entityId: batchId,
          after: {
            type: req.type,
            format: file.format,
            file: file.name,
            sha256: file.sha256,
            ...counts,
          },
        });
        out.push({ ...file, duplicates: counts.duplicates, valid: imported, imported, batchId });
      }
      return out;
    });
    const imported = files.reduce((n, f) => n + (f.imported ?? 0), 0);
    const batchIds = files.map((f) => f.batchId ?? '');
    return {
      ...report,
      files,
      valid: imported,
      duplicates: files.reduce((n, f) => n + f.duplicates, 0),
      status: 'imported',
      imported,
      ...(batchIds[0] ? { batchId: batchIds[0] } : {}),
      batchIds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Past imports of a project, newest first (for the upload page). */
export async function listImportBatches(
  db: Db,
  q: { actor: Actor; projectId: string; limit?: number },
): Promise<ImportBatchRow[]> {
  importablePartners(q.actor, q.projectId);
  return db
    .select()
    .from(importBatches)
    .where(eq(importBatches.projectId, q.projectId))
    .orderBy(desc(importBatches.createdAt))
    .limit(q.limit ?? 20);
}
