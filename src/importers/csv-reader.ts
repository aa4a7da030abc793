/** Streams the records of a CSV file: encoding detection, delimiter from the header line, row and line numbers. */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import {
  LineDecoder,
  decodeText,
  describeEncoding,
  encodingWarning,
  isUtf16,
  type EncodingReport,
} from './encoding';
import type { ImportNote, RowError } from './types';

/** One CSV record with its place in the file. */
export interface CsvRecord {
  cells: string[];
  /** Row as a spreadsheet shows it (header = 1; blank lines count). */
  row: number;
  /** First physical line of the record. */
  line: number;
}

export interface CsvFile {
  header: string[];
  delimiter: string;
  totalBytes: number;
  /** Problems that stop the file from being read (UTF-16, empty file, broken quoting). */
  fileErrors: RowError[];
  /** Data records after the header. Read once. */
  records(): AsyncGenerator<CsvRecord>;
  bytesRead(): number;
  encoding(): EncodingReport;
  describeEncoding(): string;
  encodingWarning(): ImportNote | undefined;
}

const PEEK_BYTES = 64 * 1024;
const MAX_RECORD_CHARS = 1_000_000;
const DELIMITERS = [',', ';', '\t'] as const;

/** Reads the first bytes of a file. */
export async function peekFile(path: string, bytes = PEEK_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The first line of the text (up to a line break outside quotes). */
function headerLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

/** The delimiter used most often outside quotes in the header line (`,` when none). */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Where the first quote of `line` that is never closed opens (0-based), if any. */
function unclosedQuote(line: string): number | undefined {
  let open: number | undefined;
  for (let i = 0; i < line.length; i += 1) if (line[i] === '"') open = open === undefined ? i : undefined;
  return open;
}

/** The header's cells, or a located file error when the header line cannot be read as CSV (never a throw). */
export function readHeader(first: string, delimiter: string): { header: string[]; error?: RowError } {
  if (first.trim() === '') return { header: [] };
  try {
    return { header: parseSync(first, { delimiter, relax_quotes: true })[0] ?? [] };
  } catch (error) {
    const e = error as { message?: string; code?: string; column?: number };
    const quote = e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuote(first) : undefined;
    const firstLine = first.split(/\r?\n/)[0] ?? '';
    const col = quote !== undefined ? quote + 1 : fieldStart(firstLine, delimiter, e.column ?? 0) + 1;
    const detail = e.message ?? String(error);
    return {
      header: [],
      error: {
        row: 1,
        line: 1,
        col: Math.min(col, firstLine.length + 1),
        column: 'header',
        message: `the header line is not valid CSV: ${detail}${quote !== undefined ? ' (a quote is probably not closed)' : ''}`,
        key: quote !== undefined ? 'import.csv.headerQuote' : 'import.csv.header',
        params: { error: detail },
      },
    };
  }
}

/** Where field `n` (0-based) of a line starts, counting delimiters outside quotes. */
function fieldStart(line: string, delimiter: string, n: number): number {
  let quoted = false;
  let field = 0;
  for (let i = 0; i < line.length && field < n; i += 1) {
    if (line[i] === '"') quoted = !quoted;
    else if (!quoted && line[i] === delimiter && ++field === n) return i + 1;
  }
  return 0;
}

/** Opens a CSV file: reads its header line now, streams the records later. */
export async function openCsv(path: string, opts: { delimiter?: string } = {}): Promise<CsvFile> {
  const [{ size }, head] = await Promise.all([stat(path), peekFile(path)]);
  const fileErrors: RowError[] = [];
  let header: string[] = [];
  let delimiter = opts.delimiter ?? ',';
  if (isUtf16(head))
    fileErrors.push({
      row: 0,
      message: 'the file is UTF-16 text: save it as "CSV UTF-8" and import it again',
      key: 'validation.import.utf16',
    });
  else {
    const first = headerLine(decodeText(head).text);
    delimiter = opts.delimiter ?? detectDelimiter(first);
    const read = readHeader(first, delimiter);
    header = read.header;
    if (read.error) fileErrors.push(read.error);
    else if (header.length === 0)
      fileErrors.push({
        row: 0,
        line: 1,
        message: 'the file has no header line',
        key: 'validation.import.noHeader',
      });
  }
  const decoder = new LineDecoder();
  let reader: ReturnType<typeof createReadStream> | undefined;
  return {
    header,
    delimiter,
    totalBytes: size,
    fileErrors,
    bytesRead: () => reader?.bytesRead ?? 0,
    encoding: () => decoder.report,
    describeEncoding: () => describeEncoding(decoder.report),
    encodingWarning: () => encodingWarning(decoder.report),
    async *records() {
      if (fileErrors.length > 0) return;
      reader = createReadStream(path, { highWaterMark: 256 * 1024 });
      yield* streamRecords(reader, decoder, delimiter, fileErrors);
    },
  };
}

async function* streamRecords(
  reader: NodeJS.ReadableStream,
  decoder: LineDecoder,
  delimiter: string,
  fileErrors: RowError[],
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(reader, decoder, parser, () => undefined);
  let endLine = 0;
  let emptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: CsvInfo }>) {
      const line = endLine + 1 + (info.empty_lines - emptyLines);
      endLine = info.lines;
      emptyLines = info.empty_lines;
      if (info.records === 1) continue;
      yield { cells: record, row: info.records + info.empty_lines, line };
    }
  } catch (error) {
    fileErrors.push(csvError(error, endLine));
  }
}

interface CsvInfo {
  lines: number;
  records: number;
  empty_lines: number;
}

function csvError(error: unknown, lastLine: number): RowError {
  const e = error as { message?: string; lines?: number; code?: string };
  const line = typeof e.lines === 'number' ? e.lines : lastLine + 1;
  const hint = e.code === 'CSV_MAX_RECORD_SIZE' ? ' (a quote is probably not closed)' : '';
  return {
    row: 0,
    line,
    message: `the file is not valid CSV: ${e.message ?? String(error)}${hint}`,
    key: hint ? 'import.csv.unclosedQuote' : 'import.csv.invalid',
    params: { error: e.message ?? String(error) },
  };
}
