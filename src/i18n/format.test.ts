/** Years and identifiers are never printed with thousands separators; quantities are grouped per locale. */
import { describe, expect, it } from 'vitest';
import { showValue } from '../records/views/shared';
import { formatId, formatNumber, translate } from './index';

describe('numbers in messages', () => {
  it('prints years and identifiers as digits, in both languages', () => {
    for (const lang of ['en', 'ja'] as const) {
      expect(translate(lang, 'error.invalid_year', { years: 4, year: 2019 })).toContain('2019');
      expect(translate(lang, 'error.invalid_year', { years: 4, year: 2019 })).not.toContain('2,019');
      expect(translate(lang, 'audit.head', { seq: 12345 })).toContain('12345');
      expect(translate(lang, 'import.duplicateOf.row', { row: 10001 })).toContain('10001');
      expect(translate(lang, 'drill.count', { n: 3, from: 2018, to: 2019 })).toMatch(/2018.*2019/);
    }
    expect(formatId(2019)).toBe('2019');
    expect(formatId(1234567)).toBe('1234567');
  });

  it('still groups quantities', () => {
    expect(translate('en', 'drill.count', { n: 12345, from: 'a', to: 'b' })).toContain('12,345');
    expect(formatNumber('ja', 12345)).toBe('12,345');
  });
});

describe('record values', () => {
  it('shows a publication year as a year', () => {
    expect(showValue('en', 'year', 2019)).toBe('2019');
    expect(showValue('ja', 'year', 2019)).toBe('2019');
    expect(showValue('en', 'participants', 12000)).toBe('12,000');
  });
});
