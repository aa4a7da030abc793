/**
 * Imports that commit: `previewImport` reads and validates a whole file against the project (partners and aliases,
 * vocabulary, period, plan codes, the actor's partners) and finds duplicates, writing nothing; `commitImport` does
 * the same, then — only when nothing is invalid, or the caller explicitly chose to skip invalid rows — inserts the
 * new rows in ONE transaction through the records service, records an `import_batches` row and an audit entry.
 *
 * Memory stays at one batch: the file is streamed; the validation pass keeps only duplicate keys, counts and the
 * first errors, and spools the valid new rows to a temp NDJSON file that the commit pass streams back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
import { duplicateKey, type AnyRecord, type Publication, type RecordOutputs } from '../records/schema';
import { ExportTracker, type CompleteExport } from './complete-export';
import { parseFile } from './parse-file';
import { DoiIndex, type ConflictRow } from './shared-doi';
import { emptyDateNotes, noteDates, type DateNotes } from './date-notes';
import { projectEnd } from '../plan/time';
import type { CandidateRow, ImportFormat, ImportOptions, ImportSummary, RowError } from './types';
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

export interface ImportRequest {
  actor: Actor;
  projectId: string;
  type: RecordType;
  /** The file on disk; `name` is what reports and the batch record call it (default: the path's base name). */
  file: { path: string; name?: string };
  /** Detected from the content and the name when left out. */
  format?: ImportFormat;
  /** Parser options (delimiter, sheet, snapshot date, defaults such as `{ lead_partner: 'WLI' }`). */
  options?: Omit<ImportOptions, 'onProgress' | 'batchSize'>;
  onProgress?: (step: ImportStep) => void;
}

/** A valid row that is not imported because the database or an earlier row of the file already has it. */
export interface DuplicateRow {
  row: number;
  /** What the row is (title, name, initiative, or channel · metric · date). */
  label: string;
  /** `database`, or the row of the file that has it first. */
  of: 'database' | number;
}

/** What a file would import: counts, the first row errors and duplicates, and the parser's notes. */
export interface ImportReport {
  projectId: string;
  type: RecordType;
  format: ImportFormat;
  fileName: string;
  sha256: string;
  /** Rows read from the file. */
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
  duplicateRows: DuplicateRow[];
  /** Publications left out because their DOI is another's under another title (src/importers/shared-doi.ts). */
  conflicts: number;
  /** The first LISTED_ROWS conflicts. */
  conflictRows: ConflictRow[];
  warnings: string[];
  encoding?: string;
  delimiter?: string;
  /** File column → record field. */
  columns?: Record<string, string>;
  /** Set when the file is imported as a complete export of its source: the items it lacks stop counting. */
  completeExport?: CompleteExport;
  /** Approximate dates and rows outside the project period, among the rows the import adds. */
  dates?: DateNotes;
}

export interface CommitRequest extends ImportRequest {
  /** Import the valid rows and leave the invalid ones out (an explicit choice; otherwise one invalid row stops all). */
  skipInvalid?: boolean;
}

