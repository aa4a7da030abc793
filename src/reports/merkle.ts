/**
 * The Merkle tree of a report's evidence manifest, RFC 6962 style over SHA-256: a leaf hash is
 * `sha256(0x00 || leaf bytes)`, an inner node `sha256(0x01 || left || right)`. Leaves are split at the largest
 * power of two below their count (RFC 6962 §2.1), so an odd leaf is never duplicated, only carried up. The root of
 * no leaves is sha256 of the empty string. Hashes are lowercase hex. Leaf bytes are the UTF-8 of each figure's
 * canonical JSON (src/reports/manifest.ts, `leafBytes`).
 */
import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** sha256(0x00 || bytes), hex. */
export const leafHash = (bytes: Uint8Array | string): string =>
  createHash('sha256')
    .update(LEAF)
    .update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)
    .digest('hex');

/** sha256(0x01 || left || right) of two hex hashes, hex. */
export const nodeHash = (left: string, right: string): string =>
  createHash('sha256')
    .update(NODE)
    .update(Buffer.from(left, 'hex'))
    .update(Buffer.from(right, 'hex'))
    .digest('hex');

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The root over already-hashed leaves (RFC 6962's MTH). */
export function rootOfHashes(hashes: readonly string[]): string {
  if (hashes.length === 0) return createHash('sha256').digest('hex');
  if (hashes.length === 1) return hashes[0] as string;
  const k = splitPoint(hashes.length);
  return nodeHash(rootOfHashes(hashes.slice(0, k)), rootOfHashes(hashes.slice(k)));
}

/** The Merkle root of the leaves, in their order. */
export const merkleRoot = (leaves: ReadonlyArray<Uint8Array | string>): string =>
  rootOfHashes(leaves.map(leafHash));
