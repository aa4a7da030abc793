/**
 * A gzip answer put together per request from pieces compressed once: each kept piece is its own raw DEFLATE run
 * ending on a byte boundary (sync flush, never final), per-request pieces (a CSRF token, the per-user frame) go in
 * as stored blocks, then an empty final block and the gzip trailer (CRC-32 and length of the whole). A decoder reads
 * the runs as one stream: each run only refers back into its own bytes.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A piece kept with its compressed run, its CRC-32 and the operator that moves a CRC past its length. */
export interface PackedPiece {
  raw: Buffer;
  deflated: Buffer;
  crc: number;
  /** crc(A‖piece) = gf2Times(shift, crc(A)) ^ crc (zlib's crc32_combine, its operator made once). */
  shift: Uint32Array;
}

/** A 32×32 matrix over GF(2) (one column per word) times a vector. */
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i]!;
  return sum >>> 0;
}
const gf2Product = (a: Uint32Array, b: Uint32Array): Uint32Array => b.map((col) => gf2Times(a, col));

/** The operator that appends `len` zero bytes to a CRC-32's register. */
export function crcShift(len: number): Uint32Array {
  // One zero bit, then squared: 2, 4, 8 bits … ; the bits of len × 8 pick which powers to compose.
  let power: Uint32Array = new Uint32Array(32);
  power[0] = 0xedb88320;
  for (let n = 1; n < 32; n++) power[n] = (1 << (n - 1)) >>> 0;
  power = gf2Product(power, power); // 2 bits
  power = gf2Product(power, power); // 4 bits
  let op: Uint32Array | undefined;
  for (let rest = len; rest > 0; rest = Math.floor(rest / 2)) {
    power = gf2Product(power, power); // 8 bits = one byte, then 2, 4 … bytes
    if (rest % 2) op = op ? gf2Product(power, op) : power;
  }
  return op ?? Uint32Array.from({ length: 32 }, (_, n) => (1 << n) >>> 0);
}

/** The CRC-32 of A‖B from crc(A), crc(B) and B's length. */
export const crc32Combine = (crc1: number, crc2: number, len2: number): number =>
  (gf2Times(crcShift(len2), crc1) ^ crc2) >>> 0;

/** An empty piece is no run at all: zlib would end the stream there (a final block) instead of flushing. */
export const packPiece = (raw: Buffer): PackedPiece => ({
  raw,
  deflated: raw.length === 0 ? Buffer.alloc(0) : deflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }),
  crc: crc32(raw),
  shift: crcShift(raw.length),
});

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** BFINAL = 1, stored, length 0. */
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
const MAX_STORED = 0xffff;

/** `raw` as stored (uncompressed) blocks, non-final; the stream is byte-aligned before and after. */
function storedBlocks(raw: Buffer, out: Buffer[]): void {
  for (let at = 0; at < raw.length; at += MAX_STORED) {
    const chunk = raw.subarray(at, at + MAX_STORED);
    const head = Buffer.alloc(5);
    head[0] = 0x00;
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    out.push(head, chunk);
  }
}

/** Whether an Accept-Encoding header allows gzip (named or `*`, without q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.trim().toLowerCase().split(';');
    if (name.trim() !== 'gzip' && name.trim() !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/** One gzip member of the pieces in order: packed ones as their compressed runs, buffers as stored blocks. */
export function gzipPieces(pieces: readonly (Buffer | PackedPiece)[]): Buffer {
  const out: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (const p of pieces) {
    if (Buffer.isBuffer(p)) {
      crc = crc32(p, crc);
      size += p.length;
      storedBlocks(p, out);
    } else {
      crc = (gf2Times(p.shift, crc) ^ p.crc) >>> 0;
      size += p.raw.length;
      out.push(p.deflated);
    }
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(FINAL_BLOCK, trailer);
  return Buffer.concat(out);
}
