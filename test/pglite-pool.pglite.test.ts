/** The worker's PGlite pool: a closed test database comes back empty to the next file, unless more than rows changed. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailOutbox } from '../src/db/schema';
import { createTestDatabase } from './db';
import { pglitePoolStats } from './pglite-pool';

const mail = { to: 'a@example.org', subject: 's', text: 't', createdAt: new Date('2026-01-01T00:00:00Z') };

describe('createTestDatabase on PGlite', () => {
  it('reuses a closed database, emptied: no rows, identities restarted, session settings reset', async () => {
    const first = await createTestDatabase();
    const [row] = await first.db.insert(mailOutbox).values([mail, mail]).returning({ id: mailOutbox.id });
    expect(row?.id).toBe(1);
    await first.db.execute(sql`set statement_timeout = 1234`);
    await first.close();
    // As on a closed PGlite: drizzle's "Failed query" around the driver's error.
    const late = await first.db
      .select()
      .from(mailOutbox)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((late as Error | null)?.cause).toEqual(new Error('PGlite is closed'));

    const { loaded, reused } = pglitePoolStats;
    const second = await createTestDatabase();
    try {
      expect(pglitePoolStats).toEqual({ loaded, reused: reused + 1 });
      expect(await second.db.select().from(mailOutbox)).toEqual([]);
      const [again] = await second.db.insert(mailOutbox).values(mail).returning({ id: mailOutbox.id });
      expect(again?.id).toBe(1);
      const timeout = await second.db.execute(sql`show statement_timeout`);
      expect(JSON.stringify(timeout)).not.toContain('1234');
    } finally {
      await second.close();
    }
  });

  it('never reuses a database whose schema a test changed: the next one is a fresh copy of the template', async () => {
    const first = await createTestDatabase();
    await first.db.execute(sql`create table pool_probe (id int)`);
    await first.close();

    const { loaded, reused } = pglitePoolStats;
    const second = await createTestDatabase();
    try {
      expect(pglitePoolStats).toEqual({ loaded: loaded + 1, reused });
      const found = await second.db.execute(sql`select to_regclass('pool_probe') as t`);
      expect(JSON.stringify(found)).toContain('"t":null');
    } finally {
      await second.close();
    }
  });

  it('never reuses a database left inside a transaction', async () => {
    const first = await createTestDatabase();
    await first.db.execute(sql`begin`);
    await first.db.insert(mailOutbox).values(mail);
    await first.close();

    const { loaded, reused } = pglitePoolStats;
    const second = await createTestDatabase();
    try {
      expect(pglitePoolStats).toEqual({ loaded: loaded + 1, reused });
      expect(await second.db.select().from(mailOutbox)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
