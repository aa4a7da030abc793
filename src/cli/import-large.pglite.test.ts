/**
 * A large CSV (25,000 rows: a few hundred chunks) through the CLI path (`herald import`): all rows imported, a second
 * run adds nothing. Prints the time and the peak RSS / heap it took; asserts only behaviour. The 100,000-row figures
 * (duration, /healthz latency while it runs) are `npm run bench -- --only import`. It runs on one engine only
 * (PGlite, the default); the same code path runs on PostgreSQL in src/cli/import.int.test.ts.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { ACTIVITY_COLUMNS, importDir, importPlanYaml } from '../../test/factories/imports';

const ROWS = 25_000;
const MB = 1024 * 1024;
let dir: ReturnType<typeof importDir>;
let env: Record<string, string>;
let cleanup: () => Promise<void>;

/** ROWS activities (`;`-separated, accents, partner aliases in mixed case), all valid and distinct. */
async function writeLargeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${ACTIVITY_COLUMNS.join(';')}\n`);
  for (let i = 1; i <= ROWS; i += 1) {
    const date = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const lead = ['UNIA', 'corp b', 'Nihon Daigaku'][i % 3];
    const line = `Réunion d'information n°${i};${lead};${date};social_post;Other;"Citizens; Industry, business partners";Social media;Delivered\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Samples RSS and heap every 100 ms while `fn` runs. */
async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; seconds: number; rss: number; heap: number }> {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 100);
  const started = performance.now();
  try {
    const value = await fn();
    return { value, seconds: (performance.now() - started) / 1000, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

describe('herald import of a large CSV', () => {
  beforeAll(async () => {
    dir = importDir();
    ({ env, cleanup } = await createTestDatabaseEnv());
    expect((await runCli(['plan', 'import', dir.write('tide-x.yaml', importPlanYaml())], env)).code).toBe(0);
  });
  afterAll(async () => {
    await cleanup();
    dir.cleanup();
  });

  it('imports every row once, then nothing', { timeout: 300_000 }, async () => {
    const file = dir.path('large.csv');
    await writeLargeCsv(file);
    const args = ['import', file, '--project', 'tide-x', '--type', 'activity'];
    const before = process.memoryUsage();
    const first = await measured(() => runCli(args, env));
    const again = await measured(() => runCli(args, env));
    console.info(
      `${ROWS}-row CSV import (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${first.seconds.toFixed(1)} s, ` +
        `peak RSS ${(first.rss / MB).toFixed(0)} MB (+${((first.rss - before.rss) / MB).toFixed(0)}), ` +
        `peak heap ${(first.heap / MB).toFixed(0)} MB (+${((first.heap - before.heapUsed) / MB).toFixed(0)}); ` +
        `re-import ${again.seconds.toFixed(1)} s`,
    );
    expect(first.value.code).toBe(0);
    expect(first.value.stdout.trimEnd().split('\n').at(-1)).toBe(`imported ${ROWS}, duplicates 0, invalid 0`);
    expect(again.value.code).toBe(0);
    expect(again.value.stdout.trimEnd().split('\n').at(-1)).toBe(`imported 0, duplicates ${ROWS}, invalid 0`);
  });
});
