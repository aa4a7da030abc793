/** gzip answers made from pieces compressed once and per-request pieces stored: what any gunzip reads back. */
import { randomBytes } from 'node:crypto';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, crc32Combine, gzipPieces, packPiece } from './gzip-parts';

describe('gzipPieces', () => {
  it('decodes to the pieces in order, whichever are packed or stored, large, empty or repeated', () => {
    const svg = Buffer.from('<svg><path d="M0 0L10 10"/></svg>'.repeat(5000) + 'グラフ');
    const token = Buffer.from('tokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const noise = randomBytes(200_000); // over three stored blocks' worth
    const packed = packPiece(svg);
    const pieces = [Buffer.from('<html>'), packed, token, packPiece(Buffer.alloc(0)), packed, noise, token];
    const expected = Buffer.concat(pieces.map((p) => (Buffer.isBuffer(p) ? p : p.raw)));
    const zipped = gzipPieces(pieces);
    expect(gunzipSync(zipped).equals(expected)).toBe(true);
    expect(packed.deflated.length).toBeLessThan(svg.length / 20);
    expect(gunzipSync(gzipPieces([])).length).toBe(0);
  });
});

describe('crc32Combine', () => {
  it('gives the CRC-32 of the concatenation', () => {
    for (const [a, b] of [
      [randomBytes(10), randomBytes(1)],
      [randomBytes(0), randomBytes(5)],
      [randomBytes(1000), randomBytes(0)],
      [randomBytes(3), randomBytes(123_457)],
    ] as const)
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as browsers send it, q=0 refusing', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('x-gzip-not')).toBe(false);
  });
});
