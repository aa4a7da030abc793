/** The `/healthz` database probe settles within its timeout whatever the database does, one probe at a time. */
import { describe, expect, it } from 'vitest';
import type { Database } from './client';
import { probeDatabase } from './health';

/** A database whose `select 1` does what `execute` says, counting the calls. */
function fakeDatabase(execute: () => Promise<unknown>) {
  let calls = 0;
  const database = {
    driver: 'pg',
    db: {
      execute: () => {
        calls += 1;
        return execute();
      },
    },
  } as unknown as Database;
  return { database, calls: () => calls };
}

describe('probeDatabase', () => {
  it('says ok when select 1 answers', async () => {
    expect(await probeDatabase(fakeDatabase(() => Promise.resolve({ rows: [] })).database)).toBe('ok');
  });

  it('says unavailable when it fails (a refused or lost connection)', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(await probeDatabase(fakeDatabase(() => Promise.reject(refused)).database)).toBe('unavailable');
  });

  it('says busy when it does not answer in time, and never queues a second select 1 behind the first', async () => {
    let answer: ((v: unknown) => void) | undefined;
    // The first select 1 hangs until `answer`; later ones answer at once.
    const stuck = fakeDatabase(() =>
      answer ? Promise.resolve({ rows: [] }) : new Promise((resolve) => (answer = resolve)),
    );
    expect(await probeDatabase(stuck.database, { timeoutMs: 10 })).toBe('busy');
    expect(await probeDatabase(stuck.database, { timeoutMs: 10 })).toBe('busy');
    expect(stuck.calls()).toBe(1);
    answer?.({ rows: [] });
    // Once the stuck query has answered, the next probe asks again.
    await new Promise((r) => setImmediate(r));
    expect(await probeDatabase(stuck.database, { timeoutMs: 10 })).toBe('ok');
    expect(stuck.calls()).toBe(2);
  });
});
