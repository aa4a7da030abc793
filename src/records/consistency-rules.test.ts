/** The pure parts of the inconsistency alerts: fingerprints, a rule's row as a finding, the messages in en + ja. */
import { describe, expect, it } from 'vitest';
import { alertMessage } from './consistency';
import { CONSISTENCY_RULES, findingOf, fingerprintOf, RULES } from './consistency-rules';

const A = '0a4d6c1e-0000-4000-8000-000000000001';
const B = '0a4d6c1e-0000-4000-8000-000000000002';

describe('fingerprintOf', () => {
  it('is the same whatever the order of the records or of the values’ keys', () => {
    const one = fingerprintOf({
      rule: 'same_event_dates',
      ids: [A, B],
      values: { dateA: '2024-06-10', dateB: '2024-06-11' },
    });
    const two = fingerprintOf({
      rule: 'same_event_dates',
      ids: [B, A],
      values: { dateB: '2024-06-11', dateA: '2024-06-10' },
    });
    expect(one).toBe(two);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the rule, the records and the contradicting values', () => {
    const base = {
      rule: 'same_event_dates',
      ids: [A, B],
      values: { dateA: '2024-06-10', dateB: '2024-06-11' },
    };
    const fp = fingerprintOf(base);
    expect(fingerprintOf({ ...base, rule: 'done_in_future' })).not.toBe(fp);
    expect(fingerprintOf({ ...base, ids: [A] })).not.toBe(fp);
    expect(fingerprintOf({ ...base, values: { dateA: '2024-06-10', dateB: '2024-06-14' } })).not.toBe(fp);
  });
});

describe('findingOf', () => {
  it('names the records in the row’s order, values as text, with the rule’s severity', () => {
    const f = findingOf('metric_decrease', {
      ids: [B, A],
      kinds: ['metric', 'metric'],
      labels: ['zenodo · downloads', 'zenodo · downloads'],
      partners: ['UNIA', 'CORPB'],
      vals: {
        metric: 'downloads',
        valueA: 100,
        valueB: 80,
        channel: 'zenodo',
        dateA: '2024-06-30',
        dateB: null,
      },
    });
    expect(f.severity).toBe('warning');
    expect(f.records.map((r) => [r.id, r.kind, r.partner])).toEqual([
      [B, 'metric', 'UNIA'],
      [A, 'metric', 'CORPB'],
    ]);
    expect(f.values).toEqual({
      metric: 'downloads',
      valueA: '100',
      valueB: '80',
      channel: 'zenodo',
      dateA: '2024-06-30',
      dateB: '',
    });
    expect(f.fingerprint).toBe(fingerprintOf({ rule: 'metric_decrease', ids: [A, B], values: f.values }));
  });

  it('every rule has a severity and a query', () => {
    for (const rule of CONSISTENCY_RULES) expect(RULES[rule].severity).toMatch(/^(error|warning)$/);
  });
});

describe('alertMessage', () => {
  const finding = findingOf('same_event_dates', {
    ids: [A, B],
    kinds: ['event', 'event'],
    labels: ['Ocean Energy Europe 2024', 'OCEAN ENERGY Europe, 2024'],
    partners: ['UNIA', 'CORPB'],
    vals: { dateA: '2024-06-10', dateB: '2024-06-11' },
  });

  it('names both records with their partners and dates, in English and Japanese', () => {
    expect(alertMessage('en', finding)).toBe(
      '“Ocean Energy Europe 2024” (UNIA, 2024-06-10) and “OCEAN ENERGY Europe, 2024” (CORPB, 2024-06-11) look like the same event (same name or web address) with different dates.',
    );
    expect(alertMessage('ja', finding)).toBe(
      '「Ocean Energy Europe 2024」（UNIA、2024-06-10）と「OCEAN ENERGY Europe, 2024」（CORPB、2024-06-11）は同じイベント（名前またはウェブアドレスが同じ）のようですが、日付が異なります。',
    );
  });

  it('fills every placeholder of every rule’s message', () => {
    for (const rule of CONSISTENCY_RULES)
      for (const lang of ['en', 'ja'] as const) {
        const text = alertMessage(lang, {
          rule,
          records: [
            { kind: 'event', id: A, label: 'x', partner: 'UNIA' },
            { kind: 'event', id: B, label: 'y', partner: 'CORPB' },
          ],
          values: Object.fromEntries(
            ['status', 'date', 'dateA', 'dateB', 'doi', 'yearA', 'yearB', 'venueA', 'venueB', 'start', 'end']
              .concat(['metric', 'channel', 'valueA', 'valueB'])
              .map((k) => [k, k]),
          ),
        });
        expect(text, `${rule} (${lang})`).not.toMatch(/\{\w+\}/);
      }
  });
});
