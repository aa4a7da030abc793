/** Decodes text files line by line: UTF-8 (BOM or not), falling back to Windows-1252 for lines that are not UTF-8. */
import { isAscii, isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import type { ImportNote } from './types';

const NEWLINE = 0x0a;
/**
 * Windows-1252 differs from ISO-8859-1 in 0x80–0x9F (€, curly quotes, dashes …); Node's TextDecoder treats the
 * label as ISO-8859-1, so those 32 bytes are mapped here.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decodes Windows-1252 bytes. */
export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** What a decoder saw: a BOM, and which lines needed the Windows-1252 fallback. */
export interface EncodingReport {
  bom: boolean;
  /** Number of lines decoded as Windows-1252. */
  fallbackLines: number;
  /** The first few of those line numbers (1-based). */
  fallbackLineNumbers: number[];
  lines: number;
  /** True when some line with non-ASCII characters was valid UTF-8. */
  utf8Text: boolean;
}

const MAX_LISTED_LINES = 10;

/** `UTF-8`, `UTF-8 with BOM`, `Windows-1252 (Latin-1)` or `mixed: UTF-8 and Windows-1252 (lines 3, 9)`. */
export function describeEncoding(r: EncodingReport): string {
  if (r.fallbackLines === 0) return r.bom ? 'UTF-8 with BOM' : 'UTF-8';
  if (!r.utf8Text && !r.bom) return 'Windows-1252 (Latin-1)';
  return `mixed: UTF-8 and Windows-1252 (${linesText(r)})`;
}

/** The warning to show when some lines were not UTF-8, if any. */
export function encodingWarning(r: EncodingReport): ImportNote | undefined {
  if (r.fallbackLines === 0) return undefined;
  const more = r.fallbackLines - r.fallbackLineNumbers.length;
  return {
    message: `${linesText(r)} ${r.fallbackLines === 1 ? 'is' : 'are'} not valid UTF-8 and ${
      r.fallbackLines === 1 ? 'was' : 'were'
    } read as Windows-1252 (Latin-1): check accented characters`,
    key:
      more > 0
        ? 'import.note.latin1More'
        : r.fallbackLines === 1
          ? 'import.note.latin1.one'
          : 'import.note.latin1.other',
    params: { lines: r.fallbackLineNumbers.join(', '), more },
  };
}

function linesText(r: EncodingReport): string {
  const listed = r.fallbackLineNumbers.join(', ');
  const more =
    r.fallbackLines > r.fallbackLineNumbers.length
      ? ` and ${r.fallbackLines - r.fallbackLineNumbers.length} more`
      : '';
  return `line${r.fallbackLines === 1 ? '' : 's'} ${listed}${more}`;
}

/** True when the bytes start with a UTF-16 byte-order mark (not supported: save as CSV UTF-8). */
export function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

const hasUtf8Bom = (b: Uint8Array) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** Decodes a whole buffer the same way as `LineDecoder`. */
export function decodeText(bytes: Buffer): { text: string; report: EncodingReport } {
  const decoder = new LineDecoder();
  const parts: string[] = [decoder.decodeChunk(bytes), decoder.decodeRest()];
  return { text: parts.join(''), report: decoder.report };
}

/** Reads a whole text file (BOM dropped, Windows-1252 fallback per line) with its size and encoding notes. */
export async function readTextFile(
  path: string,
): Promise<{ text: string; size: number; encoding: string; warnings: ImportNote[] }> {
  const bytes = await readFile(path);
  const { text, report } = decodeText(bytes);
  const warning = encodingWarning(report);
  return { text, size: bytes.length, encoding: describeEncoding(report), warnings: warning ? [warning] : [] };
}

/**
 * Bytes in, text out. Only whole lines are decoded (a `\n` byte never occurs inside a UTF-8 sequence), each as
 * UTF-8 when valid and as Windows-1252 otherwise; a leading UTF-8 BOM is dropped.
 */
export class LineDecoder extends Transform {
  readonly report: EncodingReport = {
    bom: false,
    fallbackLines: 0,
    fallbackLineNumbers: [],
    lines: 0,
    utf8Text: false,
  };
  private pending: Buffer = Buffer.alloc(0);
  private started = false;

  constructor() {
    super({ decodeStrings: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.decodeChunk(chunk);
    if (text) this.push(text, 'utf8');
    done();
  }

  override _flush(done: TransformCallback): void {
    const text = this.decodeRest();
    if (text) this.push(text, 'utf8');
    done();
  }

  /** Decodes the complete lines of `chunk` (after what is pending) and keeps the incomplete tail. */
  decodeChunk(chunk: Buffer): string {
    let bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.started) {
      if (bytes.length < 3) {
        this.pending = bytes;
        return '';
      }
      this.started = true;
      if (hasUtf8Bom(bytes)) {
        this.report.bom = true;
        bytes = bytes.subarray(3);
      }
    }
    const last = bytes.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.pending = bytes;
      return '';
    }
    this.pending = Buffer.from(bytes.subarray(last + 1));
    return this.decodeLines(bytes.subarray(0, last + 1));
  }

  /** Decodes whatever is left at the end of the input. */
  decodeRest(): string {
    let bytes = this.pending;
    this.pending = Buffer.alloc(0);
    if (!this.started && hasUtf8Bom(bytes)) {
      this.report.bom = true;
      bytes = bytes.subarray(3);
    }
    this.started = true;
    return bytes.length > 0 ? this.decodeLines(bytes) : '';
  }

  private decodeLines(bytes: Buffer): string {
    if (isUtf8(bytes)) {
      this.report.lines += countLines(bytes);
      if (!this.report.utf8Text && !isAscii(bytes)) this.report.utf8Text = true;
      return bytes.toString('utf8');
    }
    const parts: string[] = [];
    let start = 0;
    while (start < bytes.length) {
      const end = bytes.indexOf(NEWLINE, start);
      const stop = end < 0 ? bytes.length : end + 1;
      parts.push(this.decodeLine(bytes.subarray(start, stop)));
      start = stop;
    }
    return parts.join('');
  }

  private decodeLine(line: Buffer): string {
    this.report.lines += 1;
    if (isUtf8(line)) {
      if (!isAscii(line)) this.report.utf8Text = true;
      return line.toString('utf8');
    }
    this.report.fallbackLines += 1;
    if (this.report.fallbackLineNumbers.length < MAX_LISTED_LINES)
      this.report.fallbackLineNumbers.push(this.report.lines);
    return decodeCp1252(line);
  }
}

function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) n += 1;
  return bytes[bytes.length - 1] === NEWLINE ? n : n + 1;
}
