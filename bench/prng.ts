/** The bench's seeded PRNG (mulberry32): the same seed gives the same data on every machine and engine. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A deterministic UUID (version 4 layout), its first group the stream's seed: unique across streams. */
  uuid(): string;
}

/** mulberry32 from a 32-bit seed; `mixSeed` derives independent streams (per project, per record type). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const stream = a.toString(16).padStart(8, '0');
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const hex = (digits: number) => {
    let s = '';
    for (let i = 0; i < digits; i++) s += int(16).toString(16);
    return s;
  };
  return {
    next,
    int,
    pick: <T>(list: readonly T[]): T => list[int(list.length)]!,
    chance: (p: number) => next() < p,
    // The stream's seed leads: mulberry32's streams are one cycle of 2^32 states entered at different points, so at
    // portfolio size (2,000,000 rows, ~100 M draws) two streams' ranges overlap and would repeat each other's ids.
    uuid: () => `${stream}-${hex(4)}-4${hex(3)}-${(8 + int(4)).toString(16)}${hex(3)}-${hex(12)}`,
  };
}

/** A 32-bit seed from a base seed and labels (FNV-1a over their text). */
export function mixSeed(seed: number, ...labels: Array<string | number>): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of labels.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
