/**
 * The session cache: a kept session costs no statement while nothing was written; it goes back to the database when
 * its `lastSeenAt` is due a touch, ends at its expiry (the time given decides), and with any write (a deleted
 * session). On PostgreSQL nothing is kept.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/auth-helpers';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import type { Database } from '../db/client';
import { sessions } from '../db/schema';
import { sha256 } from '../lib/ids';
import { SessionCache } from './session-cache';
import { ABSOLUTE_MS, createSession, TOUCH_MS } from './sessions';

let database: Database;
let counting: CountingDb;
const t0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  database = await createTestDatabase();
  counting = countingDb(database.db);
});
afterAll(() => database.close());

async function session() {
  const user = await makeUser(database.db);
  const s = await createSession(database.db, { userId: user.id, now: t0 });
  return { user, id: s.id };
}

/** Resolves through the cache and says how many statements it ran. */
async function resolve(cache: SessionCache, id: string, now: Date) {
  counting.reset();
  const s = await cache.resolve(counting.db, id, now);
  return { userId: s?.user.id, statements: counting.statements.length };
}

describe('SessionCache', () => {
  it('answers a kept session without a statement until its touch is due, then touches it and keeps it again', async () => {
    const cache = new SessionCache(database.writes);
    const { user, id } = await session();
    expect(await resolve(cache, id, at(1000))).toEqual({ userId: user.id, statements: 1 });
    const kept = database.driver === 'pglite' ? 0 : 1;
    expect(await resolve(cache, id, at(2000))).toEqual({ userId: user.id, statements: kept });
    expect(await resolve(cache, id, at(TOUCH_MS))).toEqual({ userId: user.id, statements: 2 });
    expect(await resolve(cache, id, at(TOUCH_MS + 1))).toEqual({ userId: user.id, statements: 1 });
    expect(await resolve(cache, id, at(TOUCH_MS + 2))).toEqual({ userId: user.id, statements: kept });
  });

  it('ends a kept session at its expiry, and when its row is deleted', async () => {
    const cache = new SessionCache(database.writes);
    const a = await session();
    // Kept at the last minute of its 12 hours (touched there, then read again).
    const late = ABSOLUTE_MS - 30_000;
    for (let i = 0; i < 12; i++) await resolve(cache, a.id, at(i * 55 * 60_000));
    await resolve(cache, a.id, at(late));
    await resolve(cache, a.id, at(late + 1));
    expect((await resolve(cache, a.id, at(late + 2))).userId).toBe(a.user.id);
    expect((await resolve(cache, a.id, at(ABSOLUTE_MS))).userId).toBeUndefined();

    const b = await session();
    await resolve(cache, b.id, at(1000));
    expect(await resolve(cache, b.id, at(1001))).toMatchObject({ userId: b.user.id });
    await database.db.delete(sessions).where(eq(sessions.idHash, sha256(b.id)));
    expect(await resolve(cache, b.id, at(1002))).toEqual({ userId: undefined, statements: 1 });
  });
});
