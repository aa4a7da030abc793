import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

/** The earlier implementation (a JSON.stringify replacer copying every object): hashes made with it must not move. */
const reference = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );

describe('canonicalJson', () => {
  it('ignores key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('writes byte for byte what the replacer version wrote', () => {
    const values: unknown[] = [
      null,
      0,
      -0,
      1.5e300,
      Number.NaN,
      Infinity,
      'text "quoted" \\ \n\t\u2028 日本語 \ud83c\udf0a',
      true,
      [],
      {},
      [undefined, null, () => 1, { z: undefined, y: () => 1, x: [1, { b: 2, a: 1 }] }],
      { id: 'x', date: new Date('2025-03-01T10:00:00.000Z'), nested: { toJSON: () => ({ b: 1, a: [2] }) } },
      { b: '2', a: '1', B: 3, _: 4, '10': 5, '9': 6, é: 7, 'z\u0000': 8 },
      {
        authors: [
          { name: 'Yamada, 太郎', partner: 'UNIA' },
          { name: 'Ng', affiliation: null },
        ],
      },
    ];
    for (const v of values) expect(canonicalJson(v)).toBe(reference(v));
  });
});
