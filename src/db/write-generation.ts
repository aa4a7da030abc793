/**
 * The write generation: a process-local counter every write through the app's PGlite client bumps when it ends, so
 * a value read from the database can be reused without asking again while nothing was written since.
 *
 * THE RULE. A reused read is exact only if every write that could change it bumps the generation. PGlite: this
 * process is the database's only writer (the data folder's lock lets one process open it; the CLI beside `herald
 * serve` is forwarded into the server and writes through the same client). PostgreSQL, where the CLI, a `herald
 * worker` or another server write too: every Herald process notifies after its writes and a listening process bumps
 * its generation on each notification (src/db/write-notify.ts); without a listening connection nothing is reused.
 * Every statement that is not a plain read (`select`/`with`/`values`/`show` without a writing word), every `exec`
 * and every transaction (read-only ones too) counts as a write: running while it runs (nothing is reused then), and
 * bumping the generation when it ends, committed or not.
 *
 * UNOBSERVED WRITES. A few writes change nothing any reused read depends on: the public site's download events and
 * the day's visitor salt (src/site/downloads/record.ts), read only by the daily rollup job, which reads afresh.
 * Counting them would drop every cached page at each download. They run inside `unobservedWrites(tables, fn)`:
 * there, a plain `INSERT INTO` one of `tables` (an upsert included) neither marks a write running nor bumps the
 * generation, and on PostgreSQL sends no notification (src/db/write-notify.ts). Anything else run inside it (an
 * UPDATE, a DELETE, an INSERT into another table, a transaction) is a write as everywhere. Only a table that no
 * ReadMemo, session cache or page cache reads may be named.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';

const READ_START = /^\s*(?:select|with|values|show)\b/i;
/** Words that make a statement more than a read (conservative: a literal containing one only costs a re-read). */
const WRITING_WORD =
  /\b(?:insert|update|delete|merge|truncate|copy|into|nextval|setval|lock|notify|listen|call|do|set_config|pg_advisory\w*)\b/i;

/** Whether `sql` is a plain read, which changes nothing another reader could see. */
export const isPlainRead = (sql: string): boolean => READ_START.test(sql) && !WRITING_WORD.test(sql);

const unobserved = new AsyncLocalStorage<ReadonlySet<string>>();
const INSERT_INTO = /^\s*insert\s+into\s+"?([a-z_][a-z0-9_]*)"?[\s(]/i;

/** Runs `run` with its INSERTs into `tables` unobserved (see UNOBSERVED WRITES above); other writes still count. */
export function unobservedWrites<T>(tables: readonly string[], run: () => PromiseLike<T>): Promise<T> {
  // Awaited inside the scope: a lazy query builder (drizzle's) runs its statement when awaited.
  return unobserved.run(new Set(tables), async () => await run());
}

/** Whether `sql`, run now, is an INSERT into a table its `unobservedWrites` scope names. */
export function isUnobservedWrite(sql: string): boolean {
  const tables = unobserved.getStore();
  if (!tables) return false;
  const table = INSERT_INTO.exec(sql)?.[1];
  // One statement only (a second one after a `;` would run unobserved too).
  return !/;\s*\S/.test(sql) && table !== undefined && tables.has(table.toLowerCase());
}

/** Neither a read nor an unobserved write: what marks a write running and bumps the generation. */
export const isObservedWrite = (sql: string): boolean => !isPlainRead(sql) && !isUnobservedWrite(sql);

/** A moment with no write running: what `unchangedSince` compares with (undefined: a write was running). */
export type WriteMark = number | undefined;

export class WriteGeneration {
  private generation = 0;
  private running = 0;

  /** Now, if no write is running; reuse what you read after this only while `unchangedSince` says so. */
  mark(): WriteMark {
    return this.running === 0 ? this.generation : undefined;
  }

  /** Whether nothing was written since `mark` and nothing is being written now. */
  unchangedSince(mark: WriteMark): boolean {
    return mark !== undefined && this.running === 0 && this.generation === mark;
  }

  /** Another process wrote (a PostgreSQL notification, src/db/write-notify.ts): what was read before is not reused. */
  bump(): void {
    this.generation++;
  }

  /**
   * Nothing is reused from now until `resume`: the writes of others cannot be seen (PostgreSQL: the listening
   * connection is being opened or was lost). Calls are balanced by the caller.
   */
  suspend(): void {
    this.running++;
  }

  /** Ends a `suspend` with a new generation: whatever was read before it, or during it, is dropped. */
  resume(): void {
    this.running--;
    this.generation++;
  }

  /** Runs a write: running while it runs, a new generation when it ends (committed, failed or rolled back). */
  async write<T>(run: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await run();
    } finally {
      this.running--;
      this.generation++;
    }
  }
}

type Fn = (...args: never[]) => Promise<unknown>;

/**
 * Counts the writes of `client` (its `query`, `exec` and `transaction`, replaced on the instance: PGlite's private
 * fields need the real instance as `this`). Returns the generation they bump.
 */
export function trackPgliteWrites(client: PGlite): WriteGeneration {
  const writes = new WriteGeneration();
  const c = client as unknown as Record<'query' | 'exec' | 'transaction', Fn>;
  const query = c.query.bind(client) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  const exec = c.exec.bind(client) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  const transaction = c.transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  c.query = ((sql: string, ...rest: unknown[]) =>
    isObservedWrite(sql) ? writes.write(() => query(sql, ...rest)) : query(sql, ...rest)) as Fn;
  c.exec = ((sql: string, ...rest: unknown[]) =>
    isObservedWrite(sql) ? writes.write(() => exec(sql, ...rest)) : exec(sql, ...rest)) as Fn;
  c.transaction = ((...args: unknown[]) => writes.write(() => transaction(...args))) as Fn;
  return writes;
}

/**
 * Values read from the database, each reusable while nothing was written since it was read (keyed by the caller,
 * who puts into the key whatever else the value depends on, such as the date). Bounded: the oldest entry goes first.
 */
export class ReadMemo<V> {
  private readonly entries = new Map<string, { mark: number; value: V }>();

  constructor(
    private readonly writes: WriteGeneration | undefined,
    private readonly maxEntries = 10_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Now, to pass to `set` with what is read after it (undefined without a write generation: nothing is kept). */
  mark(): WriteMark {
    return this.writes?.mark();
  }

  /** The value kept for `key`, if nothing was written since it was read. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.writes?.unchangedSince(e.mark)) return e.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value`, read after `mark`, unless something was written since (then nothing is kept). */
  set(key: string, mark: WriteMark, value: V): boolean {
    this.entries.delete(key);
    if (mark === undefined || !this.writes?.unchangedSince(mark)) return false;
    this.entries.set(key, { mark, value });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return true;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
