/**
 * The check pass of an import: reads the files once, validates every row against the record schema, the plan and
 * the actor's partners, finds duplicates (the live records and the files themselves), counts and groups the errors
 * (every one goes to `onErrors`), and hands the new valid rows of each file to the commit as it finds them
 * (src/importers/commit.ts: one pass that parses, validates and writes).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { partnersFor, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError, denied } from '../errors';
import { localize, type Plan, type RecordType } from '../plan/schema';
import { loadRecordContext } from '../records/context';
import { reasonIssues } from '../records/validate';
import { projectEnd } from '../plan/time';
import { duplicateKey, type AnyRecord, type Publication } from '../records/schema';
import type { FileReport, ImportFileRef, ImportReport, ImportRequest } from './report';
import { ExportTracker } from './complete-export';
import { emptyDateNotes, noteDates } from './date-notes';
import { groupErrors } from './error-groups';
import { parseFileIsolated } from './parse-isolated';
import { asNote, placeOf, type CandidateRow, type ImportSummary, type RowError } from './types';
import { DoiIndex } from './shared-doi';
import { KeyIndex } from './duplicate-keys';
import { validateBatch } from './validate';
import { systemClock } from '../lib/clock';

/** How many row errors and duplicates a report lists (the counts are always complete). */
export const LISTED_ROWS = 1000;
/** Rows per insert (and per audit entry of the records service). */
export const COMMIT_BATCH = 1000;

// ---------------------------------------------------------------------------
// Who may import; authors' partners
// ---------------------------------------------------------------------------

/** The partners the actor may import for: all, or a partner editor's own; none → 401/403. */
export function importablePartners(actor: Actor, projectId: string): 'all' | ReadonlySet<string> {
  const partners = partnersFor(actor, 'record.create', projectId);
  if (partners === 'all') return 'all';
  if (partners.length === 0)
    throw denied({
      anonymous: actor.kind === 'anonymous',
      message: 'You do not have permission to import records',
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

// ---------------------------------------------------------------------------
// The check pass
// ---------------------------------------------------------------------------

/** SHA-256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Where the commit's single pass puts the new valid rows as it finds them (src/importers/commit.ts writes them in
 * chunks); `report` is the pass's report so far (its invalid rows and errors up to these rows).
 */
export interface RowSink {
  rows(file: number, rows: AnyRecord[], report: ImportReport): Promise<void>;
  /** The file's last rows were handed over. */
  endFile(file: number, report: ImportReport): Promise<void>;
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
  db: Db;
  report: ImportReport;
  /** The live records' duplicate keys and the first row (and file) of each key met so far. */
  keys: KeyIndex;
  /** The files' names, by index (where a duplicate's first row is). */
  fileNames: readonly string[];
  allowed: 'all' | ReadonlySet<string>;
  context: Awaited<ReturnType<typeof loadRecordContext>>;
  /** The clock's day for the whole check (no snapshot after it). */
  today: string;
  affiliations: Map<string, string>;
  /** Publications: DOIs of the records and of the rows read so far (container DOIs, same-DOI conflicts). */
  dois?: DoiIndex;
  /** Rows and bytes of the files already read (progress over all files). */
  rowsBefore: number;
  bytesBefore: number;
  totalBytes: number;
}

/** Reads the files once: validates every row, finds duplicates, and (with a sink) hands over the new valid rows. */
export async function check(db: Db, req: ImportRequest, sink?: RowSink): Promise<ImportReport> {
  const { actor, projectId, type } = req;
  const files = requestFiles(req);
  const allowed = importablePartners(actor, projectId);
  const context = await loadRecordContext(db, projectId);
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((st) => st.size)));
  const state: CheckState = {
    db,
    today: (req.clock ?? systemClock).today(),
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
      conflicts: 0,
      conflictRows: [],
      warnings: [],
      dates: emptyDateNotes({
        start: context.plan.project.start_date,
        end: projectEnd(context.plan.project.start_date, context.plan.project.duration_months),
      }),
    },
    keys: await KeyIndex.load(db, projectId, type),
    fileNames: files.map((f) => f.name),
    allowed,
    context,
    affiliations: affiliationIndex(context.plan),
    ...(type === 'publication' ? { dois: await DoiIndex.load(db, projectId) } : {}),
    rowsBefore: 0,
    bytesBefore: 0,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
  };
  for (const [i, file] of files.entries()) {
    await checkFile(state, req, { ...file, index: i }, sink);
    await sink?.endFile(i, state.report);
    state.bytesBefore += sizes[i] ?? 0;
  }
  const first = state.report.files[0];
  return first ? { ...state.report, format: first.format, sha256: first.sha256 } : state.report;
}

/** The check pass over one file of an import. */
async function checkFile(
  state: CheckState,
  req: ImportRequest,
  file: Required<ImportFileRef> & { index: number },
  sink?: RowSink,
): Promise<void> {
  const { type } = req;
  const { report, keys, allowed, context, affiliations, dois } = state;
  const ctx = context.validation;
  // Parsed in a worker thread with time and memory limits: no file can stall the server (src/importers/parse-isolated.ts).
  const [sha256, parsed] = await Promise.all([
    fileSha256(file.path),
    parseFileIsolated({
      path: file.path,
      name: file.name,
      type,
      ...(req.format ? { format: req.format } : {}),
      options: {
        ...req.options,
        today: state.today,
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
  const tracker = parsed.summary.export?.complete ? new ExportTracker(parsed.summary.export) : undefined;
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
        for (const issue of reasonIssues(type, value as Record<string, unknown>, context, state.today))
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
      tracker?.add(value);
      const record = dois
        ? (dois.contained(value as Publication, candidates[i]?.sharedDoi) as AnyRecord)
        : value;
      const key = keys.hash(duplicateKey(type, record));
      const first = keys.first(key);
      if (first !== undefined) {
        counts.duplicates += 1;
        const ofFile = first === 'database' ? undefined : state.fileNames[first.file];
        if (report.duplicateRows.length < LISTED_ROWS)
          report.duplicateRows.push({
            row: row.row,
            file: file.name,
            label: recordLabel(type, record),
            of: first === 'database' ? 'database' : first.row,
            ...(ofFile !== undefined && ofFile !== file.name ? { ofFile } : {}),
          });
        continue;
      }
      const conflict = dois?.conflict(record as Publication, {
        row: row.row,
        ...(row.line !== undefined ? { line: row.line } : {}),
        file: file.name,
      });
      if (conflict) {
        report.conflicts += 1;
        if (report.conflictRows.length < LISTED_ROWS) report.conflictRows.push(conflict);
        continue;
      }
      dois?.add(record as Publication, row.row);
      keys.add(key, { row: row.row, file: file.index });
      counts.valid += 1;
      if (report.dates)
        noteDates(report.dates, { row: row.row, label: recordLabel(type, value), type, value });
      fresh.push(record);
    }
    await addErrors(batchErrors);
    if (sink && fresh.length > 0) await sink.rows(file.index, fresh, report);
  }
  const summary: ImportSummary = parsed.summary;
  if (tracker) {
    const error = tracker.sourceError();
    if (error) summary.fileErrors.push(error);
    const complete = await tracker.finish(state.db, req.projectId);
    if (complete) {
      counts.completeExport = complete;
      report.completeExport = complete;
    }
  }
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
