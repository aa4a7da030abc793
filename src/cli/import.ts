/**
 * `herald import FILE --project ID --type TYPE`: validates the whole file, prints each problem as
 * `FILE:ROW:COLUMN: message`, imports in one transaction, and ends with `imported N, duplicates D, invalid E`.
 * Exit 1 when nothing was imported because of invalid rows (without --skip-invalid); 0 otherwise.
 */
import { stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ImportReport, ImportStep } from '../importers/commit';
import { IMPORT_FORMATS, type ImportFormat, type RowError } from '../importers/types';
import type { ConflictRow } from '../importers/shared-doi';
import { RECORD_TYPES, isoDateSchema, type RecordType } from '../plan/schema';
import { CliExit, cliActor, withDatabase } from './context';
import { dateNoteLines } from '../importers/date-notes';

/** Row errors printed before "… and N more". */
export const PRINTED_ERRORS = 50;
/** Duplicates named before "… and N more". */
const PRINTED_DUPLICATES = 10;
/** Files from this size on get a progress bar (or progress lines when stderr is not a terminal). */
const LARGE_FILE_BYTES = 1024 * 1024;

export interface ImportCommandOptions {
  project: string;
  type: RecordType;
  format?: ImportFormat;
  dryRun?: boolean;
  skipInvalid?: boolean;
  partner?: string;
  date?: string;
  /** Metric files: a complete export of its source (true), not (false), or the format's default. */
  complete?: boolean;
  /** X account overview: the account (`@handle`). */
  account?: string;
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress of a large file; omitted: none. */
  progress?: (file: string, totalBytes: number) => ProgressSink;
}

export interface ProgressSink {
  update(step: ImportStep): void;
  stop(): void;
}

/** `FILE:ROW:COLUMN: message` (`FILE:ROW: message` without a column, `FILE: message` for the whole file). */
export function errorLine(file: string, e: RowError): string {
  const where = e.row > 0 ? `${file}:${e.row}${e.column !== undefined ? `:${e.column}` : ''}` : file;
  const line =
    e.line !== undefined && e.line !== e.row
      ? ` (line ${e.line}${e.col !== undefined ? `, column ${e.col}` : ''})`
      : '';
  const column = e.row === 0 && e.column !== undefined ? ` (column "${e.column}")` : '';
  return `${where}: ${e.message}${column}${line}`;
}

export const summaryLine = (
  imported: number,
  r: Pick<ImportReport, 'duplicates' | 'invalid'> & { conflicts?: number },
): string =>
  `imported ${imported}, duplicates ${r.duplicates}, invalid ${r.invalid}${r.conflicts ? `, conflicts ${r.conflicts}` : ''}`;

/** `FILE:ROW: conflict: …` for a row left out because its DOI is another publication's under another title. */
export const conflictLine = (file: string, c: ConflictRow): string =>
  `${file}:${c.row}: conflict: DOI ${c.doi} is already used by ${c.of === 'database' ? `the record "${c.otherTitle}"${c.otherId ? ` (${c.otherId})` : ''}` : `row ${c.of} ("${c.otherTitle}")`} under another title: "${c.title}" is not imported; settle it by hand`;

function printReport(file: string, report: ImportReport, io: Output): void {
  for (const w of report.warnings) io.err(`${file}: warning: ${w}`);
  for (const note of dateNoteLines(report.dates)) io.err(`${file}: note: ${note}`);
  for (const e of report.fileErrors) io.err(errorLine(file, e));
  const shown = report.errors.slice(0, PRINTED_ERRORS);
  for (const e of shown) io.err(errorLine(file, e));
  if (report.errorCount > shown.length)
    io.err(`${file}: … and ${report.errorCount - shown.length} more errors`);
  const dups = report.duplicateRows.slice(0, PRINTED_DUPLICATES);
  for (const d of dups)
    io.err(
      `${file}:${d.row}: duplicate of ${d.of === 'database' ? 'a record already in the project' : `row ${d.of}`}: ${d.label}`,
    );
  if (report.duplicates > dups.length)
    io.err(`${file}: … and ${report.duplicates - dups.length} more duplicates`);
  for (const c of report.conflictRows.slice(0, PRINTED_DUPLICATES)) io.err(conflictLine(file, c));
  if (report.conflicts > Math.min(report.conflictRows.length, PRINTED_DUPLICATES))
    io.err(
      `${file}: … and ${report.conflicts - Math.min(report.conflictRows.length, PRINTED_DUPLICATES)} more conflicts`,
    );
}

/** A complete export that lacks items counted so far: which, and from when they stop counting. */
function printCompleteExport(file: string, report: ImportReport, io: Output): void {
  const c = report.completeExport;
  if (!c || c.missingCount === 0) return;
  io.err(
    `${file}: complete export of "${c.source}" on ${c.asOf}: ${c.missingCount} item(s) counted so far are missing and no longer count from that date`,
  );
  for (const item of c.missing.slice(0, PRINTED_DUPLICATES)) io.err(`${file}: missing: ${item.channel}`);
  if (c.missingCount > PRINTED_DUPLICATES)
    io.err(`${file}: … and ${c.missingCount - PRINTED_DUPLICATES} more missing`);
}

