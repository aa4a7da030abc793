/**
 * The importers' streaming at scale: parses and validates an N-row activity CSV (default 100,000) batch by batch and
 * prints its time, peak heap growth and the heap kept after collections (src/importers/large.test.ts runs 25,000).
 * Usage: npm run bench -- --only parse [--rows 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, streamLargeCsv, writeLargeCsv } from '../test/large-csv';

export async function run(): Promise<void> {
  const i = process.argv.indexOf('--rows');
  const rows = i === -1 ? 100_000 : Number(process.argv[i + 1]);
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-parse-'));
  try {
    const path = join(dir, 'large.csv');
    await writeLargeCsv(path, rows);
    const r = await streamLargeCsv(path);
    console.log(describeRun(r));
    console.log(`  valid ${r.valid}, invalid ${r.invalid} (last at ${r.lastError}), ${r.encoding}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
