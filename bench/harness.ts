/**
 * The bench's measuring rules (issue 17): a scenario A is measured beside its physical baseline B in the same run,
 * interleaved A B A B … for at least five pairs, and reported as the median ratio with its min–max. Every raw figure
 * goes into the results JSON; the table on stdout is a summary of it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_PAIRS = 5;

/**
 * Smoke mode (the test run of `npm test`): scenarios only have to produce figures, so `interleave` accepts a single
 * pair. Never set by `npm run bench`.
 */
let smokeMode = false;
export const setSmoke = (on: boolean): void => {
  smokeMode = on;
};
export const isSmoke = (): boolean => smokeMode;

export type Size = 'small' | 'medium' | 'portfolio';
export type Engine = 'pglite' | 'postgres';

/** One scenario against its baseline: raw figures per pair and what the ratio means. */
export interface PairedFigure {
  scenario: string;
  /** What A and B are, e.g. "import of 100,000 activities" vs "COPY of the same rows". */
  a: string;
  b: string;
  unit: string;
  /** Raw figures, pair i = (aRuns[i], bRuns[i]). */
  aRuns: number[];
  bRuns: number[];
  /** A/B per pair: for a throughput, higher is better; for a duration, lower is. */
  ratios: number[];
  median: number;
  min: number;
  max: number;
  /** The target, as a ratio: "≥ 0.4" (at least) or "≤ 2" (at most). */
  target?: { op: '>=' | '<='; ratio: number };
  met?: boolean;
  /** Anything else worth keeping (p99 latencies, rows, sizes). */
  extra?: Record<string, unknown>;
}

/** A single figure without a baseline (memory, cold start), against an absolute target. */
export interface SingleFigure {
  scenario: string;
  unit: string;
  runs: number[];
  median: number;
  min: number;
  max: number;
  target?: { op: '>=' | '<='; value: number };
  met?: boolean;
  extra?: Record<string, unknown>;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const meets = (value: number, t: { op: '>=' | '<='; v: number }) =>
  t.op === '>=' ? value >= t.v : value <= t.v;

/**
 * Runs A and B interleaved, `pairs` times (at least MIN_PAIRS), each returning its figure (rows/s, requests/s, ms).
 * The ratio is always A/B: give throughputs a `>=` target and durations a `<=` one. With `warmup`, each runs once
 * unrecorded first.
 */
export async function interleave(opts: {
  scenario: string;
  a: { label: string; run: () => Promise<number> };
  b: { label: string; run: () => Promise<number> };
  unit: string;
  pairs?: number;
  warmup?: boolean;
  target?: { op: '>=' | '<='; ratio: number };
  onPair?: (i: number, a: number, b: number) => void;
}): Promise<PairedFigure> {
  const pairs = smokeMode ? Math.max(1, opts.pairs ?? 1) : Math.max(MIN_PAIRS, opts.pairs ?? MIN_PAIRS);
  if (opts.warmup && !smokeMode) {
    await opts.a.run();
    await opts.b.run();
  }
  const aRuns: number[] = [];
  const bRuns: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const a = await opts.a.run();
    const b = await opts.b.run();
    aRuns.push(a);
    bRuns.push(b);
    opts.onPair?.(i, a, b);
  }
  return paired({
    scenario: opts.scenario,
    a: opts.a.label,
    b: opts.b.label,
    unit: opts.unit,
    aRuns,
    bRuns,
    target: opts.target,
  });
}

/** A paired figure from raw runs measured elsewhere (e.g. by autocannon, A and B alternating). */
export function paired(opts: {
  scenario: string;
  a: string;
  b: string;
  unit: string;
  aRuns: number[];
  bRuns: number[];
  target?: { op: '>=' | '<='; ratio: number };
  extra?: Record<string, unknown>;
}): PairedFigure {
  const ratios = opts.aRuns.map((a, i) => a / opts.bRuns[i]!);
  const m = median(ratios);
  return {
    scenario: opts.scenario,
    a: opts.a,
    b: opts.b,
    unit: opts.unit,
    aRuns: opts.aRuns,
    bRuns: opts.bRuns,
    ratios,
    median: m,
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    ...(opts.target
      ? { target: opts.target, met: meets(m, { op: opts.target.op, v: opts.target.ratio }) }
      : {}),
    ...(opts.extra ? { extra: opts.extra } : {}),
  };
}

/** A figure without a baseline. */
export function single(opts: {
  scenario: string;
  unit: string;
  runs: number[];
  target?: { op: '>=' | '<='; value: number };
  extra?: Record<string, unknown>;
}): SingleFigure {
  const m = median(opts.runs);
  return {
    scenario: opts.scenario,
    unit: opts.unit,
    runs: opts.runs,
    median: m,
    min: Math.min(...opts.runs),
    max: Math.max(...opts.runs),
    ...(opts.target
      ? { target: opts.target, met: meets(m, { op: opts.target.op, v: opts.target.value }) }
      : {}),
    ...(opts.extra ? { extra: opts.extra } : {}),
  };
}

const fmt = (n: number) =>
  Math.abs(n) >= 100
    ? n.toFixed(0)
    : Math.abs(n) >= 10
      ? n.toFixed(1)
      : Math.abs(n) >= 0.1 || n === 0
        ? n.toFixed(2)
        : n.toPrecision(2);

/** The summary table for stdout. */
export function table(figures: Array<PairedFigure | SingleFigure>): string {
  const lines = ['scenario | A (median) | B (median) | ratio median (min–max) | target | met'];
  for (const f of figures) {
    if ('ratios' in f) {
      const t = f.target ? `${f.target.op} ${f.target.ratio}` : '';
      lines.push(
        `${f.scenario} | ${fmt(median(f.aRuns))} ${f.unit} | ${fmt(median(f.bRuns))} ${f.unit} | ${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)}) | ${t} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'}`,
      );
    } else {
      const t = f.target ? `${f.target.op} ${f.target.value} ${f.unit}` : '';
      lines.push(
        `${f.scenario} | ${fmt(f.median)} ${f.unit} (${fmt(f.min)}–${fmt(f.max)}) | | | ${t} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'}`,
      );
    }
  }
  return lines.join('\n');
}

/** Writes bench/results/<date>-<engine>[-<size>].json with every raw figure and the machine it ran on. */
export function writeResults(opts: {
  dir?: string;
  date: string;
  engine: Engine;
  /** A size, or a custom data set's label (e.g. `portfolio-300x1000`). */
  size: string;
  machine: Record<string, unknown>;
  figures: Array<PairedFigure | SingleFigure>;
}): string {
  const dir = opts.dir ?? join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${opts.date}-${opts.engine}-${opts.size}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: opts.date, engine: opts.engine, size: opts.size, machine: opts.machine, figures: opts.figures }, null, 2)}\n`,
  );
  return file;
}
