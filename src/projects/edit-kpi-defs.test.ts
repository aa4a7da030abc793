import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/factories/plan';
import type { Kpi } from '../plan/schema';
import { checkCandidate } from './edit-check';
import { isKpiListPrefix, KPI_COLUMNS, kpiDefsForm, kpiDefsValue, PART_COLUMNS } from './edit-kpi-defs';
import { relocate } from './edit-rows';
import { en, ja } from './edit-sections-messages';

const kpi: Kpi = {
  id: 'workshops',
  label: { en: 'Workshops', ja: 'ワークショップ' },
  target: 10,
  comparator: '>=',
  target_text: '10',
  measure: {
    kind: 'count',
    record: 'event',
    where: {
      kind: ['workshop', 'hackathon'],
      roles: { contains_any: ['organiser'] },
      participants: { gte: 5, lte: 50 },
      international: true,
    },
  },
  parts: [{ id: 'big', label: 'Big ones', target: 2, comparator: '>=', where: { participants: { gt: 20 } } }],
};
const base = makePlan();
const plan = { ...base, kpis: [kpi] };

describe('the KPI definitions form', () => {
  it('shows a filter as rows: a bare list is "any", each operator its own row; they merge back unchanged', () => {
    const v = kpiDefsForm(plan);
    expect(v['kpis.0.measure.where.0.op']).toBe('any');
    expect(v['kpis.0.measure.where.0.value']).toBe('workshop, hackathon');
    expect([v['kpis.0.measure.where.2.op'], v['kpis.0.measure.where.3.op']]).toEqual(['gte', 'lte']);
    expect(v['kpis.0.measure.where.4.value']).toBe('true');
    expect(kpiDefsValue(plan, v).value).toEqual([kpi]);
  });

  it('types values by the field: numbers, true/false, text; "exists" is a yes/no', () => {
    const v = {
      ...kpiDefsForm(plan),
      'kpis.0.measure.where.3.op': 'between',
      'kpis.0.measure.where.3.value': '10, 40',
      'kpis.0.measure.where.5._from': '',
      'kpis.0.measure.where.5.field': 'country',
      'kpis.0.measure.where.5.op': 'is',
      'kpis.0.measure.where.5.value': '1',
    };
    const [k] = kpiDefsValue(plan, v).value as Kpi[];
    expect(k?.measure).toMatchObject({
      where: { participants: { gte: 5, between: [10, 40] }, international: true, country: '1' },
    });
  });

  it('changes the measure kind and record type, and refuses a sum over a text field at its field', () => {
    const v = {
      ...kpiDefsForm(plan),
      'kpis.0.measure.kind': 'sum',
      'kpis.0.measure.record': 'activity',
      'kpis.0.measure.field': 'status',
    };
    const { value, moved } = kpiDefsValue(plan, { ...v, 'kpis.0.measure.where.1._remove': 'true' });
    const result = checkCandidate({ ...plan, kpis: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.errors.map((e) => relocate(moved, e.path));
    // The event fields are unknown for activities: each error on its condition row; the sum on the field.
    expect(paths).toEqual(
      expect.arrayContaining(['kpis.0.measure.field', 'kpis.0.measure.where.0', 'kpis.0.measure.where.2']),
    );
  });

  it('makes a manual measure, and adds rows only to the lists the form has', () => {
    const v = {
      ...kpiDefsForm(plan),
      'kpis.0.measure.kind': 'manual',
      'kpis.0.measure.evidence_required': 'true',
    };
    const [k] = kpiDefsValue(plan, v).value as Kpi[];
    expect(k?.measure).toEqual({ kind: 'manual', evidence_required: true });
    expect(isKpiListPrefix(v, 'kpis')).toBe(true);
    expect(isKpiListPrefix(v, 'kpis.0.parts.0.where')).toBe(true);
    expect(isKpiListPrefix(v, 'kpis.0.parts.7.where')).toBe(false);
    expect(isKpiListPrefix(v, 'kpis.3.parts')).toBe(false);
    expect(isKpiListPrefix(v, 'partners')).toBe(false);
  });

  it('labels every column in English and Japanese', () => {
    for (const c of [...KPI_COLUMNS, ...PART_COLUMNS]) {
      expect(en).toHaveProperty(`planEdit.col.${c.key}`);
      expect(ja).toHaveProperty(`planEdit.col.${c.key}`);
    }
  });
});
