/**
 * Checks an XLSX file's ZIP container before exceljs reads it: every entry inflates (streamed, node zlib) to its
 * declared size and CRC-32, within bounds on entries and unpacked bytes. exceljs checks no CRC and, on some damaged
 * deflate data, never settles; here a damaged workbook gets a plain error naming the sheet (or the part) that is broken.
 */
import { open } from 'node:fs/promises';
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib';
import type { RowError } from './types';

export const XLSX_LIMITS = {
  /** Entries in the container. */
  entries: 10_000,
  /** Unpacked bytes of one entry, and of all together. */
  entryBytes: 512 * 1024 * 1024,
  totalBytes: 1024 * 1024 * 1024,
  /** The container itself. */
  fileBytes: 256 * 1024 * 1024,
};

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  packed: number;
  size: number;
  local: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** A problem of the container, as the file error the importer reports. */
type Problem =
  { reason: 'notZip' } | { reason: 'tooLarge' | 'tooMany' } | { reason: 'corrupt'; entry: string };

function centralDirectory(buf: Buffer): Entry[] | undefined {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return undefined;
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) return undefined;
    const nameLength = buf.readUInt16LE(at + 28);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      packed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      local: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

/** The packed bytes of an entry, or undefined when its local header is not where the directory says. */
function packedData(buf: Buffer, e: Entry): Buffer | undefined {
  if (e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== LOCAL) return undefined;
  const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
  if (start + e.packed > buf.length) return undefined;
  return buf.subarray(start, start + e.packed);
}

/** Inflates an entry in chunks, counting bytes and the CRC; true when both match the directory. */
async function entryIntact(data: Buffer, e: Entry, maxBytes: number): Promise<boolean> {
  if (e.method === 0) return data.length === e.size && crc32(data) >>> 0 === e.crc;
  const inflate = createInflateRaw();
  let size = 0;
  let crc = 0;
  const done = new Promise<boolean>((resolve) => {
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      crc = crc32(chunk, crc);
      if (size > Math.min(e.size, maxBytes)) {
        inflate.destroy();
        resolve(false);
      }
    });
    inflate.on('error', () => resolve(false));
    inflate.on('end', () => resolve(size === e.size && crc >>> 0 === e.crc));
  });
  inflate.end(data);
  return done;
}

/** Sheet names by their part (`xl/worksheets/sheet1.xml` → `Data`), from workbook.xml and its relationships. */
export function sheetParts(buf: Buffer, entries: readonly Entry[]): Map<string, string> {
  const text = (name: string): string => {
    const e = entries.find((x) => x.name === name);
    const data = e && packedData(buf, e);
    if (!e || !data) return '';
    try {
      return (e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: 16 * 1024 * 1024 })).toString(
        'utf8',
      );
    } catch {
      return '';
    }
  };
  const targets = new Map<string, string>();
  for (const m of text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets = new Map<string, string>();
  for (const m of text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) sheets.set(part, unescapeXml(name));
  }
  return sheets;
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : '&',
  );

async function findProblem(buf: Buffer): Promise<Problem | undefined> {
  const entries = centralDirectory(buf);
  if (!entries) return { reason: 'notZip' };
  if (entries.length > XLSX_LIMITS.entries) return { reason: 'tooMany' };
  let budget = XLSX_LIMITS.totalBytes;
  for (const e of entries) {
    if (e.name.endsWith('/') && e.size === 0) continue;
    if (e.size > XLSX_LIMITS.entryBytes || e.size > budget) return { reason: 'tooLarge' };
    const data = packedData(buf, e);
    if (!data || e.flags & 0x1 || (e.method !== 0 && e.method !== 8))
      return { reason: 'corrupt', entry: e.name };
    if (!(await entryIntact(data, e, budget))) return { reason: 'corrupt', entry: e.name };
    budget -= e.size;
  }
  return undefined;
}

/** The file error of a damaged or oversized XLSX container, naming the sheet (or the part) that is broken. */
export async function checkXlsxContainer(path: string): Promise<RowError | undefined> {
  const handle = await open(path, 'r');
  let buf: Buffer;
  try {
    const { size } = await handle.stat();
    if (size > XLSX_LIMITS.fileBytes) return tooLarge();
    buf = Buffer.alloc(size);
    await handle.read(buf, 0, size, 0);
  } finally {
    await handle.close();
  }
  const problem = await findProblem(buf);
  if (!problem) return undefined;
  switch (problem.reason) {
    case 'notZip':
      return {
        row: 0,
        message: 'the file is not an XLSX workbook: its ZIP directory is missing or broken',
        key: 'import.xlsx.notZip',
        params: {},
      };
    case 'tooLarge':
    case 'tooMany':
      return tooLarge();
    case 'corrupt': {
      const sheet = sheetParts(buf, centralDirectory(buf) ?? []).get(problem.entry);
      return sheet !== undefined
        ? {
            row: 0,
            sheet,
            message: `the workbook is damaged: sheet "${sheet}" cannot be unpacked (part ${problem.entry}); save it again from the spreadsheet program`,
            key: 'import.xlsx.sheetDamaged',
            params: { sheet, entry: problem.entry },
          }
        : {
            row: 0,
            message: `the workbook is damaged: its part ${problem.entry} cannot be unpacked; save it again from the spreadsheet program`,
            key: 'import.xlsx.partDamaged',
            params: { entry: problem.entry },
          };
    }
  }
}

const tooLarge = (): RowError => ({
  row: 0,
  message: `the workbook unpacks to more than ${XLSX_LIMITS.totalBytes / 1024 / 1024} MB or has more than ${XLSX_LIMITS.entries} parts; split it`,
  key: 'import.xlsx.tooLarge',
  params: { mb: XLSX_LIMITS.totalBytes / 1024 / 1024, entries: XLSX_LIMITS.entries },
});
