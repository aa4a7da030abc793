/**
 * `herald import FILE... --project ID --type TYPE`: validates every file (paths or quoted wildcards), prints each
 * problem as `FILE:ROW:COLUMN: message`, imports all files in one transaction, and ends with
 * `imported N, duplicates D, invalid E`; `--errors FILE` writes every problem as CSV. Exit 1 when nothing was
 * imported because of invalid rows (without --skip-invalid); 0 otherwise.
 */
import { stat } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ImportReport, ImportStep } from '../importers/commit';
import { ErrorCsvFile } from '../importers/error-log';
import { IMPORT_FORMATS, entryText, type ImportFormat, type RowError } from '../importers/types';
import type { ConflictRow } from '../importers/shared-doi';
import { RECORD_TYPES, isoDateSchema, type RecordType } from '../plan/schema';
import { KIND_SLUGS } from '../records/kinds';
import { CliExit, cliActor, withDatabase } from './context';
import { dateNoteLines } from '../importers/date-notes';
import { expandPaths } from './glob';
import { cliIo, userPath } from './io';
import { isDoiListFile, runDoiImport } from './import-dois';

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
  /** Write every problem (file, line, entry, column, message) to this CSV file. */
  errors?: string;
  /** What the output calls each file (default: its path); a DOI list's looked-up file is named after the list. */
  names?: readonly string[];
}

