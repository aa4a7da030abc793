/**
 * A ZIP container read within bounds (DOCX, PPTX, ODT): the central directory, then only the entries asked for,
 * inflated with node zlib under a byte budget shared by all entries (`maxOutputLength`: a zip bomb stops at the cap
 * whatever sizes its headers declare). Damage → BrandInputError naming the file and the entry.
 */
import { inflateRawSync } from 'node:zlib';
import { BrandInputError } from './errors';

export const ZIP_LIMITS = {
  entries: 5_000,
  /** Unpacked bytes of all entries read, together. */
  totalBytes: 200 * 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  size: number;
  local: number;
}

export class ZipReader {
  private used = 0;
  readonly entries: Map<string, ZipEntry>;

  constructor(
    private readonly buf: Buffer,
    private readonly file: string,
  ) {
    this.entries = this.directory();
  }

  private fail(reason: string, params: Record<string, string | number> = {}): never {
    throw new BrandInputError({ file: this.file, reason, params });
  }

  private directory(): Map<string, ZipEntry> {
    const buf = this.buf;
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
      if (buf.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) this.fail('zipBroken');
    const count = buf.readUInt16LE(eocd + 10);
    if (count > ZIP_LIMITS.entries) this.fail('zipTooMany', { limit: ZIP_LIMITS.entries });
    let p = buf.readUInt32LE(eocd + 16);
    const entries = new Map<string, ZipEntry>();
    for (let n = 0; n < count; n++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) this.fail('zipBroken');
      const nameLen = buf.readUInt16LE(p + 28);
      const extra = buf.readUInt16LE(p + 30);
      const comment = buf.readUInt16LE(p + 32);
      const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
      entries.set(name, {
        name,
        method: buf.readUInt16LE(p + 10),
        packed: buf.readUInt32LE(p + 20),
        size: buf.readUInt32LE(p + 24),
        local: buf.readUInt32LE(p + 42),
      });
      p += 46 + nameLen + extra + comment;
    }
    return entries;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** An entry's bytes, or undefined when the container has no such entry. */
  bytes(name: string): Buffer | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const buf = this.buf;
    if (e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== 0x04034b50)
      this.fail('zipEntryBroken', { entry: name });
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const data = buf.subarray(start, start + e.packed);
    if (data.length < e.packed) this.fail('zipEntryBroken', { entry: name });
    const budget = ZIP_LIMITS.totalBytes - this.used;
    let out: Buffer;
    if (e.method === 0) out = data;
    else if (e.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          this.fail('zipTooLarge', { limit: ZIP_LIMITS.totalBytes });
        this.fail('zipEntryBroken', { entry: name });
      }
    } else this.fail('zipEntryBroken', { entry: name });
    this.used += out.length;
    if (this.used > ZIP_LIMITS.totalBytes) this.fail('zipTooLarge', { limit: ZIP_LIMITS.totalBytes });
    return out;
  }

  text(name: string): string | undefined {
    return this.bytes(name)?.toString('utf8');
  }
}
