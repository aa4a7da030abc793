/**
 * The inbox's use cases: accept → a publication through the one import path (import batch, audit), accept of a
 * DOI already there → a duplicate pointing at it (no second record), an invalid lead partner → 422 with nothing
 * changed, a decided suggestion → 409, reject with its reason (too long → 422), permissions.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db';
import { makePlan } from '../../../test/factories/plan';
import { recordInput } from '../../../test/factories/records';
import { systemActor, type Actor } from '../../auth/permissions';
import type { Database } from '../../db/client';
import { auditEntries, importBatches, publications, suggestedOutputs } from '../../db/schema';
import { isAppError } from '../../errors';
import { fixedClock } from '../../lib/clock';
import { importPlan } from '../../projects/service';
import { createRecord } from '../../records/service';
import { graphProduct } from './graph';
import { acceptSuggestion, listSuggestions, rejectSuggestion } from './inbox-service';
import { productToInbox, type InboxFields } from './map';
import { storePage } from './store';
import { product } from './testing/graph-fixtures';

const PROJECT = 'tide-x';
const clock = fixedClock('2026-12-02T10:00:00Z');
const actor = systemActor('test');
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'p.yaml',
    actor: 'cli:test',
  });
});
afterAll(async () => {
  await database.close();
});

/** A waiting suggestion of product `n`; its id. */
async function suggest(n: number, o: { title?: string; doi?: string } = {}): Promise<number> {
  const fields = productToInbox(graphProduct.parse(product({ n, ...o }))) as InboxFields;
  await storePage(database.db, {
    projectId: PROJECT,
    products: [fields],
    now: clock.now(),
    decidedBy: 'test',
    dryRun: false,
  });
  const [row] = await database.db
    .select()
    .from(suggestedOutputs)
    .where(eq(suggestedOutputs.externalId, fields.externalId));
  return row?.id as number;
}

const livePubs = (doi: string) =>
  database.db
    .select()
    .from(publications)
    .where(
      and(eq(publications.projectId, PROJECT), eq(publications.doi, doi), isNull(publications.deletedAt)),
    );

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('acceptSuggestion', () => {
  it('imports the item as a publication through the import path, audited', async () => {
    const id = await suggest(1);
    const out = await acceptSuggestion(database.db, {
      actor,
      projectId: PROJECT,
      suggestionId: id,
      leadPartner: 'CORPB',
      clock,
    });
    expect(out.outcome).toBe('imported');
    const [pub] = await livePubs('10.5281/tide.1');
    expect(pub).toMatchObject({
      id: out.recordId,
      title: 'Tidal result number 1',
      leadPartner: 'CORPB',
      venue: 'Journal of Tides',
      year: 2025,
      licence: 'CC-BY-4.0',
      source: `import:${out.batchId}`,
    });
    const [batch] = await database.db
      .select()
      .from(importBatches)
      .where(eq(importBatches.id, out.batchId ?? ''));
    expect(batch).toMatchObject({ format: 'csl-json', recordType: 'publication' });
    expect(out.suggestion).toMatchObject({ status: 'accepted', recordId: pub?.id, decidedBy: 'test' });
    const audit = await database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'suggestion.accept'), eq(auditEntries.entityId, String(id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ status: 'accepted', recordId: pub?.id, batchId: out.batchId });
  });

  it('defaults the lead partner to the plan coordinator partner', async () => {
    const id = await suggest(2);
    const out = await acceptSuggestion(database.db, { actor, projectId: PROJECT, suggestionId: id, clock });
    const [pub] = await livePubs('10.5281/tide.2');
    expect(pub?.id).toBe(out.recordId);
    expect(pub?.leadPartner).toBe('UNIA');
  });

  it('a DOI already a publication: a duplicate pointing at it, no second record', async () => {
    const id = await suggest(3, { title: 'Tidal power for coastal micro-grids', doi: '10.1016/dup.3' });
    const existing = await createRecord(database.db, {
      actor,
      projectId: PROJECT,
      kind: 'publication',
      input: recordInput('publication', { doi: '10.1016/dup.3' }),
    });
    const out = await acceptSuggestion(database.db, { actor, projectId: PROJECT, suggestionId: id, clock });
    expect(out.outcome).toBe('duplicate');
    expect(out.recordId).toBe(existing.id);
    expect(await livePubs('10.1016/dup.3')).toHaveLength(1);
    expect(out.suggestion.status).toBe('accepted');
  });

  it('an unknown lead partner: 422 located, nothing changed', async () => {
    const id = await suggest(4);
    const e = await refusal(
      acceptSuggestion(database.db, {
        actor,
        projectId: PROJECT,
        suggestionId: id,
        leadPartner: 'NOPE',
        clock,
      }),
    );
    expect(e.status).toBe(422);
    expect(e.details.some((d) => d.path === 'lead_partner')).toBe(true);
    expect(await livePubs('10.5281/tide.4')).toHaveLength(0);
    const [row] = await database.db.select().from(suggestedOutputs).where(eq(suggestedOutputs.id, id));
    expect(row?.status).toBe('suggested');
  });

  it('a decided suggestion: 409; an unknown one: 404; a viewer: 403', async () => {
    const id = await suggest(5);
    await rejectSuggestion(database.db, { actor, projectId: PROJECT, suggestionId: id, clock });
    expect(
      (await refusal(acceptSuggestion(database.db, { actor, projectId: PROJECT, suggestionId: id, clock })))
        .status,
    ).toBe(409);
    expect(
      (await refusal(rejectSuggestion(database.db, { actor, projectId: PROJECT, suggestionId: id, clock })))
        .status,
    ).toBe(409);
    expect(
      (
        await refusal(
          rejectSuggestion(database.db, { actor, projectId: PROJECT, suggestionId: 99999, clock }),
        )
      ).status,
    ).toBe(404);
    const viewer: Actor = {
      kind: 'user',
      userId: 'u-viewer',
      isAdmin: false,
      memberships: [{ projectId: PROJECT, role: 'viewer', partnerCode: null }],
    } as Actor;
    expect((await refusal(listSuggestions(database.db, { actor: viewer, projectId: PROJECT }))).status).toBe(
      403,
    );
  });
});

describe('rejectSuggestion', () => {
  it('remembers the reason and audits; a reason too long is a 422', async () => {
    const id = await suggest(6);
    const long = await refusal(
      rejectSuggestion(database.db, {
        actor,
        projectId: PROJECT,
        suggestionId: id,
        reason: 'x'.repeat(501),
        clock,
      }),
    );
    expect(long.status).toBe(422);
    expect(long.details[0]?.path).toBe('reason');
    const row = await rejectSuggestion(database.db, {
      actor,
      projectId: PROJECT,
      suggestionId: id,
      reason: '  a dataset of another project ',
      clock,
    });
    expect(row).toMatchObject({ status: 'rejected', reason: 'a dataset of another project', recordId: null });
    const audit = await database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'suggestion.reject'), eq(auditEntries.entityId, String(id))));
    expect(audit).toHaveLength(1);
    const rejected = await listSuggestions(database.db, { actor, projectId: PROJECT, status: 'rejected' });
    expect(rejected.map((r) => r.id)).toContain(id);
  });
});
