/** withDatabase's start-up check: a database at the newest migration is not migrated again; one behind is. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createTestDatabase } from '../../test/db';
import { isMigrated } from './context';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('isMigrated', () => {
  it('is true at the newest migration and false once the newest is missing', async () => {
    expect(await isMigrated(database)).toBe(true);
    // Forget the newest migration: as a data folder from before it would be.
    await database.db.execute(
      sql`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`,
    );
    expect(await isMigrated(database)).toBe(false);
  });

  it('is false when there is no migrations table (a new database)', async () => {
    await database.db.execute(sql`DROP TABLE drizzle.__drizzle_migrations`);
    expect(await isMigrated(database)).toBe(false);
  });
});
