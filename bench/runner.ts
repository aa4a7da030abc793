/**
 * `npm run bench`'s runner (issue 17): opens the engine (a PGlite data folder that `herald serve` can open, or
 * PostgreSQL from DATABASE_URL or a throwaway cluster), generates the data set of the size, runs the scenarios beside
 * their baselines (import, kpis in-process; dashboard, memory, coldstart through bench/server.ts once the database is
 * closed), and writes bench/results/<date>-<engine>-<size>.json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { startCluster, type Cluster } from '../scripts/pg-cluster';
import { fromPglite, type Database } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { refreshFigures } from '../src/kpi/figure-refresh';
import { systemClock } from '../src/lib/clock';
import { PAGE_SIZE } from '../src/portfolio/page-query';
import {
  BENCH_EMAIL,
  BENCH_PASSWORD,
  DEFAULT_SEED,
  SIZES,
  generate,
  type Generated,
  type Spec,
} from './generate';
import {
  setSmoke,
  single,
  writeResults,
  type Engine,
  type PairedFigure,
  type SingleFigure,
  type Size,
} from './harness';
import { machineInfo } from './machine';
import { stderrProgress, type Progress } from './progress';
import { activitiesCsv, importScenario } from './scenario-import';
import { flatness, kpiScenarios } from './scenario-kpis';
import { portfolioReaders, type PortfolioReader } from './portfolio-users';
import type { SitePaths } from './scenario-site';

/** Projects in the database when the portfolio's first KPI figure is measured. */
const EARLY_PROJECTS = 10;

/** The scenarios `--only` may name (the server's three come from bench/server.ts; `report` needs no data set). */
export const SCENARIOS = [
  'import',
  'kpis',
  'dashboard',
  'memory',
  'coldstart',
  'report',
  'export',
  'site',
] as const;
export type Scenario = (typeof SCENARIOS)[number];
const SERVER_SCENARIOS: readonly Scenario[] = ['dashboard', 'memory', 'coldstart'];

export type Figure = PairedFigure | SingleFigure;

/** bench/server.ts's entry point (written beside this runner; absent until merged). */
export type MeasureServer = (opts: {
  dataDir?: string;
  databaseUrl?: string;
  projectId: string;
  email: string;
  password: string;
  pairs: number;
  seconds: number;
  connections: number;
  importCsv?: string;
  only?: string[];
  portfolioReaders?: readonly PortfolioReader[];
}) => Promise<Figure[]>;

export interface BenchOptions {
  engine: Engine;
  size: Size;
  /** Overrides the size's data set (the smoke test's tiny one, a reduced portfolio). */
  spec?: Spec;
  /** Names the results file instead of the size (`<date>-<engine>-<label>.json`): a custom data set's. */
  label?: string;
  only?: readonly Scenario[];
  seed?: number;
  /** Pairs per scenario (default 5; smoke 1). */
  pairs?: number;
  /** The smoke run of `npm test`: one pair, tiny import, a second of load. */
  smoke?: boolean;
  /** Rows of the import scenario (default 2,000 at small, else 100,000). */
  importRows?: number;
  /** Activities of the export scenario's own project (default 100,000; smoke 50): bench/gen-export.ts. */
  exportRows?: number;
  seconds?: number;
  connections?: number;
  /** PGlite: the data folder to write (default: a temp folder, removed at the end unless `keep`). */
  dataDir?: string;
  /** PostgreSQL: an empty database's URL (default DATABASE_URL, else a throwaway cluster). */
  databaseUrl?: string;
  keep?: boolean;
  resultsDir?: string;
  quiet?: boolean;
}

export interface BenchRun {
  figures: Figure[];
  file: string;
  machine: Record<string, unknown>;
  /** Scenarios asked for that this build cannot run, with why. */
  skipped: string[];
}

