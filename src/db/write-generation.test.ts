/** The write generation: which statements count as writes, when a kept read is still good, the memo's bound. */
import type { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import {
  isObservedWrite,
  isPlainRead,
  isUnobservedWrite,
  ReadMemo,
  trackPgliteWrites,
  unobservedWrites,
  WriteGeneration,
} from './write-generation';

describe('isPlainRead', () => {
  it('takes plain selects, CTEs and values as reads', () => {
    expect(isPlainRead('select 1')).toBe(true);
    expect(isPlainRead('  SELECT "id" from "sessions" where "updated_at" > $1')).toBe(true);
    expect(isPlainRead('with x as (select 1) select * from x')).toBe(true);
  });

  it('takes everything else, and any read with a writing word, as a write', () => {
    for (const sql of [
      'insert into t values (1)',
      'update "sessions" set "last_seen_at" = $1',
      'delete from t',
      'with d as (delete from t returning *) select * from d',
      'select * from jobs for update skip locked',
      "select nextval('s')",
      'select pg_advisory_xact_lock(1)',
      'select * into t2 from t',
      "COPY t FROM '/dev/blob'",
      'begin',
      'create table t (a int)',
      'explain analyze delete from t',
    ])
      expect(isPlainRead(sql), sql).toBe(false);
  });
});

describe('WriteGeneration', () => {
  it('no mark while a write runs; a mark holds until a write ends, failed ones too', async () => {
    const w = new WriteGeneration();
    const m = w.mark();
    expect(w.unchangedSince(m)).toBe(true);
    let inside: ReturnType<WriteGeneration['mark']> = 0;
    await w.write(async () => {
      inside = w.mark();
      expect(w.unchangedSince(m)).toBe(false);
    });
    expect(inside).toBeUndefined();
    expect(w.unchangedSince(m)).toBe(false);
    const m2 = w.mark();
    await expect(
      w.write(() => {
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(w.unchangedSince(m2)).toBe(false);
  });
});

describe('ReadMemo', () => {
  it('keeps a value only while nothing was written since it was read', async () => {
    const w = new WriteGeneration();
    const memo = new ReadMemo<string>(w);
    expect(memo.set('a', w.mark(), 'A')).toBe(true);
    expect(memo.get('a')).toBe('A');
    await w.write(async () => {
      expect(memo.get('a')).toBeUndefined();
    });
    expect(memo.get('a')).toBeUndefined();
    const m = w.mark();
    await w.write(async () => {});
    expect(memo.set('a', m, 'stale')).toBe(false);
    expect(memo.get('a')).toBeUndefined();
  });

  it('keeps nothing without a write generation (PostgreSQL), and drops the oldest past its bound', () => {
    expect(new ReadMemo<string>(undefined).set('a', 0, 'A')).toBe(false);
    const w = new WriteGeneration();
    const memo = new ReadMemo<number>(w, 2);
    for (const k of ['a', 'b', 'c']) memo.set(k, w.mark(), k.length);
    expect(memo.size).toBe(2);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('c')).toBe(1);
  });
});

describe('trackPgliteWrites', () => {
  it('counts writing queries, every exec and every transaction; plain reads change nothing', async () => {
    const seen: string[] = [];
    class FakeClient {
      #calls = seen; // a private field, as PGlite's: the methods must still run on the instance
      async query(sql: string) {
        this.#calls.push(sql);
        return { rows: [] };
      }
      async exec(sql: string) {
        this.#calls.push(sql);
        return [];
      }
      async transaction<T>(fn: (tx: unknown) => Promise<T>) {
        this.#calls.push('tx');
        return fn({});
      }
    }
    const client = new FakeClient();
    const writes = trackPgliteWrites(client as unknown as PGlite);
    const m = writes.mark();
    await client.query('select 1');
    expect(writes.unchangedSince(m)).toBe(true);
    await client.query('delete from t');
    expect(writes.unchangedSince(m)).toBe(false);
    const m2 = writes.mark();
    await client.exec('select 1; select 2');
    expect(writes.unchangedSince(m2)).toBe(true);
    await client.exec('create table t (a int)');
    expect(writes.unchangedSince(m2)).toBe(false);
    const m3 = writes.mark();
    await client.transaction(async () => {
      expect(writes.mark()).toBeUndefined();
    });
    expect(writes.unchangedSince(m3)).toBe(false);
    expect(seen).toEqual(['select 1', 'delete from t', 'select 1; select 2', 'create table t (a int)', 'tx']);
  });
});

describe('unobservedWrites', () => {
  const INSERT = 'insert into "site_download_events" ("id", "day") values ($1, $2)';
  const UPSERT =
    'INSERT INTO site_download_salts (project_id, day, salt) VALUES ($1, $2, $3) ON CONFLICT (project_id, day) DO UPDATE SET salt = site_download_salts.salt RETURNING salt';

  it('leaves out only a single INSERT into a named table, only inside its scope', async () => {
    expect(isUnobservedWrite(INSERT)).toBe(false);
    const inside = await unobservedWrites(['site_download_events', 'site_download_salts'], async () => {
      await Promise.resolve(); // still inside after an await
      return [
        INSERT,
        UPSERT,
        'insert into records (id) values (1)',
        'update site_download_events set robot = true',
      ]
        .concat(['delete from site_download_events', `${INSERT}; delete from records`, 'select 1'])
        .map((sql) => [isUnobservedWrite(sql), isObservedWrite(sql)]);
    });
    expect(inside).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, true],
      [false, true],
      [false, true],
      [false, false],
    ]);
    expect(isObservedWrite(INSERT)).toBe(true);
  });

  it('a PGlite client: the INSERT of the scope keeps the generation, any other write bumps it', async () => {
    class FakeClient {
      async query() {
        return { rows: [] };
      }
      async exec() {
        return [];
      }
      async transaction<T>(fn: (tx: unknown) => Promise<T>) {
        return fn({});
      }
    }
    const client = new FakeClient() as unknown as PGlite;
    const writes = trackPgliteWrites(client);
    const m = writes.mark();
    // A lazy builder (as drizzle's) runs its statement when awaited: still inside the scope.
    const lazy: PromiseLike<unknown> = { then: (ok, fail) => client.query(INSERT).then(ok, fail) };
    await unobservedWrites(['site_download_events'], () => lazy);
    await unobservedWrites(['site_download_events'], () => client.query(INSERT));
    expect(writes.unchangedSince(m)).toBe(true);
    await unobservedWrites(['site_download_events'], () =>
      client.query('insert into records (id) values (1)'),
    );
    expect(writes.unchangedSince(m)).toBe(false);
    const m2 = writes.mark();
    await client.query(INSERT);
    expect(writes.unchangedSince(m2)).toBe(false);
  });
});
