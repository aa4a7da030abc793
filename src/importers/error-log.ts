/**
 * Every error of an import, however many: appended to an NDJSON file while the files are checked, read back a page
 * at a time (optionally one problem only) for the preview, and written out as CSV (the download, `--errors FILE`).
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../records/export';
import { translate, type Lang } from '../i18n';
import { groupIdOf, type ErrorGroup } from './error-groups';
import type { RowError } from './types';

/** Errors per page of the preview. */
export const ERRORS_PER_PAGE = 50;

/** Appends lines to a file, waiting when the stream is full. */
class LineWriter {
  private readonly out: WriteStream;
  private closed?: Promise<void>;
  constructor(path: string) {
    this.out = createWriteStream(path, { mode: 0o600 });
  }
  async write(text: string): Promise<void> {
    if (text !== '' && !this.out.write(text)) await once(this.out, 'drain');
  }
  /** Ends the file (once: later calls wait for the same end). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.out.end();
      await once(this.out, 'finish');
    })();
    return this.closed;
  }
}

/** An NDJSON file of row errors (one JSON object a line). */
export class ErrorLog {
  private readonly out: LineWriter;
  constructor(readonly path: string) {
    this.out = new LineWriter(path);
  }
  write(errors: readonly RowError[]): Promise<void> {
    return this.out.write(errors.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
  close(): Promise<void> {
    return this.out.close();
  }
}

/** The errors of an NDJSON error log, in order (throws at once when there is no log). */
export async function* readErrorLog(path: string): AsyncGenerator<RowError> {
  // readline does not pass on the errors of its input: check the file is there first.
  await stat(path);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as RowError;
}

export interface ErrorPage {
  errors: RowError[];
  /** 1-based page, and the number of pages of the (filtered) list. */
  page: number;
  pages: number;
  /** Errors in the (filtered) list. */
  total: number;
  /** The group shown alone (`?problem=`), when one is chosen. */
  problem?: string;
}

/** One page of the errors of a log, all of them or one problem's (`problem` = a group id). */
export async function readErrorPage(
  path: string,
  q: { groups: readonly ErrorGroup[]; problem?: string; page: number; size?: number },
): Promise<ErrorPage> {
  const size = q.size ?? ERRORS_PER_PAGE;
  const group = q.problem !== undefined ? q.groups.find((g) => g.id === q.problem) : undefined;
  const total = group ? group.count : q.groups.reduce((n, g) => n + g.count, 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.floor(q.page) || 1), pages);
  const from = (page - 1) * size;
  const errors: RowError[] = [];
  let index = 0;
  for await (const e of readErrorLog(path)) {
    if (group && groupIdOf(q.groups, e) !== group.id) continue;
    if (index >= from) errors.push(e);
    index += 1;
    if (errors.length >= size) break;
  }
  return { errors, page, pages, total, ...(group ? { problem: group.id } : {}) };
}

/** `entry 2 "key"`, `シート「Data」5 行目`: the entry an error is about, in `lang`. */
export function entryLabel(lang: Lang, e: RowError): string {
  if (e.row <= 0) return e.entry ?? '';
  let label = translate(lang, `import.entry.${e.unit ?? 'row'}`, { n: String(e.row) });
  if (e.entry !== undefined) label = translate(lang, 'import.entry.named', { entry: label, name: e.entry });
  if (e.sheet !== undefined) label = translate(lang, 'import.entry.sheet', { sheet: e.sheet, entry: label });
  return label;
}

/** The problem in `lang`: the part of the row (an author, an audience) and the message, by key when it has one. */
export function problemText(lang: Lang, e: RowError): string {
  if (e.key === undefined) return e.message;
  const prefix = e.prefix ? translate(lang, e.prefix.key, e.prefix.params) : '';
  return prefix + translate(lang, e.key, e.params ?? {});
}

const CSV_COLUMNS = ['file', 'line', 'entry', 'column', 'message', 'messageEn'] as const;

/** The header of an error CSV in `lang`. */
export function errorCsvHeader(lang: Lang): string {
  const header = CSV_COLUMNS.map((c) => translate(lang, `import.col.${c}`));
  return stringify([header.map(neutraliseCell)]);
}

/** CSV lines of errors: file, line, entry, column, the problem in `lang`, the English message. */
export function errorCsvLines(lang: Lang, errors: readonly RowError[]): string {
  if (errors.length === 0) return '';
  return stringify(
    errors.map((e) =>
      [
        e.file ?? '',
        e.line !== undefined ? `${e.line}${e.col !== undefined ? `:${e.col}` : ''}` : '',
        entryLabel(lang, e),
        e.column ?? '',
        problemText(lang, e),
        e.message,
      ].map(neutraliseCell),
    ),
  );
}

/** Writes errors to a CSV file as they come (UTF-8 with BOM, so spreadsheets read accents). */
export class ErrorCsvFile {
  private readonly out: LineWriter;
  private started = false;
  constructor(
    path: string,
    private readonly lang: Lang = 'en',
  ) {
    this.out = new LineWriter(path);
  }
  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.out.write(`\uFEFF${errorCsvHeader(this.lang)}`);
  }
  async write(errors: readonly RowError[]): Promise<void> {
    await this.start();
    await this.out.write(errorCsvLines(this.lang, errors));
  }
  async close(): Promise<void> {
    await this.start();
    await this.out.close();
  }
}
