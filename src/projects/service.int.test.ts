import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { kpis, partners, planVersions } from '../db/schema';
import { countingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import { makePlan, planInput } from '../../test/factories/plan';
import { getCurrentPlan, listPartners, listPlanVersions, listProjects } from './repository';
import { importPlan } from './service';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const importOf = (plan = makePlan(), actor = 'test') =>
  importPlan(database.db, { plan, sourceText: JSON.stringify(plan), sourceName: 'tide-x.yaml', actor });

describe('importPlan', () => {
  it('creates a project whose id is the slug of its acronym, with version 1 and its entities', async () => {
    const r = await importOf();
    expect(r).toMatchObject({ projectId: 'tide-x', version: 1, status: 'created', changes: [] });
    const [project] = await listProjects(database.db);
    expect(project).toMatchObject({ id: 'tide-x', acronym: 'Tide-X', durationMonths: 24, currentVersion: 1 });
    expect((await listPartners(database.db, 'tide-x')).map((p) => p.code)).toEqual(['UNIA', 'CORPB']);
  });

  it('is idempotent: the same plan again is a no-op', async () => {
    const r = await importOf();
    expect(r).toMatchObject({ version: 1, status: 'unchanged' });
    const rows = await database.db.select().from(planVersions).where(eq(planVersions.projectId, 'tide-x'));
    expect(rows).toHaveLength(1);
  });

  it('records a changed plan as a new version with what changed and who changed it', async () => {
    const base = planInput();
    const changed = makePlan({
      kpis: [{ ...base.kpis![0]!, target: 6, target_text: '6' }],
      partners: [base.partners[0]!, { ...base.partners[1]!, name: 'Corp B Renamed' }],
    });
    const r = await importOf(changed, 'cli:alice');
    expect(r.status).toBe('updated');
    expect(r.version).toBe(2);
    expect(r.changes).toEqual(
      expect.arrayContaining([
        { path: 'kpis.[id=papers].target', kind: 'changed', before: 4, after: 6 },
        { path: 'partners.[code=CORPB].name', kind: 'changed', before: 'Corp B', after: 'Corp B Renamed' },
      ]),
    );
    const versions = await listPlanVersions(database.db, 'tide-x');
    expect(versions.map((v) => [v.version, v.importedBy])).toEqual([
      [2, 'cli:alice'],
      [1, 'test'],
    ]);
    const current = await getCurrentPlan(database.db, 'tide-x');
    expect(current?.plan.kpis[0]?.target).toBe(6);
    const [kpi] = await database.db.select().from(kpis).where(eq(kpis.code, 'papers'));
    expect(kpi?.target).toBe(6);
  });

  it('retires entities a new version drops and revives them when they come back', async () => {
    const base = planInput();
    await importOf(makePlan({ partners: [base.partners[0]!] }));
    const retired = await database.db
      .select()
      .from(partners)
      .where(and(eq(partners.projectId, 'tide-x'), eq(partners.code, 'CORPB')));
    expect(retired[0]?.retiredAt).toBeInstanceOf(Date);
    expect((await listPartners(database.db, 'tide-x')).map((p) => p.code)).toEqual(['UNIA']);

    await importOf(makePlan());
    expect((await listPartners(database.db, 'tide-x')).map((p) => p.code)).toEqual(['UNIA', 'CORPB']);
    expect((await listPlanVersions(database.db, 'tide-x')).length).toBe(4);
  });

  it('keeps projects apart: a second plan is a second project', async () => {
    const other = makePlan({ project: { ...planInput().project, acronym: 'Other One' } });
    const r = await importOf(other);
    expect(r.projectId).toBe('other-one');
    expect((await listProjects(database.db)).map((p) => p.id)).toEqual(['other-one', 'tide-x']);
    expect(await listPartners(database.db, 'other-one')).toHaveLength(2);
  });

  it('reads the current plan document once per content: later reads fetch only its version and hash', async () => {
    const counting = countingDb(database.db);
    const first = await getCurrentPlan(counting.db, 'other-one');
    counting.reset();
    const again = await getCurrentPlan(counting.db, 'other-one');
    expect(again?.plan).toBe(first?.plan);
    expect(again?.version).toBe(first?.version);
    expect(counting.statements).toHaveLength(1);
    expect(counting.statements[0]).not.toMatch(/"plan_versions"\."plan"/);
  });
});
