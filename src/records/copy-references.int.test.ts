/**
 * A chunked import's foreign keys checked as one set query per key (src/records/copy-references.ts): a chunk whose
 * lead partner is not in the project's partners fails as PostgreSQL's own check would (23503, the constraint and the
 * key named) and writes nothing; the per-row checks are back on for whatever follows in the transaction; the
 * references of every record type are found; the rows written read back as before.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, PARTNER_A, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { recordInput } from '../../test/factories/records';
import { rowsOf } from '../audit/chain';
import { systemActor } from '../auth/permissions';
import { activities } from '../db/schema';
import { RECORD_TYPES } from '../plan/schema';
import { encodeRecordRows, loadPartnerTraits, writeEncodedRows } from './batch';
import { loadRecordContext } from './context';
import { referencesOf } from './copy-references';
import { KIND_TABLES } from './kinds';
import { validateRecord } from './validate';

let t: AuthTestApp;
const actor = systemActor('test');
const BATCH = '00000000-0000-4000-8000-0000000000c1';

beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(() => t.close());

/** A chunk of `n` activities led by `lead` (validated as the partner it is, then led by `lead` as given). */
async function chunk(n: number, lead: string, title: string) {
  const ctx = await loadRecordContext(t.db, PROJECT);
  const base = validateRecord('activity', recordInput('activity'), ctx) as Record<string, unknown>;
  const rows = Array.from({ length: n }, (_, i) => ({ ...base, title: `${title} ${i}`, lead_partner: lead }));
  return encodeRecordRows({
    actor,
    projectId: PROJECT,
    type: 'activity',
    rows: rows as never,
    batchId: BATCH,
    source: `import:${BATCH}`,
    partners: await loadPartnerTraits(t.db, PROJECT),
  });
}

const countTitled = async (prefix: string) =>
  rowsOf<{ n: number }>(
    await t.db.execute(sql`select count(*)::int as n from activities where title like ${`${prefix}%`}`),
  )[0]?.n;

/** The SQLSTATE of a driver error (drizzle may wrap it). */
const sqlState = (e: unknown): unknown =>
  (e as { code?: unknown }).code ?? (e as { cause?: { code?: unknown } }).cause?.code;

const role = async (tx: { execute: typeof t.db.execute }) =>
  rowsOf<{ r: string }>(await tx.execute(sql`select current_setting('session_replication_role') as r`))[0]?.r;

describe('foreign keys of a chunked import, as one set query per key', () => {
  it("finds every record table's references: the project and the lead partner", () => {
    for (const type of RECORD_TYPES) {
      const refs = referencesOf(KIND_TABLES[type]);
      expect(refs.map((r) => r.foreignTable).sort(), type).toEqual(['partners', 'projects']);
      expect(refs.find((r) => r.foreignTable === 'partners')?.keys, type).toEqual([
        'projectId',
        'leadPartner',
      ]);
    }
  });

  it('writes a chunk whose references exist; the triggers are back on for the rest of the transaction', async () => {
    const encoded = await chunk(3, PARTNER_A, 'fk ok');
    // One distinct key per foreign key for the three rows: the project, and (project, partner).
    expect(encoded.references.keys.map((k) => k.size)).toEqual([1, 1]);
    await t.db.transaction(async (tx) => {
      await writeEncodedRows(tx, encoded);
      expect(await role(tx)).toBe('origin');
      // A row written after the chunk, by any other path, meets the per-row check again.
      await expect(
        tx.transaction((inner) =>
          inner.execute(
            sql`insert into activities (project_id, lead_partner, created_by, updated_by, title, start_date, kind, type, status)
                values (${PROJECT}, 'NOPE', 'x', 'x', 'after', '2024-01-01', 'article', 'x', 'Delivered')`,
          ),
        ),
      ).rejects.toSatisfy((e) => sqlState(e) === '23503');
    });
    expect(await countTitled('fk ok')).toBe(3);
    const [row] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.projectId, PROJECT), eq(activities.title, 'fk ok 0')));
    expect(row).toMatchObject({ leadPartner: PARTNER_A, pendingBatch: null, source: `import:${BATCH}` });
  });

  it('refuses a chunk led by a partner the project does not have, as the constraint would, and writes nothing', async () => {
    const encoded = await chunk(4, 'GHOST', 'fk missing');
    const error = await t.db
      .transaction((tx) => writeEncodedRows(tx, encoded))
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string; constraint?: string; detail?: string; message: string },
      );
    expect(error).toMatchObject({
      code: '23503',
      constraint: 'activities_lead_partner_fk',
      message: expect.stringContaining('violates foreign key constraint "activities_lead_partner_fk"'),
      detail: `Key (project_id, lead_partner)=(${PROJECT}, GHOST) is not present in table "partners".`,
    });
    expect(await countTitled('fk missing')).toBe(0);
    expect(await role(t.db)).toBe('origin');
  });

  it('refuses a chunk that mixes a known and an unknown partner: no row of it stays', async () => {
    const good = await chunk(2, PARTNER_A, 'fk mixed');
    const bad = await chunk(2, 'GHOST', 'fk mixed bad');
    await expect(
      t.db.transaction(async (tx) => {
        await writeEncodedRows(tx, good);
        await writeEncodedRows(tx, bad);
      }),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await countTitled('fk mixed')).toBe(0);
  });
});
