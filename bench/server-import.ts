/**
 * An import through the web routes as a browser makes it (upload with preview, commit, progress polled until the
 * result), on a copy of the bench's data so the scenario leaves the data set as it found it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import type { Session, Target } from './server-process';

export interface ImportOutcome {
  /** The job's final state (`succeeded`, `failed`) or why the upload stopped (`upload 413`). */
  state: string;
  ms: number;
  /** Progress polls whose connection dropped (retried). */
  pollResets?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Uploads `csvFile` as `type`, commits it and waits for the import job's result (bounded by `boundMs`). */
export async function importThroughWeb(opts: {
  url: string;
  session: Session;
  projectId: string;
  csvFile: string;
  type?: string;
  boundMs?: number;
}): Promise<ImportOutcome> {
  const t0 = performance.now();
  const headers = { cookie: opts.session.cookie, 'x-csrf-token': opts.session.csrf };
  const form = new FormData();
  form.set('type', opts.type ?? 'activity');
  form.set('file', new Blob([readFileSync(opts.csvFile)], { type: 'text/csv' }), basename(opts.csvFile));
  const base = `${opts.url}/p/${opts.projectId}/import`;
  const upload = await fetch(base, { method: 'POST', headers, body: form, redirect: 'manual' });
  await upload.arrayBuffer();
  const to = upload.headers.get('location');
  if (upload.status !== 303 || !to) return { state: `upload ${upload.status}`, ms: performance.now() - t0 };
  const commit = await fetch(`${opts.url}${to}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'mode=all',
    redirect: 'manual',
  });
  await commit.arrayBuffer();
  if (commit.status !== 303) return { state: `commit ${commit.status}`, ms: performance.now() - t0 };
  const deadline = Date.now() + (opts.boundMs ?? 30 * 60_000);
  let resets = 0;
  while (Date.now() < deadline) {
    // A poll can find its kept-alive connection closed by the server (PGlite's long statements hold the event loop
    // past the keep-alive timeout, which then fires as the next poll arrives): retry it, as htmx's next poll would.
    const res = await fetch(`${opts.url}${to}/progress`, {
      headers: { cookie: opts.session.cookie, 'hx-request': 'true', connection: 'close' },
    }).catch((e: unknown) => {
      if (++resets > 20) throw e;
      return null;
    });
    if (!res) {
      await sleep(250);
      continue;
    }
    const html = await res.text();
    if (html.includes('class="import-result"'))
      return {
        state: /data-state="([^"]+)"/.exec(html)?.[1] ?? 'done',
        ms: performance.now() - t0,
        pollResets: resets,
      };
    if (!html.includes('class="import-progress"'))
      return { state: `progress ${res.status}`, ms: performance.now() - t0 };
    await sleep(250);
  }
  return { state: 'timed out', ms: performance.now() - t0 };
}

/**
 * A throwaway copy of the target for the import: the PGlite folder copied, or a PostgreSQL database cloned with
 * `CREATE DATABASE … TEMPLATE` (nobody may be connected to it; when that fails, the original is used and
 * `copied` says so).
 */
export async function copyTarget(
  target: Target,
): Promise<{ target: Target; copied: boolean; drop(): Promise<void> }> {
  if (target.dataDir) {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-import-'));
    const dataDir = join(dir, 'data');
    cpSync(target.dataDir, dataDir, {
      recursive: true,
      filter: (src) => !/herald\.(lock|sock)$/.test(src),
    });
    return {
      target: { dataDir },
      copied: true,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = new URL(target.databaseUrl!);
  const original = decodeURIComponent(url.pathname.slice(1));
  const name = `${original}_bench_import_${process.pid}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const run = async (text: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  try {
    await run(`CREATE DATABASE "${name}" TEMPLATE "${original}"`);
  } catch {
    return { target, copied: false, drop: async () => {} };
  }
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return {
    target: { databaseUrl: copy.toString() },
    copied: true,
    drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