/** `1 row`, `2 rows`. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A record type named as the CLI takes it: singular (`publication`) or the URLs' plural (`publications`). */
export function recordTypeArg(value: string): RecordType {
  const v = value.trim().toLowerCase();
  const type = RECORD_TYPES.find((r) => r === v || KIND_SLUGS[r] === v);
  if (!type)
    throw new InvalidArgumentError(
      `Allowed choices are ${RECORD_TYPES.map((r) => `${r} (${KIND_SLUGS[r]})`).join(', ')}.`,
    );
  return type;
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

/**
 * `FILE:ROW:COLUMN: message` (`FILE:ROW: message` without a column, `FILE: message` for the whole file), then what
 * the row number does not say: `(entry 2 "key", line 20, column 3)`. FILE is the error's own file when it has one.
 */
export function errorLine(file: string, e: RowError): string {
  const name = e.file ?? file;
  const where = e.row > 0 ? `${name}:${e.row}${e.column !== undefined ? `:${e.column}` : ''}` : name;
  const entry =
    (e.unit !== undefined && e.unit !== 'row') || e.entry !== undefined || e.sheet !== undefined
      ? entryText(e)
      : undefined;
  const line =
    e.line !== undefined && (e.line !== e.row || entry !== undefined)
      ? `line ${e.line}${e.col !== undefined ? `, column ${e.col}` : ''}`
      : undefined;
  const extra = [entry, line].filter((x) => x !== undefined);
  const column = e.row === 0 && e.column !== undefined ? ` (column "${e.column}")` : '';
  return `${where}: ${e.message}${column}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}

export const summaryLine = (
  imported: number,
  r: Pick<ImportReport, 'duplicates' | 'invalid'> & { conflicts?: number },
): string =>
  `imported ${imported}, duplicates ${r.duplicates}, invalid ${r.invalid}${r.conflicts ? `, conflicts ${r.conflicts}` : ''}`;

/** `FILE:ROW: conflict: …` for a row left out because its DOI is another publication's under another title. */
export const conflictLine = (file: string, c: ConflictRow): string =>
  `${file}:${c.row}: conflict: DOI ${c.doi} is already used by ${c.of === 'database' ? `the record "${c.otherTitle}"${c.otherId ? ` (${c.otherId})` : ''}` : `row ${c.of} ("${c.otherTitle}")`} under another title: "${c.title}" is not imported; settle it by hand`;

export function printReport(file: string, report: ImportReport, io: Output, errorsFile?: string): void {
  for (const w of report.warnings) io.err(`${w.file ?? file}: warning: ${w.message}`);
  for (const note of dateNoteLines(report.dates)) io.err(`${file}: note: ${note}`);
  for (const e of report.fileErrors) io.err(errorLine(file, e));
  const shown = report.errors.slice(0, PRINTED_ERRORS);
  for (const e of shown) io.err(errorLine(file, e));
  const more = report.errorCount - shown.length;
  if (more > 0)
    io.err(
      `${file}: … and ${counted(more, 'more error')}${errorsFile ? ` (all of them are in ${errorsFile})` : ' (--errors FILE writes all of them)'}`,
    );
  const dups = report.duplicateRows.slice(0, PRINTED_DUPLICATES);
  for (const d of dups)
    io.err(
      `${d.file ?? file}:${d.row}: duplicate of ${d.of === 'database' ? 'a record already in the project' : `${d.ofFile ? `${d.ofFile} ` : ''}row ${d.of}`}: ${d.label}`,
    );
  if (report.duplicates > dups.length)
    io.err(`${file}: … and ${counted(report.duplicates - dups.length, 'more duplicate')}`);
  for (const c of report.conflictRows.slice(0, PRINTED_DUPLICATES)) io.err(conflictLine(c.file ?? file, c));
  const unlisted = report.conflicts - Math.min(report.conflictRows.length, PRINTED_DUPLICATES);
  if (unlisted > 0) io.err(`${file}: … and ${counted(unlisted, 'more conflict')}`);
}

/** A complete export that lacks items counted so far: which, and from when they stop counting. */
function printCompleteExport(file: string, report: ImportReport, io: Output): void {
  const c = report.completeExport;
  if (!c || c.missingCount === 0) return;
  io.err(
    `${file}: complete export of "${c.source}" on ${c.asOf}: it lacks ${counted(c.missingCount, 'item')} counted so far, which no longer count from that date`,
  );
  for (const item of c.missing.slice(0, PRINTED_DUPLICATES)) io.err(`${file}: missing: ${item.channel}`);
  if (c.missingCount > PRINTED_DUPLICATES)
    io.err(`${file}: … and ${c.missingCount - PRINTED_DUPLICATES} more missing`);
}

/** One line per file when several files are imported together. */
function printFiles(report: ImportReport, io: Output): void {
  if (report.files.length < 2) return;
  for (const f of report.files)
    io.out(
      `${f.name}: ${counted(f.rows, 'row')}, ${f.imported !== undefined ? `imported ${f.imported}` : `valid ${f.valid}`}, duplicates ${f.duplicates}, invalid ${f.invalid}`,
    );
}

/** Runs an import of `files` (one transaction) against `db` and returns the exit code; output goes through `io`. */
export async function runImport(
  db: Db,
  files: readonly string[],
  opts: ImportCommandOptions,
  io: Output,
): Promise<number> {
  let size = 0;
  for (const file of files) {
    try {
      size += (await stat(userPath(file))).size;
    } catch (e) {
      io.err(`${file}: cannot read: ${(e as Error).message}`);
      return 1;
    }
  }
  const [{ commitImport, previewImport, committable }, { systemActor }] = await Promise.all([
    import('../importers/commit'),
    import('../auth/permissions'),
  ]);
  const nameOf = (i: number) => opts.names?.[i] ?? files[i] ?? '';
  const label = files.length === 1 ? nameOf(0) : `${files.length} files`;
  const sink = size >= LARGE_FILE_BYTES ? io.progress?.(label, size) : undefined;
  const errorsFile = opts.errors ? new ErrorCsvFile(userPath(opts.errors), 'en') : undefined;
  const request = {
    actor: systemActor(cliActor()),
    projectId: opts.project,
    type: opts.type,
    // Errors name each file as it was given on the command line.
    files: files.map((path, i) => ({ path: userPath(path), name: nameOf(i) })),
    ...(opts.format ? { format: opts.format } : {}),
    options: {
      ...(opts.partner ? { defaults: { lead_partner: opts.partner } } : {}),
      ...(opts.date ? { snapshotDate: opts.date } : {}),
      ...(opts.complete !== undefined ? { completeExport: opts.complete } : {}),
      ...(opts.account ? { account: opts.account } : {}),
    },
    ...(sink ? { onProgress: (s: ImportStep) => sink.update(s) } : {}),
    ...(errorsFile ? { onErrors: (errors: readonly RowError[]) => errorsFile.write(errors) } : {}),
  };
  const skipInvalid = opts.skipInvalid ?? false;
  const done = async (report: ImportReport) => {
    sink?.stop();
    await errorsFile?.close();
    printReport(label, report, io, opts.errors);
    printCompleteExport(label, report, io);
    const problems = report.errorCount + report.fileErrors.length;
    if (opts.errors) io.err(`${opts.errors}: ${counted(problems, 'problem')} written`);
  };
  try {
    if (opts.dryRun) {
      const report = await previewImport(db, request);
      await done(report);
      printFiles(report, io);
      const ok = committable(report, skipInvalid);
      io.out(
        ok
          ? `dry run: nothing written; an import would add ${counted(report.valid, 'record')}`
          : `dry run: nothing written; an import would add nothing (${report.fileErrors.length > 0 ? 'the file has errors' : 'invalid rows: fix them or use --skip-invalid'})`,
      );
      io.out(summaryLine(0, report));
      return ok ? 0 : 1;
    }
    const result = await commitImport(db, { ...request, skipInvalid });
    await done(result);
    if (result.status === 'rejected')
      io.err(
        result.fileErrors.length > 0
          ? `${label}: nothing imported: the file has errors`
          : `${label}: nothing imported: ${counted(result.invalid, 'invalid row')}; fix them, or import only the valid rows with --skip-invalid`,
      );
    else if (result.invalid > 0)
      io.err(`${label}: ${counted(result.invalid, 'invalid row')} left out (--skip-invalid)`);
    printFiles(result, io);
    io.out(summaryLine(result.imported, result));
    return result.status === 'rejected' ? 1 : 0;
  } finally {
    sink?.stop();
    await errorsFile?.close();
  }
}

/** A cli-progress bar on a terminal; elsewhere a line at every further 10 % (and each phase's end). */
async function stderrProgress(file: string): Promise<(f: string, total: number) => ProgressSink> {
  const stderr = cliIo().err;
  if (stderr.isTTY) {
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
                // cli-progress draws through write() (readline's cursor codes) and reads isTTY/columns.
                stream: stderr as NodeJS.WritableStream,
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
        stderr.write(
          `${file}: ${step.phase === 'check' ? 'checked' : 'imported'} ${counted(step.rows, 'row')} (${pct}%)\n`,
        );
      },
      stop() {},
    };
  };
}

const optionsSchema = z.object({
  project: z.string().min(1),
  type: z.enum(RECORD_TYPES),
  errors: z.string().min(1).optional(),
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
        'validates the whole file, then imports in one transaction; duplicates are left out. ' +
        'A publication file of DOIs, one per line (# comments), is looked up at Crossref, then DataCite, each ' +
        'DOI’s status printed, and the publications found imported; exit 2 when DOIs were not found or could not ' +
        'be asked (network down, rate limited): run it again later',
    )
    .argument(
      '<files...>',
      "the files to import (quote wildcards: 'exports/*.csv'); all or none are imported",
    )
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .addOption(
      new Option(
        '--type <type>',
        `record type: ${RECORD_TYPES.map((r) => `${r} (${KIND_SLUGS[r]})`).join(', ')}`,
      )
        .argParser(recordTypeArg)
        .makeOptionMandatory(),
    )
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
    .option('--errors <file>', 'write every problem (file, line, entry, column, message) to this CSV file')
    .action(async (args: string[], raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        for (const i of parsed.error.issues) cliIo().err.write(`--${String(i.path[0])}: ${i.message}\n`);
        throw new CliExit(1);
      }
      const { paths, unmatched } = await expandPaths(args);
      for (const pattern of unmatched) cliIo().err.write(`${pattern}: no file matches\n`);
      if (unmatched.length > 0 || paths.length === 0) throw new CliExit(1);
      const progress = await stderrProgress(paths.length === 1 ? (paths[0] ?? '') : `${paths.length} files`);
      const io = {
        out: (l: string) => cliIo().out.write(`${l}\n`),
        err: (l: string) => cliIo().err.write(`${l}\n`),
      };
      // A file of DOIs (src/cli/import-dois.ts): looked up, then the same import.
      const [only] = paths;
      const doiList =
        paths.length === 1 && only && parsed.data.type === 'publication' && !parsed.data.format
          ? await isDoiListFile(only)
          : false;
      const code = await withDatabase((d) =>
        doiList && only
          ? runDoiImport(d.db, only, parsed.data, io)
          : runImport(d.db, paths, parsed.data, { ...io, progress }),
      );
      if (code !== 0) throw new CliExit(code);
    });
}
