/**
 * Writes seen across processes on PostgreSQL (src/db/write-notify.ts): each Database handle here stands for a process
 * (its own pool): two servers that listen, and a CLI that only writes. Every write of any of them reaches every
 * listening server; reads and rolled-back transactions notify nobody; a lost listening connection stops all reuse
 * until it is back, and then drops what was kept; a server's cached dashboard shows another process's write.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { makePlan } from '../../test/factories/plan';
import { publicationInput } from '../../test/factories/records';
import { waitFor } from '../../test/serve-process';
import { systemActor } from '../auth/permissions';
import { refreshFigures } from '../kpi/figure-refresh';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { createApp } from '../web/app';
import type { AppEnv } from '../web/env';
import type { Database, Db } from './client';
import { fromPostgresUrl } from './postgres';
import { ReadMemo, type WriteGeneration } from './write-generation';
import { LISTENER_APPLICATION, WRITES_CHANNEL } from './write-notify';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const P = 'tide-x';
const clock = fixedClock('2025-02-01T09:00:00Z');
const base = inject('pgClusterUrl');
const name = `t_${randomBytes(6).toString('hex')}`;
const url = base.replace(/\/[^/]*$/, `/${name}`);
const silent = () => {};
let serverA: Database;
let serverB: Database;
let cli: Database;
/** A plain listener of our own: counts the notifications sent. */
let probe: pg.Client;
const heard: string[] = [];

const writesOf = (d: Database): WriteGeneration => {
  if (!d.writes) throw new Error('a listening handle has writes');
  return d.writes;
};

/** Whether a value read now on `d` would still be reused (nothing written since `mark`). */
const changedSince = (d: Database, mark: number | undefined) => !writesOf(d).unchangedSince(mark);

/** Lets the probe receive whatever was already sent (PostgreSQL delivers it before answering), then forgets it. */
async function settle(): Promise<void> {
  await probe.query('select 1');
  heard.splice(0);
}

const touch = (db: Db) => db.execute(sql`update projects set title = title where id = ${P}`);

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE herald_template`);
  await admin.end();
  serverA = fromPostgresUrl(url, { max: 4, listen: true, onError: silent });
  serverB = fromPostgresUrl(url, { max: 2, listen: true, onError: silent });
  cli = fromPostgresUrl(url, { max: 2 });
  expect(cli.writes).toBeUndefined();
  await Promise.all([serverA.listening?.(), serverB.listening?.()]);
  probe = new pg.Client({ connectionString: url });
  await probe.connect();
  probe.on('notification', (n) => heard.push(n.channel));
  await probe.query(`LISTEN ${WRITES_CHANNEL}`);
  await importPlan(cli.db, { plan: makePlan(), sourceText: '', sourceName: 'tide-x.yaml', actor: 'test' });
});

afterAll(async () => {
  await probe?.end();
  await Promise.all([serverA?.close(), serverB?.close(), cli?.close()]);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('notifications', () => {
  it("another process's write reaches every listening server; its reads send nothing", async () => {
    const a = writesOf(serverA).mark();
    const b = writesOf(serverB).mark();
    expect(a).toBeDefined();
    await settle();
    await cli.db.execute(sql`select count(*) from projects`);
    await touch(cli.db);
    await waitFor('both servers to hear the write', async () =>
      changedSince(serverA, a) && changedSince(serverB, b) ? true : undefined,
    );
    // The read before the write sent nothing: the only notification is the write's.
    await waitFor('the probe to hear it', async () => (heard.length > 0 ? true : undefined));
    expect(heard).toEqual([WRITES_CHANNEL]);
  });

  it('a transaction notifies at commit; a rolled-back one and a read-only one notify nobody', async () => {
    await settle();
    const a = writesOf(serverA).mark();
    await expect(
      cli.db.transaction(async (tx) => {
        await touch(tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await cli.db.transaction(async (tx) => tx.execute(sql`select 1`), { accessMode: 'read only' });
    await cli.db.transaction(async (tx) => {
      await tx.execute(sql`update projects set title = title where id = ${P}`);
      // Not before COMMIT: the server may still reuse what it read.
      await probe.query('select 1');
      expect(heard).toEqual([]);
    });
    await waitFor('the commit to be heard', async () => (changedSince(serverA, a) ? true : undefined));
    await waitFor('the probe to hear it', async () => (heard.length > 0 ? true : undefined));
    expect(heard).toEqual([WRITES_CHANNEL]);
  });

  it("a server's own write moves its generation at once (before any notification)", async () => {
    const a = writesOf(serverA).mark();
    await touch(serverA.db);
    expect(changedSince(serverA, a)).toBe(true);
  });
});

describe('a lost listening connection', () => {
  it('stops every reuse until it listens again, then drops what was kept, and hears writes again', async () => {
    const writes = writesOf(serverA);
    const memo = new ReadMemo<string>(writes);
    expect(memo.set('k', writes.mark(), 'kept')).toBe(true);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = $2',
        [LISTENER_APPLICATION, name],
      );
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    await waitFor('the loss to be seen', async () => (writes.mark() === undefined ? true : undefined));
    expect(memo.get('k')).toBeUndefined();
    expect(memo.set('k', writes.mark(), 'during')).toBe(false);
    // A write while it is away: nobody hears it, so nothing read before may come back.
    await touch(cli.db);
    await serverA.listening?.();
    await waitFor('listening again', async () => (writes.mark() !== undefined ? true : undefined));
    expect(memo.get('k')).toBeUndefined();
    const m = writes.mark();
    expect(memo.set('k', m, 'after')).toBe(true);
    await touch(cli.db);
    await waitFor('the next write to be heard', async () => (memo.get('k') === undefined ? true : undefined));
    await serverB.listening?.();
  });
});

describe("the dashboard of a server shows another process's write", () => {
  let counting: CountingDb;
  let app: Hono<AppEnv>;
  let alice: TestClient;
  let dois = 0;
  const addPaper = (d: Database) =>
    createRecord(d.db, {
      actor: systemActor('test'),
      projectId: P,
      kind: 'publication',
      input: publicationInput({ doi: `10.1000/notify.${++dois}`, title: `Paper ${dois}` }),
      clock,
    });
  const page = async () => {
    counting.reset();
    const res = await alice.get(`/p/${P}/dashboard`);
    await res.text();
    return {
      status: res.status,
      source: res.headers.get('x-herald-figures'),
      body: res.headers.get('x-herald-body'),
      statements: counting.statements.length,
    };
  };

  beforeAll(async () => {
    counting = countingDb(serverA.db);
    app = createApp({ database: { ...serverA, db: counting.db }, log: createLogger('silent'), clock });
    const user = await makeUser(serverA.db, { role: 'coordinator', projectId: P });
    alice = await TestClient.signedIn({ app, db: serverA.db }, user.id);
    await addPaper(serverA);
    await refreshFigures(serverA.db, { projectId: P, clock });
  });

  it('a hit runs no statement; a CLI write shows as "as of" on the next page once heard', async () => {
    await page();
    await page();
    expect(await page()).toMatchObject({ status: 200, source: 'fresh', body: 'hit', statements: 0 });
    const mark = writesOf(serverA).mark();
    await addPaper(cli);
    await waitFor('the server to hear the write', async () =>
      changedSince(serverA, mark) ? true : undefined,
    );
    const next = await page();
    expect(next).toMatchObject({ status: 200, source: 'stale', body: 'miss' });
    expect(next.statements).toBeGreaterThan(0);
  });
});
