/** The bench PRNG: deterministic, and ids that stay unique when two streams run through the same states. */
import { describe, expect, it } from 'vitest';
import { createRng, mixSeed } from '../../bench/prng';

describe('bench prng', () => {
  it('repeats a seed and differs across seeds', () => {
    const a = createRng(mixSeed(17, 'x'));
    const b = createRng(mixSeed(17, 'x'));
    expect([a.uuid(), a.next()]).toEqual([b.uuid(), b.next()]);
    expect(createRng(mixSeed(17, 'y')).uuid()).not.toBe(createRng(mixSeed(17, 'x')).uuid());
  });

  it('gives distinct ids to a stream that enters the cycle where another one is one uuid further', () => {
    const seed = 12345;
    // mulberry32 adds 0x6d2b79f5 per draw; a uuid takes 23 draws: this stream starts at the other's second uuid.
    const shifted = (seed + 23 * 0x6d2b79f5) >>> 0;
    const a = createRng(seed);
    a.uuid();
    const second = a.uuid();
    const b = createRng(shifted).uuid();
    expect(b.slice(9)).toBe(second.slice(9));
    expect(b).not.toBe(second);
    expect(b).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
