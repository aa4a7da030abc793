/** A large activity CSV, streamed and validated in batches while heap use is sampled (the test and `npm run bench -- --only parse`). */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseFile, validateRows } from '../src/importers/index';
import { validationContext } from './factories/records';

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

/** Writes an N-row activity CSV (semicolon-separated, UTF-8 accents, one invalid row at the end). */
export async function writeLargeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    'title;lead_partner;date;kind;type;audiences;channels;status;persons_reached;countries;description\n',
  );
  for (let i = 1; i <= rows; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const status = i === rows ? 'Finished' : 'Delivered';
    const line = `Réunion d'information n°${i};${i % 2 ? 'UNIA' : 'corp b'};2024-${String((i % 12) + 1).padStart(2, '0')}-${day};social_post;Other;"Citizens; Industry, business partners";Social media;${status};${i % 500};PT|ES;Post ${i} about the pilot in Logroño\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export interface LargeCsvRun {
  rows: number;
  valid: number;
  invalid: number;
  /** `ROW:COLUMN` of the last invalid row. */
  lastError: string;
  encoding: string;
  megabytes: number;
  seconds: number;
  /** Peak heap growth over the run (MB). */
  growth: number;
  /** Heap kept after a full collection every 10 batches, above the start (MB); empty without an exposed gc. */
  kept: number[];
}

/** Parses and validates the file batch by batch, counting rows and sampling the heap. */
export async function streamLargeCsv(path: string): Promise<LargeCsvRun> {
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
  return {
    rows: parsed.summary.rows,
    valid,
    invalid,
    lastError,
    encoding: parsed.summary.encoding ?? '',
    megabytes: parsed.summary.totalBytes / MB,
    seconds: (performance.now() - started) / 1000,
    growth: (peak - before) / MB,
    kept: retained.map((r) => (r - before) / MB),
  };
}

/** One line of figures. */
export const describeRun = (r: LargeCsvRun): string =>
  `${r.rows}-row CSV (${r.megabytes.toFixed(1)} MB): ${r.seconds.toFixed(1)} s, peak heap growth ${r.growth.toFixed(1)} MB, ` +
  `retained after GC every 10 batches ${r.kept.map((k) => k.toFixed(1)).join('/')} MB`;