/** Runs an import against `db` and returns the exit code; everything printed goes through `io`. */
export async function runImport(
  db: Db,
  file: string,
  opts: ImportCommandOptions,
  io: Output,
): Promise<number> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    io.err(`${file}: cannot read: ${(e as Error).message}`);
    return 1;
  }
  const [{ commitImport, previewImport, committable }, { systemActor }] = await Promise.all([
    import('../importers/commit'),
    import('../auth/permissions'),
  ]);
  const sink = size >= LARGE_FILE_BYTES ? io.progress?.(file, size) : undefined;
  const request = {
    actor: systemActor(cliActor()),
    projectId: opts.project,
    type: opts.type,
    file: { path: file },
    ...(opts.format ? { format: opts.format } : {}),
    options: {
      ...(opts.partner ? { defaults: { lead_partner: opts.partner } } : {}),
      ...(opts.date ? { snapshotDate: opts.date } : {}),
      ...(opts.complete !== undefined ? { completeExport: opts.complete } : {}),
      ...(opts.account ? { account: opts.account } : {}),
    },
    ...(sink ? { onProgress: (s: ImportStep) => sink.update(s) } : {}),
  };
  const skipInvalid = opts.skipInvalid ?? false;
  try {
    if (opts.dryRun) {
      const report = await previewImport(db, request);
      sink?.stop();
      printReport(file, report, io);
      printCompleteExport(file, report, io);
      const ok = committable(report, skipInvalid);
      io.out(
        ok
          ? `dry run: nothing written; an import would add ${report.valid} record(s)`
          : `dry run: nothing written; an import would add nothing (${report.fileErrors.length > 0 ? 'the file has errors' : 'invalid rows: fix them or use --skip-invalid'})`,
      );
      io.out(summaryLine(0, report));
      return ok ? 0 : 1;
    }
    const result = await commitImport(db, { ...request, skipInvalid });
    sink?.stop();
    printReport(file, result, io);
    printCompleteExport(file, result, io);
    if (result.status === 'rejected')
      io.err(
        result.fileErrors.length > 0
          ? `${file}: nothing imported: the file has errors`
          : `${file}: nothing imported: ${result.invalid} invalid row(s); fix them, or import only the valid rows with --skip-invalid`,
      );
    else if (result.invalid > 0)
      io.err(`${file}: ${result.invalid} invalid row(s) left out (--skip-invalid)`);
    io.out(summaryLine(result.imported, result));
    return result.status === 'rejected' ? 1 : 0;
  } finally {
    sink?.stop();
  }
}

/** A cli-progress bar on a terminal; elsewhere a line at every further 10 % (and each phase's end). */
async function stderrProgress(file: string): Promise<(f: string, total: number) => ProgressSink> {
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    return () => {
      let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
      let phase: string | undefined;
      return {
        update(step) {
          if (step.phase !== phase) {
            bar?.stop();
            phase = step.phase;
            bar = new cliProgress.SingleBar(
              {
                stream: process.stderr,
                format: `${step.phase === 'check' ? 'checking ' : 'importing'} |{bar}| {percentage}% | {rows} rows`,
                hideCursor: true,
                clearOnComplete: false,
              },
              cliProgress.Presets.shades_classic,
            );
            bar.start(Math.max(step.total, 1), 0, { rows: 0 });
          }
          bar?.update(step.done, { rows: step.rows });
        },
        stop() {
          bar?.stop();
          bar = undefined;
        },
      };
    };
  }
  return () => {
    let phase: string | undefined;
    let next = 0;
    return {
      update(step) {
        if (step.phase !== phase) {
          phase = step.phase;
          next = 0;
        }
        const pct = step.total > 0 ? Math.floor((step.done / step.total) * 100) : 100;
        if (pct < next) return;
        next = Math.floor(pct / 10) * 10 + 10;
        process.stderr.write(
          `${file}: ${step.phase === 'check' ? 'checked' : 'imported'} ${step.rows} rows (${pct}%)\n`,
        );
      },
      stop() {},
    };
  };
}

const optionsSchema = z.object({
  project: z.string().min(1),
  type: z.enum(RECORD_TYPES),
  format: z.enum(IMPORT_FORMATS).optional(),
  dryRun: z.boolean().optional(),
  skipInvalid: z.boolean().optional(),
  partner: z.string().trim().min(1).optional(),
  date: isoDateSchema.optional(),
  complete: z.boolean().optional(),
  account: z.string().trim().min(1).optional(),
});

export function importCommand(): Command {
  return new Command('import')
    .description(
      'import records from a file (CSV, XLSX, BibTeX, RIS, CSL-JSON, Crossref JSON, X analytics, Zenodo stats, metrics CSV): ' +
        'validates the whole file, then imports in one transaction; duplicates are left out',
    )
    .argument('<file>', 'the file to import')
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .addOption(new Option('--type <type>', 'record type').choices([...RECORD_TYPES]).makeOptionMandatory())
    .addOption(
      new Option('--format <format>', 'file format (default: detected)').choices([...IMPORT_FORMATS]),
    )
    .option('--dry-run', 'check the file and report what an import would do; write nothing')
    .option('--skip-invalid', 'import the valid rows and leave the invalid ones out')
    .option('--partner <code>', 'lead partner (code or alias) of rows without a lead partner column')
    .option('--date <YYYY-MM-DD>', 'snapshot date of metric files that carry none (Zenodo stats)')
    .option(
      '--complete',
      'the metric file is the complete state of its source on its date: items missing from it stop counting ' +
        '(default for Zenodo stats)',
    )
    .option(
      '--no-complete',
      'the metric file is part of its source, or a flow of one period (default for X files)',
    )
    .option('--account <handle>', 'the X account of an account overview export (@handle)')
    .action(async (file: string, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        for (const i of parsed.error.issues) process.stderr.write(`--${String(i.path[0])}: ${i.message}\n`);
        throw new CliExit(1);
      }
      const progress = await stderrProgress(file);
      const code = await withDatabase((d) =>
        runImport(d.db, file, parsed.data, {
          out: (l) => process.stdout.write(`${l}\n`),
          err: (l) => process.stderr.write(`${l}\n`),
          progress,
        }),
      );
      if (code !== 0) throw new CliExit(code);
    });
}
