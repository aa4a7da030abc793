/**
 * PostgreSQL restarts (fast, immediate), stops and terminated backends under write load: `herald serve` keeps
 * running, answers 503 + Retry-After (never 500) while the database is away, serves again afterwards, and every
 * acknowledged write is stored. Its own throwaway cluster (synchronous commits), not the shared test cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { systemActor } from '../auth/permissions';
import { createToken } from '../auth/tokens';
import { importPlan } from '../projects/service';
import { fromPostgresUrl } from './postgres';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';
import { makePlan } from '../../test/factories/plan';
import { activityInput } from '../../test/factories/records';
import { startServe, waitFor, type ServeProcess } from '../../test/serve-process';

const PROJECT = 'tide-x';
let cluster: Cluster;
let server: ServeProcess;
let token: string;

beforeAll(async () => {
  cluster = await startCluster({ durable: true });
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE herald');
  await admin.end();
  const setup = fromPostgresUrl(cluster.url('herald'), { max: 1 });
  await setup.migrate();
  const plan = makePlan();
  await importPlan(setup.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'test',
  });
  token = (
    await createToken(setup.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      input: { name: 'load', partnerCode: 'UNIA', access: 'write' },
    })
  ).token;
  await setup.close();
  server = await startServe({ DATABASE_URL: cluster.url('herald') });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  cluster?.stop();
});

interface Outcome {
  title: string;
  status: number | 'network';
  retryAfter: string | null;
  code?: string;
}

/** Writers creating activities through the API until stopped; every answer is kept. */
function writeLoad(writers: number) {
  const outcomes: Outcome[] = [];
  let n = 0;
  let running = true;
  const loop = async () => {
    while (running) {
      const title = `load write ${++n}`;
      try {
        const res = await fetch(`${server.url}/api/v1/projects/${PROJECT}/activities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(activityInput({ title })),
        });
        const body = (await res.json()) as { error?: { code?: string } };
        outcomes.push({
          title,
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          code: body.error?.code,
        });
      } catch {
        outcomes.push({ title, status: 'network', retryAfter: null });
      }
    }
  };
  const done = Promise.all(Array.from({ length: writers }, loop));
  return {
    outcomes,
    acked: () => outcomes.filter((o) => o.status === 201).length,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const healthz = async () => {
  const res = await fetch(`${server.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; db: string } };
};

/** Waits until `more` writes beyond `since` were acknowledged (the app serves writes again), or the server died. */
async function ackedBeyond(load: ReturnType<typeof writeLoad>, since: number, more = 20): Promise<void> {
  const r = await waitFor(`${more} acknowledged writes`, async () =>
    server.exit() ? 'exited' : load.acked() >= since + more ? 'serving' : undefined,
  );
  expect(r, `herald serve ended:\n${server.output()}`).toBe('serving');
}

describe('PostgreSQL restarting under write load', () => {
  it('keeps serving: 503 + Retry-After during outages, every acknowledged write stored', async () => {
    const load = writeLoad(4);
    try {
      await ackedBeyond(load, 0);
      for (const mode of ['fast', 'immediate'] as const) {
        await cluster.restart(mode);
        await ackedBeyond(load, load.acked());
      }
      // Every connection Herald holds, terminated by the server (as a failover or an administrator would).
      const admin = new pg.Client({ connectionString: cluster.url() });
      await admin.connect();
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'herald'",
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await ackedBeyond(load, load.acked());

      // An outage of known extent: while the server is stopped, writes and /healthz answer 503, not 500.
      await cluster.pause('fast');
      const during = load.outcomes.length;
      await waitFor('writes refused during the outage', async () =>
        load.outcomes.slice(during).filter((o) => o.status === 503).length >= 3 ? true : undefined,
      );
      const down = await healthz();
      expect(down).toMatchObject({ status: 503, body: { status: 'degraded', db: 'unavailable' } });
      await cluster.start();
      await ackedBeyond(load, load.acked());
    } finally {
      await load.stop();
    }

    expect(server.exit()).toBeNull();
    const failed = load.outcomes.filter((o) => o.status !== 201);
    expect(failed.length).toBeGreaterThan(0);
    // Every failure is the one outage answer: 503, Retry-After, code database_unavailable. No 500, no dropped socket.
    expect(
      failed.filter((o) => o.status !== 503 || !o.retryAfter || o.code !== 'database_unavailable'),
    ).toEqual([]);
    expect(await healthz()).toMatchObject({ status: 200, body: { status: 'ok', db: 'ok' } });

    const check = new pg.Client({ connectionString: cluster.url('herald') });
    await check.connect();
    const stored = await check.query<{ title: string }>(
      "SELECT title FROM activities WHERE title LIKE 'load write %'",
    );
    await check.end();
    const titles = new Set(stored.rows.map((r) => r.title));
    const acked = load.outcomes.filter((o) => o.status === 201).map((o) => o.title);
    expect(acked.filter((t) => !titles.has(t))).toEqual([]);
    // Each title once: a write answered 503 may have committed (its answer was lost), but nothing was written twice.
    expect(stored.rows.length).toBe(titles.size);
  }, 180_000);
});
