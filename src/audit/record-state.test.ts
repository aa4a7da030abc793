import { describe, expect, it } from 'vitest';
import { signedPayload } from './signed-heads';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json';
import { differingFields, recordDigest, recordState, stateDigest } from './record-state';

const row = {
  id: 'a1',
  projectId: 'p',
  leadPartner: 'UNIA',
  partners: ['UNIA'],
  channel: 'X',
  channelKind: 'social',
  metric: 'views',
  value: 5,
  date: '2024-01-01',
  source: 'import:b',
  version: 3,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-02-01T00:00:00Z'),
  createdBy: 'a',
  updatedBy: 'b',
  deletedAt: null,
  pendingBatch: 'c0ffee',
};

describe('record state', () => {
  it('keeps the id and stored fields, not bookkeeping (version, timestamps, who, pending batch)', () => {
    const s = recordState('metric', row);
    expect(s).toMatchObject({ id: 'a1', lead_partner: 'UNIA', channel: 'X', metric: 'views', value: 5 });
    for (const k of ['version', 'created_at', 'updated_at', 'updated_by', 'pending_batch', 'pendingBatch'])
      expect(s).not.toHaveProperty(k);
    const touched = { ...row, version: 9, updatedAt: new Date(), updatedBy: 'z', pendingBatch: null };
    expect(recordDigest('metric', touched)).toBe(recordDigest('metric', row));
    expect(recordDigest('metric', { ...row, value: 6 })).not.toBe(recordDigest('metric', row));
  });

  it('is the sha256 of the canonical JSON of the state, as before the one-shot hash', () => {
    const state = { id: 'r1', title: 'Ünïcode 漢字', partners: ['A', 'B'], value: 5 };
    expect(stateDigest(state)).toBe(createHash('sha256').update(canonicalJson(state)).digest('hex'));
  });

  it('digests a row exactly as the digest of its state (nulls, arrays, JSON, booleans; every kind)', () => {
    const activity = {
      id: 'b2',
      projectId: 'p',
      leadPartner: 'UNIA',
      title: 'Talk "A" \\ tab\there',
      description: null,
      startDate: '2025-03-01',
      endDate: undefined,
      kind: 'communication',
      audiences: ['Civil society', 'Média'],
      channels: [],
      reachByAudience: { b: 2, a: { z: [1, null], y: 'é' } },
      jointWithOtherProjects: false,
      personsReached: 0,
      version: 1,
    };
    const slow = (kind: Parameters<typeof recordDigest>[0], r: Record<string, unknown>) =>
      stateDigest(recordState(kind, r));
    expect(recordDigest('activity', activity)).toBe(slow('activity', activity));
    expect(recordDigest('metric', row)).toBe(slow('metric', row));
    for (const kind of ['publication', 'event', 'synergy'] as const)
      expect(recordDigest(kind, { ...activity, ...row })).toBe(slow(kind, { ...activity, ...row }));
  });

  it('digests canonical JSON (key order does not matter)', () => {
    expect(stateDigest({ a: 1, b: [1, { d: 2, c: 3 }] })).toBe(stateDigest({ b: [1, { c: 3, d: 2 }], a: 1 }));
    expect(stateDigest({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the differing fields; absent equals null', () => {
    expect(differingFields({ a: 1, b: 'x', c: null }, { a: 2, b: 'x' })).toEqual(['a']);
    expect(differingFields({ a: 1, v: 1 }, { a: 1, v: 2 }, ['v'])).toEqual([]);
  });

  it('signs canonical JSON of exactly chain, seq, hash, signedAt and keyId', () => {
    const h = { keyId: 'k', signedAt: 't', hash: 'h', seq: 2, chain: 'c' };
    expect(signedPayload({ ...h, extra: 1 } as typeof h)).toBe(
      '{"chain":"c","hash":"h","keyId":"k","seq":2,"signedAt":"t"}',
    );
  });
});
