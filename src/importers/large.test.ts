import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { parseFile, validateRows } from './index';
import { tempDir } from './testing';

const dir = tempDir();
afterAll(() => dir.cleanup());

const ROWS = 100_000;
const MB = 1024 * 1024;

/** A full garbage collection, when the runtime lets one be exposed (to measure what stays, not what is garbage). */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a 100,000-row activity CSV (semicolon-separated, UTF-8 accents, one invalid row at the end). */
async function writeLargeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    'title;lead_partner;date;kind;type;audiences;channels;status;persons_reached;countries;description\n',
  );
  for (let i = 1; i <= ROWS; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const status = i === ROWS ? 'Finished' : 'Delivered';
    const line = `Réunion d'information n°${i};${i % 2 ? 'UNIA' : 'corp b'};2024-${String((i % 12) + 1).padStart(2, '0')}-${day};social_post;Other;"Citizens; Industry, business partners";Social media;${status};${i % 500};PT|ES;Post ${i} about the pilot in Logroño\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('a 100,000-row CSV', () => {
  it('streams and validates in batches with bounded memory', { timeout: 120_000 }, async () => {
    const path = dir.path('large.csv');
    await writeLargeCsv(path);
    const gc = collector();
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const retained: number[] = [];
    let batches = 0;
    let valid = 0;
    let invalid = 0;
    let lastError = '';
    const started = performance.now();
    const parsed = await parseFile({ path, type: 'activity' });
    for await (const batch of validateRows(parsed.batches, 'activity', validationContext())) {
      for (const row of batch) {
        if (row.value) valid += 1;
        else {
          invalid += 1;
          lastError = `${row.row}:${row.errors[0]?.column}`;
        }
      }
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      batches += 1;
      if (gc && batches % 10 === 0) {
        gc();
        retained.push(process.memoryUsage().heapUsed);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const growth = (peak - before) / MB;
    const kept = retained.map((r) => (r - before) / MB);
    console.info(
      `100k-row CSV (${(parsed.summary.totalBytes / MB).toFixed(1)} MB): ${seconds.toFixed(1)} s, peak heap growth ${growth.toFixed(1)} MB, ` +
        `retained after GC every 10 batches ${kept.map((k) => k.toFixed(1)).join('/')} MB`,
    );
    expect(parsed.summary.rows).toBe(ROWS);
    expect(valid).toBe(ROWS - 1);
    expect(invalid).toBe(1);
    expect(lastError).toBe(`${ROWS + 1}:status`);
    expect(parsed.summary.encoding).toBe('UTF-8');
    expect(growth).toBeLessThan(150);
    // What stays alive after a collection does not grow with the rows read: the 90,000th row costs what the 10,000th did.
    if (kept.length >= 2) {
      expect(Math.max(...kept)).toBeLessThan(32);
      expect((kept.at(-1) ?? 0) - (kept[0] ?? 0)).toBeLessThan(8);
    }
  });
});
