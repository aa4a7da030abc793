/**
 * Writes seen across processes on PostgreSQL, so a server can answer from memory (src/db/write-generation.ts) while
 * the CLI, a `herald worker` or other servers write to the same database.
 *
 * - Every Herald process NOTIFIES after its writes (`notifyWrites`): a write statement outside a transaction is
 *   followed by `pg_notify` once it succeeded; a transaction sends it as its last statement, so PostgreSQL delivers
 *   it at COMMIT (a rollback sends nothing: nothing changed). Read-only transactions send nothing. The process's own
 *   generation (when it has one) is bumped locally as on PGlite: its own next request never reads a stale value.
 * - A process that caches (`herald serve`) LISTENS on a dedicated connection (`WriteListener`, outside the pool)
 *   and bumps its generation on every notification, its own included. Several servers on one database each hold
 *   their own listening connection, so each gets every notification.
 * - Until the listening connection is open, and from the moment it is lost until it is open again, nothing is
 *   reused (the generation is suspended); when it is back the generation moves on, dropping everything read before.
 *
 * The window: another process's write shows here once its notification arrives (PostgreSQL sends it at commit;
 * loopback delivery is well under a millisecond), not at the very instant it commits. A write made outside Herald
 * (psql) notifies nobody: run `NOTIFY herald_writes` after one, or restart the servers.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { isObservedWrite, type WriteGeneration } from './write-generation';

/** The channel every Herald process notifies on and every caching server listens to. */
export const WRITES_CHANNEL = 'herald_writes';
/** application_name of the listening connection (what an operator sees in pg_stat_activity). */
export const LISTENER_APPLICATION = 'herald-listen';

type Query = (arg: unknown, ...rest: unknown[]) => Promise<unknown>;
type Transaction = (fn: (tx: Db) => Promise<unknown>, config?: { accessMode?: string }) => Promise<unknown>;

const textOf = (arg: unknown): string | undefined =>
  typeof arg === 'string'
    ? arg
    : typeof (arg as { text?: unknown } | null)?.text === 'string'
      ? (arg as { text: string }).text
      : undefined;

/**
 * Makes every write through `db` (running on `pool`) notify WRITES_CHANNEL, and bump `writes` locally when given.
 * Replaces `pool.query` and drizzle's session `transaction` on the instances.
 */
export function notifyWrites(opts: { pool: pg.Pool; db: Db; writes?: WriteGeneration }): void {
  const { pool, db, writes } = opts;
  const p = pool as unknown as { query: Query };
  const query = p.query.bind(pool) as Query;
  const notify = () => query('select pg_notify($1, $2)', [WRITES_CHANNEL, String(process.pid)]);
  const tracked = <T>(run: () => Promise<T>): Promise<T> => (writes ? writes.write(run) : run());

  p.query = (arg: unknown, ...rest: unknown[]) => {
    const text = textOf(arg);
    // A read, or an unobserved write (src/db/write-generation.ts): no local bump, no notification.
    if (text !== undefined && !isObservedWrite(text)) return query(arg, ...rest);
    return tracked(async () => {
      const result = await query(arg, ...rest);
      await notify();
      return result;
    });
  };

  // drizzle's session (internal, absent from its types) runs every `db.transaction` on a client of the pool.
  const session = (db as unknown as { session: { transaction: Transaction } }).session;
  const transaction = session.transaction.bind(session);
  session.transaction = (fn, config) =>
    tracked(() =>
      config?.accessMode === 'read only'
        ? transaction(fn, config)
        : transaction(async (tx) => {
            const result = await fn(tx);
            await tx.execute(sql`select pg_notify(${WRITES_CHANNEL}, ${String(process.pid)})`);
            return result;
          }, config),
    );
}

export interface WriteListenerOptions {
  url: string;
  writes: WriteGeneration;
  /** A lost or refused listening connection (it is retried). */
  onError(err: Error, what: string): void;
  /** Wait before opening it again after a loss (default 1 s). */
  retryMs?: number;
}

/**
 * LISTENs on WRITES_CHANNEL on its own connection and bumps `writes` on every notification. The generation is
 * suspended from construction until the first LISTEN answers, and again from a loss until a new LISTEN answers.
 */
export class WriteListener {
  private live: pg.Client | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private suspended = true;
  /** Resolves when the connection listens (again); tests wait on it. */
  private waiters: (() => void)[] = [];

  constructor(private readonly o: WriteListenerOptions) {
    o.writes.suspend();
    void this.open();
  }

  /** Whether the connection is open and listening (caching is on). */
  get listening(): boolean {
    return this.live !== undefined;
  }

  /** Resolves once the connection listens. */
  ready(): Promise<void> {
    return this.live ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  private async open(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.o.url,
      application_name: LISTENER_APPLICATION,
      keepAlive: true,
    });
    client.on('notification', (n) => {
      if (n.channel === WRITES_CHANNEL && client === this.live) this.o.writes.bump();
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the listening connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${WRITES_CHANNEL}`);
    } catch (err) {
      client.end().catch(() => {});
      this.o.onError(err as Error, 'cannot listen for writes (cached pages wait for it); retrying');
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.live = client;
    if (this.suspended) {
      this.suspended = false;
      this.o.writes.resume();
    }
    for (const w of this.waiters.splice(0)) w();
  }

  private lost(client: pg.Client, err: Error): void {
    if (client !== this.live) return; // a failed attempt: its own catch retries
    this.live = undefined;
    if (!this.suspended) {
      this.suspended = true;
      this.o.writes.suspend();
    }
    client.end().catch(() => {});
    if (this.stopped) return;
    this.o.onError(
      err,
      'the connection listening for writes was lost (nothing cached is reused); reconnecting',
    );
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => void this.open(), this.o.retryMs ?? 1_000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.live;
    this.live = undefined;
    if (!this.suspended) {
      this.suspended = true;
      this.o.writes.suspend();
    }
    await client?.end().catch(() => {});
  }
}
