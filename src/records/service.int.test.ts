import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../db/schema';
import { AppError } from '../errors';
import { evaluateKpis } from '../kpi/engine';
import { getCurrentPlan } from '../projects/repository';
import type { AuthTestApp } from '../../test/auth-helpers';
import { recordInput } from '../../test/factories/records';
import { actors, createRecordsTestApp, PARTNER_A, PARTNER_B, PARTNER_JP, PROJECT } from '../../test/records';
import { RECORD_TYPES } from '../plan/schema';
import { recordSchemas } from './schema';
import type { Actor } from '../auth/permissions';
import type { RecordKind } from './kinds';
import {
  createRecord,
  deleteRecord,
  getRecord,
  insertRecords,
  listRecords,
  restoreRecord,
  updateRecord,
} from './service';

let t: AuthTestApp;
beforeAll(async () => {
  t = await createRecordsTestApp();
});
afterAll(async () => {
  await t?.close();
});

const projectId = PROJECT;
const create = (actor: Actor, kind: RecordKind, input: unknown) =>
  createRecord(t.db, { actor, projectId, kind, input });

/** The AppError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const kpiValue = (o: Record<string, unknown> = {}) => ({
  lead_partner: PARTNER_A,
  kpi_code: 'visitors',
  value: 420,
  date: '2024-05-01',
  evidence: 'https://stats.example.org/report-may',
  ...o,
});

const auditOf = (entityType: string, entityId: string) =>
  t.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.entityType, entityType), eq(auditEntries.entityId, entityId)));

describe('records service', () => {
  it.each(RECORD_TYPES)('creates, reads, updates and deletes a %s, with audit entries', async (type) => {
    const created = await create(actors.coordinator, type, recordInput(type));
    expect(created).toMatchObject({
      record_type: type,
      version: 1,
      origin: 'form',
      lead_partner: expect.any(String),
    });
    const got = await getRecord(t.db, { actor: actors.viewer, projectId, kind: type, id: created.id });
    expect(got).toEqual(created);

    const updated = await updateRecord(t.db, {
      actor: actors.coordinator,
      projectId,
      kind: type,
      id: created.id,
      version: 1,
      mode: 'merge',
      input: { partners: [PARTNER_JP] },
    });
    expect(updated.version).toBe(2);

    await deleteRecord(t.db, { actor: actors.coordinator, projectId, kind: type, id: created.id });
    await expect(
      getRecord(t.db, { actor: actors.viewer, projectId, kind: type, id: created.id }),
    ).rejects.toThrow(/not found/);
    const actions = (await auditOf(type, created.id)).map((e) => e.action);
    expect(actions).toEqual(['record.create', 'record.update', 'record.delete']);
  });

  it('lets a partner editor and a write token write only their own partner’s records', async () => {
    const mine = await create(actors.editorA, 'event', recordInput('event', { lead_partner: PARTNER_A }));
    expect(mine.lead_partner).toBe(PARTNER_A);
    expect(
      (await failure(create(actors.editorA, 'event', recordInput('event', { lead_partner: PARTNER_B }))))
        .code,
    ).toBe('forbidden');
    expect((await failure(create(actors.viewer, 'event', recordInput('event')))).code).toBe('forbidden');
    expect((await failure(create(actors.anonymous, 'event', recordInput('event')))).code).toBe(
      'unauthenticated',
    );
    expect((await failure(create(actors.readTokenA, 'event', recordInput('event')))).code).toBe('forbidden');
    const byToken = await create(actors.tokenA, 'event', recordInput('event', { lead_partner: PARTNER_A }));
    expect(byToken.created_by).toBe('token:1');
    expect(
      (await failure(create(actors.tokenA, 'event', recordInput('event', { lead_partner: PARTNER_B })))).code,
    ).toBe('forbidden');

    const edit = (actor: Actor, input: Record<string, unknown>) =>
      updateRecord(t.db, {
        actor,
        projectId,
        kind: 'event',
        id: mine.id,
        version: mine.version,
        mode: 'merge',
        input,
      });
    expect((await failure(edit(actors.editorB, { city: 'Oslo' }))).code).toBe('forbidden');
    // Moving A's record to B needs the permission for both.
    expect((await failure(edit(actors.editorA, { lead_partner: PARTNER_B }))).code).toBe('forbidden');
    expect(
      (await failure(deleteRecord(t.db, { actor: actors.editorB, projectId, kind: 'event', id: mine.id })))
        .code,
    ).toBe('forbidden');
    const moved = await edit(actors.coordinator, { lead_partner: PARTNER_B });
    expect(moved.lead_partner).toBe(PARTNER_B);
  });

  it('locates validation errors by field, resolving aliases and checking the plan and vocabulary', async () => {
    const e = await failure(
      create(
        actors.coordinator,
        'activity',
        recordInput('activity', {
          lead_partner: 'NOPE',
          type: 'Conference talk',
          start_date: '2024-13-01',
          wp: 'WP9',
          persons_reached: -3,
        }),
      ),
    );
    expect(e.code).toBe('validation');
    expect(e.status).toBe(422);
    const paths = e.details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['lead_partner', 'type', 'start_date', 'wp', 'persons_reached']),
    );

    const range = await failure(
      create(
        actors.coordinator,
        'event',
        recordInput('event', { start_date: '2024-06-10', end_date: '2024-06-01' }),
      ),
    );
    expect(range.details.map((d) => d.path)).toEqual(['end_date']);

    const outside = await failure(
      create(actors.coordinator, 'synergy', recordInput('synergy', { date: '2031-01-01' })),
    );
    expect(outside.details[0]).toMatchObject({
      path: 'date',
      message: expect.stringMatching(/after the project end/),
    });

    const alias = await create(
      actors.coordinator,
      'synergy',
      recordInput('synergy', { lead_partner: 'univ. j' }),
    );
    expect(alias.lead_partner).toBe(PARTNER_JP);
  });

  it('computes a publication’s partners and joint flags from its authors, never from input', async () => {
    const p = await create(
      actors.coordinator,
      'publication',
      recordInput('publication', {
        doi: '10.1000/joint-1',
        authors: [
          { name: 'Silva, Ana', partner: PARTNER_A },
          { name: 'Sato, Ken', partner: 'Univ. J' },
        ],
        partners: [PARTNER_B],
      }),
    );
    expect(p).toMatchObject({ partners: [PARTNER_JP], joint_eu_jp: true, joint_public_private: false });
    const q = await updateRecord(t.db, {
      actor: actors.coordinator,
      projectId,
      kind: 'publication',
      id: p.id,
      version: p.version,
      mode: 'merge',
      input: {
        authors: [
          { name: 'Silva, Ana', partner: PARTNER_A },
          { name: 'Berg, Ola', partner: PARTNER_B },
        ],
      },
    });
    expect(q).toMatchObject({ partners: [PARTNER_B], joint_eu_jp: false, joint_public_private: true });
  });

  it('refuses a change made on an old version (optimistic concurrency)', async () => {
    const r = await create(actors.coordinator, 'synergy', recordInput('synergy'));
    const change = (version: number, outcome: string) =>
      updateRecord(t.db, {
        actor: actors.coordinator,
        projectId,
        kind: 'synergy',
        id: r.id,
        version,
        mode: 'merge',
        input: { outcome },
      });
    await change(1, 'first');
    const e = await failure(change(1, 'second'));
    expect(e).toMatchObject({ code: 'conflict', status: 409 });
    expect(
      (await getRecord(t.db, { actor: actors.viewer, projectId, kind: 'synergy', id: r.id })).outcome,
    ).toBe('first');
  });

  it('hides soft-deleted records from lists and KPI figures; a coordinator restores them', async () => {
    const plan = (await getCurrentPlan(t.db, projectId))?.plan;
    if (!plan) throw new Error('no plan');
    const figure = async () =>
      (await evaluateKpis(t.db, { projectId, plan, at: '2025-12-31' })).find((k) => k.id === 'events')?.value;
    const before = await figure();
    const e = await create(
      actors.editorA,
      'event',
      recordInput('event', { name: 'Soft delete fair', status: 'attended' }),
    );
    expect(await figure()).toBe((before ?? 0) + 1);
    await deleteRecord(t.db, { actor: actors.editorA, projectId, kind: 'event', id: e.id, version: 1 });
    expect(await figure()).toBe(before);
    const listed = await listRecords(t.db, {
      actor: actors.viewer,
      projectId,
      kind: 'event',
      filter: { q: 'soft delete' },
    });
    expect(listed.total).toBe(0);
    const bin = await listRecords(t.db, {
      actor: actors.coordinator,
      projectId,
      kind: 'event',
      filter: { q: 'soft delete', deleted: 'only' },
    });
    expect(bin.records.map((r) => r.id)).toEqual([e.id]);
    expect(
      (await failure(restoreRecord(t.db, { actor: actors.editorA, projectId, kind: 'event', id: e.id })))
        .code,
    ).toBe('forbidden');
    await restoreRecord(t.db, { actor: actors.coordinator, projectId, kind: 'event', id: e.id });
    expect(await figure()).toBe((before ?? 0) + 1);
    expect((await auditOf('event', e.id)).map((a) => a.action)).toEqual([
      'record.create',
      'record.delete',
      'record.restore',
    ]);
  });

  it('lists with filters, search and pagination', async () => {
    const mk = (o: Record<string, unknown>) =>
      create(actors.coordinator, 'activity', recordInput('activity', { partners: [], ...o }));
    await mk({
      title: 'Filterable radio interview',
      kind: 'interview',
      start_date: '2024-02-01',
      lead_partner: PARTNER_B,
    });
    await mk({
      title: 'Filterable newsletter 1',
      kind: 'newsletter',
      start_date: '2025-02-01',
      status: 'Ongoing',
    });
    await mk({
      title: 'Filterable newsletter 2',
      kind: 'newsletter',
      start_date: '2025-03-01',
      audiences: ['Investors'],
    });
    const list = (filter: Record<string, unknown>, page?: number, pageSize?: number) =>
      listRecords(t.db, {
        actor: actors.viewer,
        projectId,
        kind: 'activity',
        filter: { q: 'filterable', ...filter },
        page,
        pageSize,
      });
    expect((await list({})).total).toBe(3);
    expect((await list({ kindValue: 'newsletter' })).total).toBe(2);
    expect((await list({ partner: PARTNER_B })).records.map((r) => r.title)).toEqual([
      'Filterable radio interview',
    ]);
    expect((await list({ year: 2 })).total).toBe(2);
    expect((await list({ from: '2025-02-15' })).records.map((r) => r.title)).toEqual([
      'Filterable newsletter 2',
    ]);
    expect((await list({ status: 'Ongoing' })).total).toBe(1);
    expect((await list({ audience: 'Investors' })).total).toBe(1);
    const page2 = await list({}, 2, 2);
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.records).toHaveLength(1);
    expect((await list({ q: '100%_' })).total).toBe(0);
    expect((await failure(list({ from: 'yesterday' }))).details[0]?.path).toBe('from');
  });

  it('takes manual KPI values with evidence, and the KPI engine reads them', async () => {
    const e = await failure(create(actors.editorA, 'kpi_value', kpiValue({ evidence: undefined })));
    expect(e.details.map((d) => d.path)).toEqual(['evidence']);
    expect(
      (await failure(create(actors.editorA, 'kpi_value', kpiValue({ kpi_code: 'papers' })))).details[0]?.path,
    ).toBe('kpi_code');
    expect(
      (await failure(create(actors.editorA, 'kpi_value', kpiValue({ date: '2999-01-01' })))).details[0]?.path,
    ).toBe('date');
    await create(actors.editorA, 'kpi_value', kpiValue());
    const plan = (await getCurrentPlan(t.db, projectId))?.plan;
    if (!plan) throw new Error('no plan');
    const visitors = (await evaluateKpis(t.db, { projectId, plan, at: '2025-12-31' })).find(
      (k) => k.id === 'visitors',
    );
    expect(visitors).toMatchObject({ value: 420, hasValue: true });
  });
});

describe('insertRecords (importers)', () => {
  const rows = [
    {
      ...recordInput('publication'),
      doi: '10.1000/batch-1',
      authors: [
        { name: 'A', partner: PARTNER_A },
        { name: 'B', partner: PARTNER_JP },
      ],
    },
    { ...recordInput('publication'), doi: '10.1000/batch-2', lead_partner: PARTNER_A },
  ];
  const validated: Record<string, unknown>[] = rows.map((r) => ({
    ...r,
    partners: [],
    open_access: 'gold',
    acknowledges_grant: true,
  }));

  it('inserts a batch with computed fields and one audit entry', async () => {
    const ids = await t.db.transaction((tx) =>
      insertRecords(tx, {
        actor: actors.editorA,
        projectId,
        type: 'publication',
        rows: validated as never[],
        source: 'import:b-1',
      }),
    );
    expect(ids).toHaveLength(2);
    const first = await getRecord(t.db, {
      actor: actors.viewer,
      projectId,
      kind: 'publication',
      id: ids[0] as string,
    });
    expect(first).toMatchObject({ origin: 'import:b-1', joint_eu_jp: true, partners: [PARTNER_JP] });
    const [entry] = await auditOf('publication', 'b-1');
    expect(entry).toMatchObject({ action: 'record.import', after: { batchId: 'b-1', count: 2, ids } });
  });

  it('refuses the whole batch when one row is led by a partner the actor may not write', async () => {
    const mixed = [
      ...validated,
      { ...validated[0], doi: '10.1000/batch-3', lead_partner: PARTNER_B },
    ] as never[];
    const e = await failure(
      t.db.transaction((tx) =>
        insertRecords(tx, { actor: actors.editorA, projectId, type: 'publication', rows: mixed }),
      ),
    );
    expect(e.code).toBe('forbidden');
    expect(
      (
        await listRecords(t.db, {
          actor: actors.viewer,
          projectId,
          kind: 'publication',
          filter: { q: 'tidal' },
        })
      ).total,
    ).toBe(3);
  });
});

describe('batch insert (one jsonb parameter) against single create', () => {
  const LABEL = {
    activity: 'title',
    event: 'name',
    publication: 'title',
    synergy: 'initiative',
    metric: 'channel',
  } as const;
  const volatile = ['id', 'origin', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version'];
  const comparable = (r: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => !volatile.includes(k) && k !== LABEL_KEY));
  let LABEL_KEY = '';

  it('stores, for every record type, exactly what a single create stores, with ids in row order', async () => {
    for (const type of RECORD_TYPES) {
      LABEL_KEY = LABEL[type];
      const inputs = ['one', 'two', 'three'].map(
        (n) => recordInput(type, { [LABEL[type]]: `batch ${type} ${n}` } as never) as Record<string, unknown>,
      );
      const single = await create(actors.coordinator, type, inputs[0]);
      const rows = inputs.map((i) => recordSchemas[type].parse(i));
      const ids = await t.db.transaction((tx) =>
        insertRecords(tx, {
          actor: actors.coordinator,
          projectId,
          type,
          rows: rows as never[],
          source: `import:eq-${type}`,
        }),
      );
      expect(ids, type).toHaveLength(3);
      const stored = await Promise.all(
        ids.map((id) => getRecord(t.db, { actor: actors.viewer, projectId, kind: type, id })),
      );
      expect(
        stored.map((r) => (r as Record<string, unknown>)[LABEL[type]]),
        type,
      ).toEqual(inputs.map((i) => i[LABEL[type]]));
      const again = await getRecord(t.db, { actor: actors.viewer, projectId, kind: type, id: single.id });
      expect(comparable(stored[0] as Record<string, unknown>), type).toEqual(
        comparable(again as Record<string, unknown>),
      );
    }
  });
});
