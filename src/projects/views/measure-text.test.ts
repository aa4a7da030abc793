import { describe, expect, it } from 'vitest';
import { kpiSchema, type Measure } from '../../plan/schema';
import { translator } from '../../i18n';
import { filterText, measureText, partTexts, targetText } from './measure-text';

const en = translator('en');
const ja = translator('ja');

describe('measureText', () => {
  it('explains a filtered count with vocabulary labels', () => {
    const m: Measure = { kind: 'count', record: 'publication', where: { type: 'conference_paper' } };
    expect(measureText(en, 'en', m)).toBe('count of publications where type = conference paper');
    expect(measureText(ja, 'ja', m)).toBe('出版物の件数（条件：タイプ = 国際会議論文）');
  });

  it('reads booleans as adjectives, arrays as "one of", and operator objects', () => {
    const where = { joint_eu_jp: true, kind: ['workshop', 'hackathon'], participants: { gte: 20, lte: 50 } };
    expect(filterText(en, 'en', 'event', { international: false })).toBe('not international');
    expect(filterText(en, 'en', 'publication', { joint_eu_jp: true })).toBe('joint EU/JP');
    expect(filterText(en, 'en', 'event', where)).toBe(
      'joint EU/JP and kind is one of workshop, hackathon and participants ≥ 20 and participants ≤ 50',
    );
  });

  it('covers every measure kind', () => {
    expect(measureText(en, 'en', { kind: 'count', record: 'activity' })).toBe(
      'count of communication activities',
    );
    expect(measureText(en, 'en', { kind: 'sum', record: 'event', field: 'participants' })).toBe(
      'sum of participants over events',
    );
    expect(measureText(en, 'en', { kind: 'count_distinct', record: 'synergy', field: 'initiative' })).toBe(
      'count of distinct initiative values in synergies',
    );
    expect(
      measureText(en, 'en', { kind: 'latest_sum', record: 'metric', where: { metric: 'followers' } }),
    ).toBe('latest metric snapshots per channel where metric = followers, summed over channels');
    expect(measureText(en, 'en', { kind: 'manual', evidence_required: true })).toBe(
      'entered by hand, with evidence',
    );
    expect(measureText(ja, 'ja', { kind: 'manual', evidence_required: false })).toBe('手入力');
  });

  it('keeps values of free-text fields as written and humanises unknown vocabulary', () => {
    expect(filterText(en, 'en', 'synergy', { initiative: 'AIOTI' })).toBe('initiative = AIOTI');
    expect(filterText(en, 'en', 'activity', { not_a_field: { exists: true } })).toBe(
      'not a field is recorded',
    );
  });
});

describe('targets and parts', () => {
  it('shows the comparator and the number in the locale', () => {
    expect(targetText('en', '>=', 3000)).toBe('≥ 3,000');
    expect(targetText('ja', '>', 500)).toBe('> 500');
  });

  it('describes each part as "of which"', () => {
    const kpi = kpiSchema.parse({
      id: 'conference-papers',
      label: 'Publications in international conferences',
      target: 15,
      target_text: '15 incl. 5 joint (EU/JP)',
      measure: { kind: 'count', record: 'publication', where: { type: 'conference_paper' } },
      parts: [
        {
          id: 'joint',
          label: { en: 'joint EU/JP', ja: '日EU共同' },
          target: 5,
          where: { joint_eu_jp: true },
        },
      ],
    });
    expect(partTexts(en, 'en', kpi)).toEqual([
      { id: 'joint', text: 'of which joint EU/JP ≥ 5', filter: 'joint EU/JP' },
    ]);
    expect(partTexts(ja, 'ja', kpi)[0]?.text).toBe('うち 日EU共同 ≥ 5');
  });
});