/** bench/server.ts's measureServer, or null when the module is not in this build. */
export async function loadMeasureServer(): Promise<MeasureServer | null> {
  const url = new URL('./server.ts', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  const mod = (await import(url.href)) as { measureServer?: MeasureServer };
  return mod.measureServer ?? null;
}

interface Opened {
  database: Database;
  pglite?: PGlite;
  databaseUrl?: string;
  dataDir?: string;
  cluster?: Cluster;
}

async function open(o: BenchOptions, work: string): Promise<Opened> {
  if (o.engine === 'pglite') {
    const dataDir = o.dataDir ?? join(work, 'data');
    mkdirSync(dataDir, { recursive: true });
    const pglite = await PGlite.create({ dataDir });
    return { database: fromPglite(pglite), pglite, dataDir };
  }
  let url = o.databaseUrl ?? process.env.DATABASE_URL;
  let cluster: Cluster | undefined;
  if (!url) {
    cluster = await startCluster();
    const admin = fromPostgresUrl(cluster.url(), { max: 1 });
    await admin.db.execute(sql`CREATE DATABASE bench`);
    await admin.close();
    url = cluster.url('bench');
  }
  return { database: fromPostgresUrl(url), databaseUrl: url, cluster };
}

export async function runBench(o: BenchOptions): Promise<BenchRun> {
  setSmoke(o.smoke ?? false);
  const progress: Progress = stderrProgress({ quiet: o.quiet });
  const only = new Set<Scenario>(o.only ?? SCENARIOS);
  const seed = o.seed ?? DEFAULT_SEED;
  const pairs = o.pairs ?? (o.smoke ? 1 : 5);
  const work = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const opened = await open(o, work);
  const figures: Figure[] = [];
  const skipped: string[] = [];
  let machine: Record<string, unknown> = {};
  let closed = false;
  const date = new Date().toISOString().slice(0, 10);
  // Written after each scenario, so that an interrupted run keeps what it measured.
  const save = () =>
    writeResults({
      dir: o.resultsDir,
      date,
      engine: o.engine,
      size: o.label ?? o.size,
      machine: { ...machine, ...(skipped.length ? { skipped } : {}) },
      figures,
    });
  try {
    const { database } = opened;
    await database.migrate();
    machine = await machineInfo(database);
    if (only.has('report')) {
      const { reportScenario } = await import('./scenario-report');
      figures.push(await reportScenario({ activities: o.smoke ? 20 : 5_000, pairs, progress }));
      save();
      // The report is rendered from a model, not the database: `--only report` generates no data set.
      if (only.size === 1) return { figures, file: save(), machine, skipped };
    }
    const spec = o.spec ?? SIZES[o.size];
    const total = spec.reduce((n, g) => n + g.projects * g.records, 0);
    progress.start(`generate ${o.size}`, total);
    const t0 = performance.now();
    // At portfolio size, the 1,000-record project's KPIs are measured first with 10 projects in the database, then
    // again with all of them (kpis: "flat across portfolio size"); the early phase's time is left out of `generate`.
    let paused = 0;
    const early =
      o.size === 'portfolio' && only.has('kpis')
        ? {
            projects: EARLY_PROJECTS,
            then: async (g: Generated) => {
              const p0 = performance.now();
              progress.stop();
              figures.push(...(await kpiScenarios({ database, generated: g, pairs, progress })));
              save();
              progress.start(`generate ${o.size} (the rest)`, total);
              paused += performance.now() - p0;
            },
          }
        : undefined;
    const generated = await generate({
      database,
      size: o.spec ?? o.size,
      seed,
      filesDir: join(opened.dataDir ?? work, 'files'),
      onProgress: (done) => progress.update(done),
      ...(early ? { early } : {}),
    });
    progress.stop();
    const seconds = (performance.now() - t0 - paused) / 1000;
    figures.push(
      single({
        scenario: 'generate',
        unit: 's',
        runs: [seconds],
        extra: {
          projects: generated.projectIds.length,
          records: total,
          auditEntries: generated.auditEntries,
          files: generated.files,
          seed,
        },
      }),
    );
    progress.note(
      `generated ${total} records in ${generated.projectIds.length} projects in ${seconds.toFixed(1)} s`,
    );
    if (only.has('kpis')) {
      figures.push(...(await kpiScenarios({ database, generated, pairs, progress })));
      if (early) figures.push(...flatness(figures));
      save();
    }
    let importCsv: string | undefined;
    if (only.has('import')) {
      const rows = o.importRows ?? (o.smoke ? 50 : o.size === 'small' ? 2_000 : 100_000);
      figures.push(
        await importScenario({
          database,
          pglite: opened.pglite,
          databaseUrl: opened.databaseUrl,
          plan: generated.plan,
          rows,
          seed,
          workDir: work,
          pairs,
          progress,
        }),
      );
      save();
    }
    let exportProject: string | undefined;
    if (only.has('export')) {
      const { exportInProcess } = await import('./scenario-export');
      const { DEFAULT_EXPORT_ROWS, generateExportProject } = await import('./gen-export');
      const rows = o.exportRows ?? (o.smoke ? 50 : DEFAULT_EXPORT_ROWS);
      progress.start('generate the export project', rows);
      const e0 = performance.now();
      exportProject = await generateExportProject(database.db, {
        generated,
        seed,
        rows,
        onRows: (done) => progress.update(done),
      });
      progress.stop();
      const generatedIn = (performance.now() - e0) / 1000;
      progress.note(`generated ${rows} activities in the export project in ${generatedIn.toFixed(1)} s`);
      const figure = await exportInProcess({
        database,
        pglite: opened.pglite,
        databaseUrl: opened.databaseUrl,
        projectId: exportProject,
        pairs,
      });
      figures.push({ ...figure, extra: { ...(figure.extra ?? {}), generatedInS: generatedIn } });
      save();
    }
    const wanted = SERVER_SCENARIOS.filter((s) => only.has(s));
    // What serve's job runner does after a write or at its sweep: the first project's dashboard figures are cached,
    // so the dashboard scenario measures the page people get, not a cold cache with no runner to fill it.
    // At portfolio size, also the projects on the admin's first portfolio page (the viewer's 5 among them).
    let readers: PortfolioReader[] | undefined;
    if (wanted.includes('dashboard')) {
      const cached = o.size === 'portfolio' ? generated.projectIds.slice(0, PAGE_SIZE) : [generated.first];
      for (const projectId of cached) await refreshFigures(database.db, { projectId, clock: systemClock });
      progress.note(`dashboard figures cached (kpi.refresh-figures) for ${cached.length} project(s)`);
      if (o.size === 'portfolio') readers = await portfolioReaders(database.db, generated.projectIds);
    }
    // The public site's scenario: a published deliverable on the first project's site (issue 20).
    let sitePaths: SitePaths | undefined;
    const siteDataDir = opened.dataDir ?? work;
    if (only.has('site')) {
      const { seedSiteDownload } = await import('./scenario-site');
      sitePaths = await seedSiteDownload(database.db, {
        projectId: generated.first,
        filesDir: join(siteDataDir, 'files'),
      });
    }
    await database.close();
    closed = true;
    if (sitePaths) {
      const { measureSite } = await import('./scenario-site');
      figures.push(
        ...(await measureSite(
          opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : { dataDir: siteDataDir },
          {
            paths: sitePaths,
            pairs,
            seconds: o.seconds ?? (o.smoke ? 1 : 10),
            connections: o.connections ?? (o.smoke ? 2 : 10),
            // On PostgreSQL the served process finds the files under this data folder.
            ...(opened.databaseUrl ? { env: { HERALD_DATA_DIR: siteDataDir } } : {}),
          },
        )),
      );
      save();
    }
    if (wanted.length > 0) {
      const measureServer = await loadMeasureServer();
      if (!measureServer) {
        progress.note('server scenarios: not built');
        skipped.push(...wanted.map((s) => `${s}: server scenarios: not built`));
      } else {
        if (wanted.includes('memory')) {
          importCsv = join(work, 'server-import.csv');
          const rows = o.importRows ?? (o.smoke ? 50 : o.size === 'small' ? 2_000 : 100_000);
          writeFileSync(importCsv, activitiesCsv(generated.plan, { rows, seed, run: 1_000 }));
        }
        figures.push(
          ...(await measureServer({
            ...(opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : { dataDir: opened.dataDir }),
            projectId: generated.first,
            email: BENCH_EMAIL,
            password: BENCH_PASSWORD,
            pairs,
            seconds: o.seconds ?? (o.smoke ? 1 : 10),
            connections: o.connections ?? (o.smoke ? 2 : 10),
            ...(importCsv ? { importCsv } : {}),
            ...(readers ? { portfolioReaders: readers } : {}),
            only: wanted,
          })),
        );
      }
    }
    if (exportProject) {
      const { exportOverHttp } = await import('./scenario-export');
      figures.push(
        ...(await exportOverHttp({
          target: opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : { dataDir: opened.dataDir! },
          projectId: exportProject,
          email: BENCH_EMAIL,
          password: BENCH_PASSWORD,
          pairs,
        })),
      );
    }
    const file = save();
    return { figures, file, machine, skipped };
  } finally {
    if (!closed) await opened.database.close().catch(() => undefined);
    opened.cluster?.stop();
    if (!o.keep) rmSync(work, { recursive: true, force: true });
  }
}
