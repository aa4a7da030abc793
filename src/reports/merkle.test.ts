/** The Merkle root against vectors computed by hand here from sha256 of explicit leaves (RFC 6962 shape). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash, merkleRoot, nodeHash } from './merkle';

const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (s: string) => h(Buffer.from([0]), Buffer.from(s, 'utf8'));
const node = (l: Buffer, r: Buffer) => h(Buffer.from([1]), l, r);
const hex = (b: Buffer) => b.toString('hex');

describe('merkleRoot', () => {
  it('of no leaves is sha256 of nothing, of one leaf its leaf hash', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRoot(['a'])).toBe(hex(leaf('a')));
    expect(leafHash('a')).toBe(hex(leaf('a')));
    // Not the plain sha256 of the leaf: the 0x00 prefix separates leaves from nodes.
    expect(merkleRoot(['a'])).not.toBe(createHash('sha256').update('a').digest('hex'));
  });

  it('pairs two leaves with the 0x01 prefix', () => {
    expect(merkleRoot(['a', 'b'])).toBe(hex(node(leaf('a'), leaf('b'))));
    expect(nodeHash(hex(leaf('a')), hex(leaf('b')))).toBe(hex(node(leaf('a'), leaf('b'))));
  });

  it('carries an odd leaf up instead of duplicating it (3 and 5 leaves)', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(leaf) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    expect(merkleRoot(['a', 'b', 'c'])).toBe(hex(node(node(a, b), c)));
    expect(merkleRoot(['a', 'b', 'c'])).not.toBe(hex(node(node(a, b), node(c, c))));
    expect(merkleRoot(['a', 'b', 'c', 'd'])).toBe(hex(node(node(a, b), node(c, d))));
    expect(merkleRoot(['a', 'b', 'c', 'd', 'e'])).toBe(hex(node(node(node(a, b), node(c, d)), e)));
  });

  it('changes with any leaf and with the order', () => {
    expect(merkleRoot(['a', 'b', 'c'])).not.toBe(merkleRoot(['a', 'b', 'x']));
    expect(merkleRoot(['a', 'b'])).not.toBe(merkleRoot(['b', 'a']));
  });

  it('hashes leaves as UTF-8 (a Japanese leaf)', () => {
    expect(merkleRoot(['報告'])).toBe(hex(leaf('報告')));
  });
});
