import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { deliverableStatus } from '../db/schema';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { importPlanFile } from '../projects/service';
import { createTestDatabase } from '../../test/db';
import { rowInserter } from '../../test/factories/rows';
import { attentionList, contributionMatrix, deliverableStates, timelineActuals } from './dashboard';
import { evaluateKpis } from './engine';

let database: Database;
let plan: Plan;
const TODAY = '2019-12-31';

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, { file: 'plans/m-sec.yaml', actor: 'test' });
  plan = (await getCurrentPlan(database.db, 'm-sec'))!.plan;
  const r = rowInserter(database.db, 'm-sec', 'F6S');
  await r.activities([
    { kind: 'newsletter', startDate: '2018-12-10', timelineItem: 'newsletters' }, // month 6
    { kind: 'newsletter', startDate: '2019-07-03', timelineItem: 'newsletters', leadPartner: 'NTTE' }, // month 13 (late for 12)
    { kind: 'article', startDate: '2019-02-01', partners: ['KEIO', 'WU'] },
    { kind: 'article', startDate: '2017-01-01', leadPartner: 'CEA' }, // before the period: not counted in the matrix
  ]);
  await r.events([{ leadPartner: 'KEIO', partners: ['F6S'], startDate: '2019-03-01' }]);
  await r.publications([{ leadPartner: 'WU', partners: ['CEA'], year: 2019 }]);
  await database.db.insert(deliverableStatus).values([
    { projectId: 'm-sec', code: 'D1.5', status: 'Submitted', submittedOn: '2018-12-20', updatedBy: 'test' }, // on time
    { projectId: 'm-sec', code: 'D2.1', status: 'Submitted', submittedOn: '2019-01-15', updatedBy: 'test' }, // late, no justification
    { projectId: 'm-sec', code: 'D2.2', status: 'Draft', updatedBy: 'test' }, // due month 8 (Feb 2019): overdue
  ]);
});
afterAll(async () => {
  await database.close();
});

describe('dashboard data', () => {
  it('counts, per partner, the records it leads and those it takes part in, within the period', async () => {
    const rows = await contributionMatrix(database.db, {
      projectId: 'm-sec',
      plan,
      from: plan.project.start_date,
      to: TODAY,
    });
    expect(rows.map((r) => r.partner)).toHaveLength(12);
    const of = (code: string) => rows.find((r) => r.partner === code)!;
    expect(of('F6S').led.activity).toBe(2);
    expect(of('F6S').involved.event).toBe(1);
    expect(of('KEIO')).toMatchObject({
      led: expect.objectContaining({ event: 1 }),
      involved: expect.objectContaining({ activity: 1 }),
    });
    expect(of('WU').led.publication).toBe(1);
    expect(of('CEA').involved.publication).toBe(1);
    expect(of('CEA').led.activity).toBe(0);
    expect(of('CEA').lastReport).toBeInstanceOf(Date);
    expect(of('YNU').lastReport).toBeNull();
  });

  it('flags overdue deliverables and late ones, and defaults the rest to Pending', async () => {
    const states = await deliverableStates(database.db, { projectId: 'm-sec', plan, today: TODAY });
    expect(states).toHaveLength(35);
    const of = (code: string) => states.find((s) => s.code === code)!;
    expect(of('D1.5')).toMatchObject({
      status: 'Submitted',
      dueDate: '2018-12-31',
      late: false,
      overdue: false,
    });
    expect(of('D2.1')).toMatchObject({ status: 'Submitted', late: true, overdue: false });
    expect(of('D2.2')).toMatchObject({ status: 'Draft', dueDate: '2019-02-28', overdue: true });
    expect(of('D5.1')).toMatchObject({ status: 'Pending', overdue: true });
    expect(of('D5.11')).toMatchObject({ status: 'Pending', overdue: false });
  });

  it('places linked records in their timeline month and lists what needs attention', async () => {
    const actuals = await timelineActuals(database.db, 'm-sec', plan);
    expect([...actuals.get('newsletters')!.entries()]).toEqual(
      expect.arrayContaining([
        [6, 1],
        [13, 1],
      ]),
    );
    const [kpis, deliverables, contributions] = await Promise.all([
      evaluateKpis(database.db, { projectId: 'm-sec', plan, at: TODAY }),
      deliverableStates(database.db, { projectId: 'm-sec', plan, today: TODAY }),
      contributionMatrix(database.db, { projectId: 'm-sec', plan, from: plan.project.start_date, to: TODAY }),
    ]);
    const items = attentionList({
      plan,
      lang: 'en',
      today: TODAY,
      kpis,
      deliverables,
      actuals,
      contributions,
    });
    const ids = (kind: string) => items.filter((i) => i.kind === kind).map((i) => i.id);
    expect(ids('deliverable_overdue')).toContain('D2.2');
    expect(ids('deliverable_late_unjustified')).toEqual(['D2.1']);
    // Newsletters were answered in months 6 and 13 (late for 12): not overdue.
    expect(ids('timeline_overdue')).not.toContain('newsletters');
    // Partners that never reported are silent; F6S reported.
    expect(ids('partner_silent')).toContain('YNU');
    expect(ids('partner_silent')).not.toContain('F6S');
    expect(items[0]!.kind).toBe('kpi');
  });
});
