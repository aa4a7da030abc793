/**
 * Plan editing in the app (issue 24), on the embedded M-Sec plan: for the project facts and the KPI targets, an
 * invalid edit is refused with located errors and nothing stored, a valid one is version N+1 with its diff and
 * reason, a stale base version is a 409; the KPI preview matches `readKpiReport` before and after saving; the YAML
 * download imports back as `unchanged`.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';
import { userActor } from '../auth/actors';
import type { Actor } from '../auth/permissions';
import { auditEntries, planVersions } from '../db/schema';
import { isAppError, type AppError } from '../errors';
import { readKpiReport } from '../kpi/service';
import { fixedClock } from '../lib/clock';
import type { Plan } from '../plan/schema';
import { editPlan, importPlanText, previewPlanEdit, readPlanYaml } from './edit-service';
import { getCurrentPlan, listPlanVersions } from './repository';

const P = 'm-sec';
const clock = fixedClock('2019-07-01T12:00:00Z');
let t: TestApp;
let coordinator: Actor;
let other: Actor;
let viewer: Actor;

const db = () => t.database.db;
const current = async () => (await getCurrentPlan(db(), P))!;
const versionCount = async () =>
  (await db().select().from(planVersions).where(eq(planVersions.projectId, P))).length;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const kpisWith = (plan: Plan, id: string, target: number) =>
  plan.kpis.map((k) => (k.id === id ? { ...k, target } : k));

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const r = rowInserter(db(), P, 'F6S');
  await r.activities([
    { kind: 'newsletter', startDate: '2018-12-20' },
    { kind: 'newsletter', startDate: '2019-06-20' },
  ]);
  const actorOf = async (role: 'coordinator' | 'viewer') =>
    (await userActor(db(), (await makeUser(db(), { role, projectId: P, name: `A ${role}` })).id))!;
  coordinator = await actorOf('coordinator');
  other = await actorOf('coordinator');
  viewer = await actorOf('viewer');
});
afterAll(async () => {
  await t.close();
});

describe('project facts and period', () => {
  it('refuses an invalid edit with each error at its path, and stores nothing', async () => {
    const before = await versionCount();
    const { plan, version } = await current();
    const e = await refusal(
      editPlan(db(), {
        actor: coordinator,
        projectId: P,
        baseVersion: version,
        edit: {
          section: 'project',
          value: { ...plan.project, duration_months: 0, start_date: '2018-02-30', website: 'ftp://x' },
        },
        reason: '',
      }),
    );
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation');
    expect(e.details.map((d) => d.path).sort()).toEqual(
      ['project.duration_months', 'project.start_date', 'project.website', 'reason'].sort(),
    );
    expect(e.details.find((d) => d.path === 'project.website')?.key).toBe('validation.format.httpUrl');
    expect(await versionCount()).toBe(before);
  });

  it('refuses a new acronym (it would be another project)', async () => {
    const { plan, version } = await current();
    const e = await refusal(
      editPlan(db(), {
        actor: coordinator,
        projectId: P,
        baseVersion: version,
        edit: { section: 'project', value: { ...plan.project, acronym: 'N-Sec' } },
        reason: 'rename',
      }),
    );
    expect(e.details).toEqual([expect.objectContaining({ path: 'project.acronym' })]);
  });

  it('extends the project by three months as version N+1 with its diff and reason', async () => {
    const { plan, version } = await current();
    const preview = await previewPlanEdit(db(), {
      actor: coordinator,
      projectId: P,
      baseVersion: version,
      edit: { section: 'project', value: { ...plan.project, duration_months: 39 } },
      clock,
    });
    expect(preview).toMatchObject({ ok: true, stale: false, errors: [] });
    expect(preview.changes).toEqual([
      { path: 'project.duration_months', kind: 'changed', before: 36, after: 39 },
    ]);
    // The period changes every KPI's status and forecast: all of them are shown.
    expect(preview.figures.map((f) => f.id)).toEqual(plan.kpis.map((k) => k.id));
    const r = await editPlan(db(), {
      actor: coordinator,
      projectId: P,
      baseVersion: version,
      edit: { section: 'project', value: { ...plan.project, duration_months: 39 } },
      reason: 'Amendment 2: extended by three months',
    });
    expect(r).toMatchObject({ status: 'updated', version: version + 1, changes: preview.changes });
    const [latest] = await listPlanVersions(db(), P);
    expect(latest).toMatchObject({
      version: version + 1,
      reason: 'Amendment 2: extended by three months',
      sourceName: 'edit:project',
    });
    expect((await current()).plan.project.duration_months).toBe(39);
    const [audit] = await db()
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.action, 'plan.import'))
      .orderBy(auditEntries.seq)
      .then((rows) => rows.slice(-1));
    expect(audit?.after).toMatchObject({
      version: version + 1,
      reason: 'Amendment 2: extended by three months',
    });
  });

  it('refuses an edit made on an older version with 409, naming the version saved since and who saved it', async () => {
    const { plan, version } = await current();
    await editPlan(db(), {
      actor: other,
      projectId: P,
      baseVersion: version,
      edit: { section: 'project', value: { ...plan.project, title: `${plan.project.title} (amended)` } },
      reason: 'Title as amended',
    });
    const before = await versionCount();
    const e = await refusal(
      editPlan(db(), {
        actor: coordinator,
        projectId: P,
        baseVersion: version,
        edit: { section: 'project', value: { ...plan.project, website: 'https://m-sec.example/' } },
        reason: 'New site',
      }),
    );
    expect(e.status).toBe(409);
    expect(e.code).toBe('conflict');
    expect(e.params).toMatchObject({ base: version, version: version + 1, by: 'A coordinator' });
    expect(await versionCount()).toBe(before);
    const stale = await previewPlanEdit(db(), {
      actor: coordinator,
      projectId: P,
      baseVersion: version,
      edit: { section: 'project', value: plan.project },
    });
    expect(stale.stale).toBe(true);
  });

  it('lets one of two simultaneous edits of the same version through, the other gets 409', async () => {
    const { plan, version } = await current();
    const edit = (actor: Actor, title: string) =>
      editPlan(db(), {
        actor,
        projectId: P,
        baseVersion: version,
        edit: { section: 'project', value: { ...plan.project, title } },
        reason: title,
      }).then(
        () => 'saved',
        (e: unknown) => (isAppError(e) ? e.status : e),
      );
    const outcomes = await Promise.all([edit(coordinator, 'Title A'), edit(other, 'Title B')]);
    expect(outcomes.sort()).toEqual([409, 'saved']);
    expect((await current()).version).toBe(version + 1);
  });

  it('needs plan.import', async () => {
    const { plan, version } = await current();
    const e = await refusal(
      editPlan(db(), {
        actor: viewer,
        projectId: P,
        baseVersion: version,
        edit: { section: 'project', value: plan.project },
        reason: 'x',
      }),
    );
    expect(e.status).toBe(403);
  });
});

describe('KPI targets', () => {
  it('refuses a negative target and a text target at their paths, and stores nothing', async () => {
    const before = await versionCount();
    const { plan, version } = await current();
    const kpis = plan.kpis.map((k, i) =>
      i === 1 ? { ...k, target: -1 } : i === 3 ? { ...k, target: 'many' as unknown as number } : k,
    );
    const e = await refusal(
      editPlan(db(), {
        actor: coordinator,
        projectId: P,
        baseVersion: version,
        edit: { section: 'kpis', value: kpis },
        reason: 'Targets',
      }),
    );
    expect(e.status).toBe(422);
    expect(e.details.map((d) => d.path)).toEqual(['kpis.1.target', 'kpis.3.target']);
    expect(await versionCount()).toBe(before);
  });

  it('previews old and new figures as readKpiReport gives them before and after saving', async () => {
    const { plan, version } = await current();
    const kpis = kpisWith(plan, 'newsletters', 6);
    const preview = await previewPlanEdit(db(), {
      actor: coordinator,
      projectId: P,
      baseVersion: version,
      edit: { section: 'kpis', value: kpis },
      clock,
    });
    expect(preview.changes).toEqual([
      { path: 'kpis.[id=newsletters].target', kind: 'changed', before: 4, after: 6 },
    ]);
    // The consistency warning (4 newsletters vs a cadence of 6) is gone.
    expect(preview.warnings.map((w) => w.key)).not.toContain('plancheck.kpi-cadence-mismatch');
    const [row] = preview.figures;
    expect(preview.figures).toHaveLength(1);
    const reportBefore = await readKpiReport(db(), { actor: coordinator, projectId: P, clock });
    const newsBefore = reportBefore.kpis.find((k) => k.id === 'newsletters')!;
    expect(row?.before).toMatchObject({ target: 4, value: newsBefore.value, status: newsBefore.status });
    expect(newsBefore.value).toBe(2);

    const r = await editPlan(db(), {
      actor: coordinator,
      projectId: P,
      baseVersion: version,
      edit: { section: 'kpis', value: kpis },
      reason: 'Six newsletters, as the cadence says',
      clock,
    });
    expect(r.version).toBe(version + 1);
    expect(r.warnings.map((w) => w.key)).not.toContain('plancheck.kpi-cadence-mismatch');
    const reportAfter = await readKpiReport(db(), { actor: coordinator, projectId: P, clock });
    const newsAfter = reportAfter.kpis.find((k) => k.id === 'newsletters')!;
    expect(row?.after).toMatchObject({ target: 6, value: newsAfter.value, status: newsAfter.status });
  });

  it('refuses a stale KPI edit with 409', async () => {
    const { plan, version } = await current();
    const e = await refusal(
      editPlan(db(), {
        actor: coordinator,
        projectId: P,
        baseVersion: version - 1,
        edit: { section: 'kpis', value: kpisWith(plan, 'newsletters', 8) },
        reason: 'Eight',
      }),
    );
    expect(e.status).toBe(409);
  });
});

describe('YAML', () => {
  it('downloads the current plan (an edited version: its dump) and imports it back as unchanged', async () => {
    const { version } = await current();
    const yaml = await readPlanYaml(db(), { actor: viewer, projectId: P });
    expect(yaml.version).toBe(version);
    const r = await importPlanText(db(), {
      actor: coordinator,
      projectId: P,
      text: yaml.text,
      fileName: 'x.yaml',
    });
    expect(r).toMatchObject({ status: 'unchanged', version });
  });

  it('refuses broken YAML with line and column, and a plan of another project', async () => {
    const broken = await refusal(
      importPlanText(db(), {
        actor: coordinator,
        projectId: P,
        text: 'schema_version: 1\nproject:\n  title: [unclosed\n',
        fileName: 'bad.yaml',
      }),
    );
    expect(broken.status).toBe(422);
    expect(broken.details[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    const { text } = await readPlanYaml(db(), { actor: viewer, projectId: P });
    const otherProject = await refusal(
      importPlanText(db(), {
        actor: coordinator,
        projectId: P,
        text: text.replace(/^ {2}acronym: M-Sec$/m, '  acronym: Other'),
        fileName: 'other.yaml',
      }),
    );
    expect(otherProject).toMatchObject({ status: 422, params: { id: 'other', project: P } });
  });
});
