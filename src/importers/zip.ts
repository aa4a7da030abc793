/**
 * Reads the files of an uploaded zip archive (stored or deflated entries; node's zlib, no dependency), refusing what
 * could harm: entries that point outside the archive (`../`, absolute paths, drive letters), more than MAX_ZIP_FILES
 * files, more than MAX_ZIP_BYTES unpacked (the declared sizes are checked first, and inflating stops at the limit
 * whatever the headers claim), encrypted entries, zip64 archives. An uploaded archive is read from disk entry by
 * entry (`readZipFile`), never whole.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../errors';

export const MAX_ZIP_FILES = 500;
export const MAX_ZIP_BYTES = 200 * 1024 * 1024;

export interface ZipFile {
  /** The entry's path inside the archive (`2024/01.csv`). */
  name: string;
  data: Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const zipError = (key: string, message: string, params: Record<string, string | number>) =>
  new AppError({ code: 'import_zip', status: 400, message, messageKey: key, params });

/** True when the bytes start like a zip archive (XLSX files are zip archives too: tell them apart by name). */
export const looksLikeZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** True when an entry name would land outside a folder it is unpacked into. */
export function unsafeEntryName(name: string): boolean {
  return (
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((part) => part === '..')
  );
}

/** Entries that are not files to import: folders, macOS resource forks, hidden files. */
const skipped = (name: string) =>
  name.endsWith('/') || name.startsWith('__MACOSX/') || (name.split('/').at(-1) ?? '').startsWith('.');

type Limits = { maxFiles?: number; maxBytes?: number };

/** The files of a zip archive named `zip` (for messages). Throws a 400 AppError saying what is wrong. */
export function readZip(zip: string, bytes: Uint8Array, limits: Limits = {}): ZipFile[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [...zipEntries(zip, buf.length, (at, length) => buf.subarray(at, at + length), limits)];
}

/**
 * The files of the zip archive on disk at `path`, one at a time (only the directory and one entry are in memory):
 * every refusal of the directory comes before the first file. Throws a 400 AppError saying what is wrong.
 */
export function* readZipFile(zip: string, path: string, limits: Limits = {}): Generator<ZipFile> {
  const fd = openSync(path, 'r');
  try {
    const read = (at: number, length: number): Buffer => {
      const out = Buffer.alloc(Math.max(0, length));
      const n = readSync(fd, out, 0, out.length, at);
      return out.subarray(0, n);
    };
    yield* zipEntries(zip, fstatSync(fd).size, read, limits);
  } finally {
    closeSync(fd);
  }
}

/** The archive's files, read through `read(at, length)` (fewer bytes at the end) from an archive of `size` bytes. */
function* zipEntries(
  zip: string,
  size: number,
  read: (at: number, length: number) => Buffer,
  limits: Limits,
): Generator<ZipFile> {
  const { maxFiles = MAX_ZIP_FILES, maxBytes = MAX_ZIP_BYTES } = limits;
  const tooMany = () =>
    zipError('import.zip.tooMany', `${zip}: more than ${maxFiles} files in the archive; split it`, {
      zip,
      max: maxFiles,
    });
  const unreadable = (error: string) =>
    zipError('import.zip.unreadable', `${zip} is not a readable zip file: ${error}`, { zip, error });
  // The end record is in the last 22 + 65,535 bytes (its comment at most that long).
  const tailAt = Math.max(0, size - 22 - 0xffff);
  const tail = read(tailAt, size - tailAt);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw unreadable('no central directory');
  const count = tail.readUInt16LE(eocd + 10);
  const offset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw unreadable('zip64 archives are not supported');
  if (count > maxFiles * 2) throw tooMany();
  // The central directory, from its offset to the end record (what the records say, bounded by the file).
  const end = tailAt + eocd;
  if (offset > end) throw unreadable('broken central directory');
  const buf = read(offset, end - offset);
  const entries: {
    name: string;
    method: number;
    flags: number;
    size: number;
    packed: number;
    local: number;
  }[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL)
      throw unreadable('broken central directory');
    const flags = buf.readUInt16LE(at + 8);
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      flags,
      method: buf.readUInt16LE(at + 10),
      packed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      local: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  // Refuse the whole archive before unpacking anything.
  const bad = entries.find((e) => unsafeEntryName(e.name));
  if (bad)
    throw zipError(
      'import.zip.traversal',
      `${zip}: the entry "${bad.name}" points outside the archive; the zip file is refused`,
      { zip, name: bad.name },
    );
  const files = entries.filter((e) => !skipped(e.name));
  const maxMb = Math.round(maxBytes / (1024 * 1024));
  const tooLarge = () =>
    zipError('import.zip.tooLarge', `${zip}: the archive unpacks to more than ${maxMb} MB; split it`, {
      zip,
      max: maxMb,
    });
  if (files.length > maxFiles) throw tooMany();
  if (files.reduce((n, e) => n + e.size, 0) > maxBytes) throw tooLarge();
  if (files.length === 0) throw zipError('import.zip.empty', `${zip} holds no file to import`, { zip });
  let budget = maxBytes;
  for (const e of files) {
    const unsupported = () =>
      zipError(
        'import.zip.unsupported',
        `${zip}: the entry "${e.name}" is encrypted or compressed in a way Herald cannot read`,
        { zip, name: e.name },
      );
    if (e.flags & 0x1 || (e.method !== 0 && e.method !== 8)) throw unsupported();
    const local = read(e.local, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw unreadable('broken entry header');
    const start = e.local + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const packed = read(start, e.packed);
    let data: Buffer;
    try {
      // Never more than what is left of the budget, whatever the header says.
      data = e.method === 0 ? packed : inflateRawSync(packed, { maxOutputLength: Math.max(1, budget) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw unreadable((error as Error).message);
    }
    if (data.length !== e.size) throw unreadable(`entry "${e.name}" does not have its declared size`);
    budget -= data.length;
    if (budget < 0) throw tooLarge();
    yield { name: e.name, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }
}