export interface ImportResult extends ImportReport {
  /** `imported`: the transaction committed (possibly adding 0 rows); `rejected`: nothing was written. */
  status: 'imported' | 'rejected';
  imported: number;
  /** The `import_batches` row (records have `source = import:<batchId>`). */
  batchId?: string;
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
            date_precision: publications.datePrecision,
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

/** Reads the file once: validates every row, finds duplicates, and (with a spool) writes the new valid rows. */
async function check(db: Db, req: ImportRequest, spool?: Spool): Promise<ImportReport> {
  const { actor, projectId, type } = req;
  const allowed = importablePartners(actor, projectId);
  const context = await loadRecordContext(db, projectId);
  const { plan } = context;
  const ctx = context.validation;
  const affiliations = affiliationIndex(plan);
  const fileName = req.file.name ?? basename(req.file.path);
  const [sha256, parsed] = await Promise.all([
    fileSha256(req.file.path),
    parseFile({
      path: req.file.path,
      type,
      ...(req.format ? { format: req.format } : {}),
      options: {
        ...req.options,
        batchSize: COMMIT_BATCH,
        onProgress: (p) =>
          req.onProgress?.({ phase: 'check', done: p.bytesRead, total: p.totalBytes, rows: p.rows }),
      },
    }),
  ]);
  const known = await existingKeys(db, projectId, type);
  const tracker = parsed.summary.export?.complete ? new ExportTracker(parsed.summary.export) : undefined;
  /** Key → first row of the file that has it. */
  const seen = new Map<string, number>();
  const report: ImportReport = {
    projectId,
    type,
    format: parsed.format,
    fileName,
    sha256,
    rows: 0,
    valid: 0,
    duplicates: 0,
    invalid: 0,
    fileErrors: [],
    errors: [],
    errorCount: 0,
    duplicateRows: [],
    conflicts: 0,
    conflictRows: [],
    warnings: [],
    dates: emptyDateNotes({
      start: plan.project.start_date,
      end: projectEnd(plan.project.start_date, plan.project.duration_months),
    }),
  };
  const dois = type === 'publication' ? await DoiIndex.load(db, projectId) : undefined;
  const addErrors = (errors: readonly RowError[]) => {
    report.errorCount += errors.length;
    for (const e of errors) if (report.errors.length < LISTED_ROWS) report.errors.push(e);
  };
  for await (const batch of parsed.batches) {
    const candidates = type === 'publication' ? batch.map((r) => mapAffiliations(r, affiliations)) : batch;
    const fresh: AnyRecord[] = [];
    const validated = validateBatch(candidates, type, ctx);
    for (const [i, row] of validated.entries()) {
      report.rows += 1;
      const value = row.value as AnyRecord | undefined;
      const at = (field: string): RowError => ({
        row: row.row,
        ...(row.line !== undefined ? { line: row.line } : {}),
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
        report.invalid += 1;
        addErrors(row.errors);
        continue;
      }
      tracker?.add(value);
      const record = dois
        ? (dois.contained(value as Publication, candidates[i]?.sharedDoi) as AnyRecord)
        : value;
      const key = duplicateKey(type, record);
      const first = seen.get(key);
      if (known.has(key) || first !== undefined) {
        report.duplicates += 1;
        if (report.duplicateRows.length < LISTED_ROWS)
          report.duplicateRows.push({
            row: row.row,
            label: recordLabel(type, record),
            of: first ?? 'database',
          });
        continue;
      }
      const conflict = dois?.conflict(record as Publication, {
        row: row.row,
        ...(row.line !== undefined ? { line: row.line } : {}),
        ...(row.file !== undefined ? { file: row.file } : {}),
      });
      if (conflict) {
        report.conflicts += 1;
        if (report.conflictRows.length < LISTED_ROWS) report.conflictRows.push(conflict);
        continue;
      }
      dois?.add(record as Publication, row.row);
      seen.set(key, row.row);
      report.valid += 1;
      if (report.dates)
        noteDates(report.dates, { row: row.row, label: recordLabel(type, value), type, value });
      fresh.push(record);
    }
    await spool?.write(fresh);
  }
  if (tracker) {
    const error = tracker.sourceError();
    if (error) parsed.summary.fileErrors.push(error);
    const complete = await tracker.finish(db, projectId);
    if (complete) report.completeExport = complete;
  }
  return withSummary(report, parsed.summary);
}

function withSummary(report: ImportReport, summary: ImportSummary): ImportReport {
  return {
    ...report,
    fileErrors: summary.fileErrors,
    warnings: summary.warnings,
    ...(summary.encoding !== undefined ? { encoding: summary.encoding } : {}),
    ...(summary.delimiter !== undefined ? { delimiter: summary.delimiter } : {}),
    ...(summary.columns !== undefined ? { columns: summary.columns } : {}),
  };
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
    const spool = new Spool(join(dir, 'rows.ndjson'));
    let report: ImportReport;
    try {
      report = await check(db, req, spool);
    } finally {
      await spool.close();
    }
    if (!committable(report, req.skipInvalid ?? false)) return { ...report, status: 'rejected', imported: 0 };
    const { insertRecords } = await import('../records/service');
    const batchId = randomUUID();
    const source = `import:${batchId}`;
    const total = report.valid;
    const result = await db.transaction(async (tx) => {
      // One import per project and record type at a time, so two imports of one file cannot both add its rows.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`herald-import:${req.projectId}:${req.type}`}))`,
      );
      // Rows written since the check are duplicates now.
      const known = await existingKeys(tx, req.projectId, req.type);
      const dois = req.type === 'publication' ? await DoiIndex.load(tx, req.projectId) : undefined;
      let imported = 0;
      let late = 0;
      let lateConflicts = 0;
      for await (const batch of spooled(spool.path, COMMIT_BATCH)) {
        const fresh = batch.filter((r) => !known.has(duplicateKey(req.type, r)));
        // A record with the row's DOI under another title, written since the check: a conflict now.
        const rows = dois ? fresh.filter((r) => !dois.conflict(r as Publication, { row: 0 })) : fresh;
        late += batch.length - fresh.length;
        lateConflicts += fresh.length - rows.length;
        if (rows.length > 0)
          await insertRecords(tx, {
            actor: req.actor,
            projectId: req.projectId,
            type: req.type,
            rows,
            source,
          });
        imported += rows.length;
        req.onProgress?.({ phase: 'import', done: imported + late + lateConflicts, total, rows: imported });
      }
      const counts = {
        rows: report.rows,
        imported,
        duplicates: report.duplicates + late,
        invalid: report.invalid,
      };
      await tx.insert(importBatches).values({
        id: batchId,
        projectId: req.projectId,
        recordType: req.type,
        format: report.format,
        fileName: report.fileName,
        sha256: report.sha256,
        ...counts,
        actorId: actorId(req.actor),
        ...(report.completeExport
          ? { completeSource: report.completeExport.source, completeAsOf: report.completeExport.asOf }
          : {}),
      });
      await appendAudit(tx, {
        projectId: req.projectId,
        actor: req.actor,
        action: 'import.commit',
        entityType: 'import_batch',
        entityId: batchId,
        after: {
          type: req.type,
          format: report.format,
          file: report.fileName,
          sha256: report.sha256,
          ...counts,
          conflicts: report.conflicts + lateConflicts,
          ...(report.completeExport
            ? { complete_source: report.completeExport.source, complete_as_of: report.completeExport.asOf }
            : {}),
        },
      });
      return { ...counts, conflicts: report.conflicts + lateConflicts };
    });
    return {
      ...report,
      valid: result.imported,
      duplicates: result.duplicates,
      conflicts: result.conflicts,
      status: 'imported',
      imported: result.imported,
      batchId,
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
