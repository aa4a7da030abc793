/** The indicator library is valid data: every measure passes the plan schema, the plan checks and the engine's SQL. */
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../kpi/filter';
import { checkPlan } from '../checks';
import { parsePlan } from '../loader';
import { idSchema, kpiSchema, measureSchema, RECORD_FIELDS, type Plan } from '../schema';
import { coreIndicators, indicatorById, INDICATORS } from './indicators';
import {
  acknowledgementText,
  DEFAULT_AUDIENCES,
  funderAudiences,
  grantDoi,
  INIT_PROGRAMMES,
} from './programmes';
import { PROJECT_SIZES } from './types';
import { readFileSync } from 'node:fs';

const mSec = (() => {
  const r = parsePlan(readFileSync('plans/m-sec.yaml', 'utf8'), 'm-sec.yaml');
  if (!r.ok) throw new Error('m-sec.yaml does not load');
  return r.plan;
})();

describe('the indicator library', () => {
  it('has at least 20 indicators with unique kebab-case ids, en + ja texts, targets and ordered thresholds', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(INDICATORS.map((i) => i.id)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) {
      expect(idSchema.safeParse(i.id).success, i.id).toBe(true);
      for (const t of [i.name, i.definition]) {
        expect(t.en.trim(), i.id).not.toBe('');
        expect(t.ja.trim(), i.id).not.toBe('');
        expect(t.ja, i.id).not.toBe(t.en);
      }
      expect(i.targets.small, i.id).toBeGreaterThan(0);
      expect(i.targets.small).toBeLessThanOrEqual(i.targets.medium);
      expect(i.targets.medium).toBeLessThanOrEqual(i.targets.large);
      expect(i.thresholds.good).toBeLessThanOrEqual(1);
      expect(i.thresholds.good).toBeGreaterThan(i.thresholds.warning);
      expect(i.thresholds.warning).toBeGreaterThan(i.thresholds.poor);
      expect(i.thresholds.poor).toBe(0);
      expect(i.source).toBe('Herald default');
    }
    expect(new Set(INDICATORS.map((i) => i.category))).toEqual(
      new Set(['communication', 'dissemination', 'exploitation']),
    );
  });

  it('gives measures the plan schema, the plan checks and the KPI engine all accept', () => {
    for (const i of INDICATORS) {
      expect(measureSchema.safeParse(i.measure).success, i.id).toBe(true);
      const m = i.measure;
      if (m.kind === 'manual') continue;
      expect(() => compileFilter(m.record, m.where), i.id).not.toThrow();
      if (m.kind === 'sum' || m.kind === 'count_distinct')
        expect(RECORD_FIELDS[m.record][m.field], i.id).toBeDefined();
    }
    // Each indicator as a KPI of the M-Sec plan: no finding names it (but M-Sec's own cadence totals).
    const kpis = INDICATORS.map((i) =>
      kpiSchema.parse({
        id: `lib-${i.id}`,
        label: i.name,
        target: i.targets.medium,
        target_text: 'x',
        measure: i.measure,
      }),
    );
    const plan: Plan = { ...mSec, kpis: [...mSec.kpis, ...kpis] };
    const ours = checkPlan(plan).filter(
      (w) =>
        w.path.startsWith('kpis.') &&
        Number(w.path.split('.')[1]) >= mSec.kpis.length &&
        w.code !== 'kpi-cadence-mismatch',
    );
    expect(ours).toEqual([]);
  });

  it('a mistyped value is caught by the same checks (the test can fail)', () => {
    const bad = kpiSchema.parse({
      id: 'bad',
      label: 'Bad',
      target: 1,
      target_text: '1',
      measure: { kind: 'count', record: 'activity', where: { kind: 'newsleter' } },
    });
    expect(checkPlan({ ...mSec, kpis: [bad] }).map((w) => w.code)).toContain('invalid-filter-value');
  });

  it('has a growing core set per size, and looks indicators up by id', () => {
    const [small, medium, large] = PROJECT_SIZES.map((s) => coreIndicators(s).map((i) => i.id));
    expect(small!.length).toBeGreaterThanOrEqual(6);
    expect(medium!.length).toBeGreaterThan(small!.length);
    expect(large!.length).toBeGreaterThan(medium!.length);
    expect(medium).toEqual(expect.arrayContaining(small!));
    expect(large).toEqual(expect.arrayContaining(medium!));
    expect(indicatorById('newsletters')?.unit).toBe('newsletters');
    expect(indicatorById('nope')).toBeUndefined();
  });
});

describe('programme data', () => {
  it('fills the grant number into the acknowledgement and the DOI', () => {
    expect(acknowledgementText('H2020', '814917')).toBe(
      "This project has received funding from the European Union's Horizon 2020 research and innovation programme under grant agreement No 814917.",
    );
    expect(acknowledgementText('HORIZON_EUROPE', '101070000')).toBe('Funded by the European Union');
    expect(grantDoi('814917')).toBe('10.3030/814917');
  });

  it('maps every default audience to values of each programme’s vocabulary', () => {
    for (const p of INIT_PROGRAMMES)
      for (const a of DEFAULT_AUDIENCES) expect(funderAudiences(a, p), `${p} ${a.id}`).toEqual(a.funder[p]);
  });
});
