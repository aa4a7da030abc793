import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/factories/plan';
import { factsForm, factsValue, kpisForm, kpisValue, numberOf } from './edit-forms';
import { checkCandidate } from './edit-check';

const plan = makePlan({ project: { ...makePlan().project, description: { short: 'Plain English only.' } } });

describe('editor forms', () => {
  it('give back the same sections when nothing is changed', () => {
    expect(factsValue(plan, factsForm(plan))).toEqual(plan.project);
    expect(kpisValue(plan, kpisForm(plan))).toEqual(plan.kpis);
  });

  it('keep plain text plain, and make it bilingual when a Japanese text is given', () => {
    const v = factsForm(plan);
    const withJa = factsValue(plan, {
      ...v,
      'project.description.short.ja': '日本語の概要。',
    }) as typeof plan.project;
    expect(withJa.description.short).toEqual({ en: 'Plain English only.', ja: '日本語の概要。' });
    const withTechnical = factsValue(plan, {
      ...v,
      'project.description.technical.en': 'Technical.',
    }) as typeof plan.project;
    expect(withTechnical.description.technical).toBe('Technical.');
  });

  it('read numbers leniently: what is not a number stays text, and the check refuses it at its path', () => {
    expect(numberOf(' 39 ')).toBe(39);
    expect(numberOf('2.5')).toBe(2.5);
    expect(numberOf('39 months')).toBe('39 months');
    const project = factsValue(plan, { ...factsForm(plan), 'project.duration_months': 'three' });
    const result = checkCandidate({ ...plan, project });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['project.duration_months']);
  });

  it('dump a plan as YAML that loads back to the same plan', () => {
    const result = checkCandidate(plan);
    expect(result.ok && result.plan).toEqual(plan);
  });
});
