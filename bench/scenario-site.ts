/**
 * The public site's bench (issue 20): autocannon on the project's public home page and on a deliverable download
 * (every GET offered to the COUNTER download counter: one INSERT each), each beside GET /_bench/hello of the same
 * `herald serve`, A B A B …. `seedSiteDownload` puts a published PDF on the first project's site before the server
 * starts (in the runner's own connection).
 */
import autocannon from 'autocannon';
import { systemActor } from '../src/auth/permissions';
import type { Db } from '../src/db/client';
import { systemClock } from '../src/lib/clock';
import { uploadDeliverableFile } from '../src/site/downloads/service';
import { downloadHref } from '../src/site/downloads/site-routes';
import { paired, type PairedFigure } from './harness';
import { startServer, type Target } from './server-process';

/** The public site's budget: each page at least this share of the hello route's requests per second. */
const SITE_RATIO = 0.25;
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

export interface SitePaths {
  home: string;
  download: string;
}

/** A ~200 KB PDF-shaped file as D5.2 version 1.0, published; the two addresses the bench loads. */
export async function seedSiteDownload(
  db: Db,
  opts: { projectId: string; filesDir: string },
): Promise<SitePaths> {
  const body = `%PDF-1.4\n${'% Herald bench deliverable\n'.repeat(8000)}%%EOF\n`;
  const file = await uploadDeliverableFile(db, {
    actor: systemActor('bench'),
    projectId: opts.projectId,
    fields: { code: 'D5.2', version: '1.0', issued_on: '2018-12-31', publish: true },
    fileName: 'bench-D5.2.pdf',
    bytes: new TextEncoder().encode(body),
    dir: opts.filesDir,
    clock: systemClock,
  });
  const base = `/site/${opts.projectId}`;
  return { home: `${base}/en`, download: downloadHref(base, file) };
}

interface Run {
  rps: number;
  p99: number;
  bad: number;
}

async function load(url: string, path: string, o: { seconds: number; connections: number }): Promise<Run> {
  const r = await autocannon({
    url: `${url}${path}`,
    connections: o.connections,
    duration: o.seconds,
    timeout: 60,
    headers: { 'user-agent': BROWSER_UA, 'accept-encoding': 'gzip, deflate, br, zstd' },
  });
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return { rps: responses / r.duration, p99: r.latency.p99, bad: r.non2xx + r.errors };
}

/** Both figures, on one server. */
export async function measureSite(
  target: Target,
  opts: {
    paths: SitePaths;
    pairs: number;
    seconds: number;
    connections: number;
    env?: Record<string, string>;
  },
): Promise<PairedFigure[]> {
  const s = await startServer(target, { jobs: false, env: opts.env ?? {} });
  try {
    for (const path of [opts.paths.home, opts.paths.download]) {
      const res = await fetch(`${s.url}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    }
    const figures: PairedFigure[] = [];
    for (const [label, path] of [
      ['public site home page', opts.paths.home],
      ['deliverable download (counted)', opts.paths.download],
    ] as const) {
      const a: Run[] = [];
      const b: Run[] = [];
      for (let i = 0; i < Math.max(1, opts.pairs); i++) {
        a.push(await load(s.url, path, opts));
        b.push(await load(s.url, '/_bench/hello', opts));
      }
      const bad = a.reduce((n, r) => n + r.bad, 0);
      const f = paired({
        scenario: `${label} under autocannon`,
        a: `GET ${path} (${opts.connections} connections, ${opts.seconds} s, a browser's user agent)`,
        b: 'GET /_bench/hello of the same server',
        unit: 'requests/s',
        aRuns: a.map((r) => r.rps),
        bRuns: b.map((r) => r.rps),
        target: { op: '>=', ratio: SITE_RATIO },
        extra: { aP99Ms: a.map((r) => r.p99), bP99Ms: b.map((r) => r.p99), not2xx: bad },
      });
      figures.push(bad > 0 ? { ...f, met: false } : f);
    }
    return figures;
  } finally {
    await s.stop();
  }
}
