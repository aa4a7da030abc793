/** The committed KPI SQL (docs/kpi-sql/) is what the engine compiles today, so reviewers see every KPI SQL change. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/factories/plan';
import { compileKpiSql, kpiSqlOfPlanFile, kpiSqlPath, renderKpiSql } from './sql-file';

const root = resolve(import.meta.dirname, '../..');

/** A plan with every kind of measure: an aggregate with a part, a snapshot KPI with a part, a manual value. */
const plan = makePlan({
  kpis: [
    {
      id: 'papers',
      label: 'Papers',
      target: 4,
      target_text: '4',
      measure: { kind: 'count', record: 'publication', where: { type: 'journal_article' } },
      parts: [{ id: 'joint', label: 'Joint', target: 1, where: { joint_eu_jp: true } }],
    },
    {
      id: 'views',
      label: 'Views',
      target: 100,
      target_text: '100',
      measure: { kind: 'latest_sum', record: 'metric', where: { metric: 'views' } },
      parts: [{ id: 'video', label: 'Video', target: 10, where: { channel_kind: 'youtube' } }],
    },
    {
      id: 'reach',
      label: 'Reach',
      target: 5,
      target_text: '5',
      measure: { kind: 'manual', evidence_required: false },
    },
  ],
});

describe('committed KPI SQL', () => {
  it('docs/kpi-sql/m-sec.sql is what the engine compiles for plans/m-sec.yaml', async () => {
    const plan = resolve(root, 'plans/m-sec.yaml');
    const compiled = await kpiSqlOfPlanFile(plan, 'plans/m-sec.yaml');
    const committed = await readFile(resolve(root, kpiSqlPath(plan)), 'utf8').catch(() => '');
    // On a difference: run `npm run kpi:sql`, review `git diff docs/kpi-sql/`, and commit it with the change.
    expect(
      compiled === committed,
      'The KPI SQL changed: run `npm run kpi:sql` and review the diff of docs/kpi-sql/m-sec.sql',
    ).toBe(true);
  });
});

describe('compileKpiSql', () => {
  it('covers every KPI of any plan: figures, history and drill-down, parameters bound', async () => {
    const queries = await compileKpiSql({ plan, projectId: 'proj-x' });
    const labels = new Set(queries.map((q) => q.label));
    expect(labels.has('figures')).toBe(true);
    expect(labels.has('drill-down views/video, left out by a complete export')).toBe(true);
    for (const k of plan.kpis) {
      expect(labels.has(`history ${k.id}`), k.id).toBe(true);
      expect(labels.has(`drill-down ${k.id}`), k.id).toBe(true);
      for (const p of k.parts) expect(labels.has(`drill-down ${k.id}/${p.id}`), p.id).toBe(true);
    }
    // The project id is never spliced into the text: it is a bound parameter.
    expect(queries.every((q) => !q.sql.includes('proj-x') && q.params.includes('proj-x'))).toBe(true);
  });

  it('is deterministic and lists each parameter under its query', async () => {
    const render = async () =>
      renderKpiSql({
        source: 'plan.yaml',
        projectId: 'p',
        queries: await compileKpiSql({ plan, projectId: 'p' }),
      });
    const text = await render();
    expect(await render()).toBe(text);
    expect(text).toMatch(/^-- \[1\] figures\n/m);
    expect(text).toContain("--   $1 = 'p'");
    expect(text.split('\n').every((l) => l === l.trimEnd())).toBe(true);
  });
});
