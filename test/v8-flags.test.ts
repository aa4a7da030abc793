/**
 * The V8 flags `herald` sets on itself (bin/v8-flags.mjs) take effect when set at run time, as bin/herald.mjs sets
 * them: a process that keeps many young objects alive keeps its young generation at 1 MB semi-spaces (2 MB), while
 * the same process with HERALD_V8_FLAGS=none grows it (to 32 MB by default).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the launcher, without types
import { HERALD_V8_FLAGS } from '../bin/v8-flags.mjs';

const FLAGS_MODULE = new URL('../bin/v8-flags.mjs', import.meta.url).href;

/** The new space's size (MB) in a child that applies the flags, then allocates objects that survive scavenges. */
function newSpaceMb(env: Record<string, string>): number {
  const script = `
    import v8 from 'node:v8';
    const { applyV8Flags } = await import(${JSON.stringify(FLAGS_MODULE)});
    applyV8Flags();
    const kept = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50000; i++) kept.push({ i, s: 'row ' + i });
      await new Promise((r) => setImmediate(r));
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 1048576) + ' ' + kept.length);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  expect(r.stderr).toBe('');
  const [mb, kept] = r.stdout.split(' ').map(Number);
  expect(kept).toBe(1_000_000);
  return mb as number;
}

describe('bin/v8-flags.mjs', () => {
  it('lists the flags deliberately (WebAssembly tiers, young generation, heap growth)', () => {
    expect(HERALD_V8_FLAGS).toEqual([
      '--liftoff-only',
      '--semi-space-growth-factor=1',
      '--heap-growing-percent=50',
    ]);
  });

  it('keeps the young generation at 1 MB semi-spaces when set at run time; HERALD_V8_FLAGS=none lets it grow', () => {
    const HERALD_V8_FLAGS = '';
    expect(newSpaceMb({ HERALD_V8_FLAGS })).toBeLessThanOrEqual(2);
    expect(newSpaceMb({ HERALD_V8_FLAGS: 'none' })).toBeGreaterThan(2);
  });
});
