/** Approximate publication dates: the placement rule, the schema's checks, the form and its defaults. */
import { describe, expect, it } from 'vitest';
import { recordInput } from '../../test/factories/records';
import { recordsPlan } from '../../test/records';
import { recordContextOf } from './context';
import { placedDate, precisionOf } from './dates';
import { formToInput, newRecordForm, recordToForm } from './form-input';
import { duplicateKey, publicationSchema } from './schema';
import { validateRecord } from './validate';

const rc = recordContextOf('tide-x', recordsPlan());

describe('placedDate', () => {
  const start = '2018-07-01';
  it('places an approximate date overlapping the project start on the start, others on their first day', () => {
    expect(placedDate({ year: 2018, date: '2018-01-01', date_precision: 'year' }, start)).toBe(start);
    expect(placedDate({ year: 2018, date: '2018-07-01', date_precision: 'month' }, start)).toBe(start);
    expect(placedDate({ year: 2018, date: '2018-03-01', date_precision: 'month' }, start)).toBe('2018-03-01');
    expect(placedDate({ year: 2018, date: '2018-09-01', date_precision: 'month' }, start)).toBe('2018-09-01');
    expect(placedDate({ year: 2017, date: '2017-01-01', date_precision: 'year' }, start)).toBe('2017-01-01');
    expect(placedDate({ year: 2019, date: null, date_precision: 'year' }, start)).toBe('2019-01-01');
    expect(placedDate({ year: 2018, date: '2018-06-30', date_precision: 'day' }, start)).toBe('2018-06-30');
    // A mid-month start: a paper of that month counts from the start.
    expect(placedDate({ year: 2018, date: '2018-07-01', date_precision: 'month' }, '2018-07-15')).toBe(
      '2018-07-15',
    );
  });
});

describe('publication date precision', () => {
  const pub = (over: Record<string, unknown>) =>
    publicationSchema.safeParse(recordInput('publication', { year: 2018, ...over }));
  const paths = (r: ReturnType<typeof pub>) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

  it('stores an approximate date as the first day of its month or year', () => {
    expect(paths(pub({ date: '2018-09-01', date_precision: 'month' }))).toEqual([]);
    expect(paths(pub({ date: '2018-01-01', date_precision: 'year' }))).toEqual([]);
    expect(paths(pub({ date: '2018-09-14', date_precision: 'month' }))).toEqual(['date']);
    expect(paths(pub({ date: '2018-09-01', date_precision: 'year' }))).toEqual(['date']);
    expect(paths(pub({ date: undefined, date_precision: 'month' }))).toEqual(['date']);
    expect(paths(pub({ date: undefined, date_precision: 'year' }))).toEqual([]);
    // The year/date consistency check still holds.
    expect(paths(pub({ date: '2019-01-01', date_precision: 'year' }))).toEqual(['date']);
  });

  it('is day with a date and year without one when not given, and stored so', () => {
    expect(precisionOf({ date: '2018-09-14' })).toBe('day');
    expect(precisionOf({})).toBe('year');
    const stored = validateRecord(
      'publication',
      recordInput('publication', { year: 2024, date: undefined }),
      rc,
    );
    expect(stored.date).toBeUndefined();
    expect(stored.date_precision).toBe('year');
    const month = validateRecord(
      'publication',
      recordInput('publication', { year: 2024, date: '2024-09-01', date_precision: 'month' }),
      rc,
    );
    expect(month.date_precision).toBe('month');
  });

  it('keys duplicates of an approximate date by its year, like a year-only record', () => {
    const base = recordInput('publication', { year: 2024, doi: undefined }) as Parameters<
      typeof duplicateKey<'publication'>
    >[1];
    const month = { ...base, date: '2024-09-01', date_precision: 'month' as const };
    expect(duplicateKey('publication', month)).toBe(
      duplicateKey('publication', { ...base, date: undefined }),
    );
  });
});

describe('the publication form', () => {
  it('makes an approximate date exact when a full date is typed, and drops the precision without a date', () => {
    const stored = recordInput('publication', { year: 2018, date: '2018-09-01', date_precision: 'month' });
    const form = recordToForm('publication', stored);
    expect(form.date_precision).toBe('month');
    expect(formToInput('publication', form).input).toMatchObject({
      date: '2018-09-01',
      date_precision: 'month',
    });
    const edited = formToInput('publication', { ...form, date: '2018-09-14' }).input;
    expect(edited).toMatchObject({ date: '2018-09-14', date_precision: 'day' });
    const cleared = formToInput('publication', { ...form, date: '' }).input;
    expect(cleared.date_precision).toBeUndefined();
  });

  it('defaults a new record’s dates into the project period', () => {
    const period = { start: '2018-07-01', end: '2021-06-30' };
    expect(newRecordForm('activity', { today: '2026-12-01', period }).start_date).toBe('2021-06-30');
    expect(newRecordForm('synergy', { today: '2017-05-01', period }).date).toBe('2018-07-01');
    expect(newRecordForm('event', { today: '2019-05-01', period }).start_date).toBe('2019-05-01');
    expect(newRecordForm('publication', { today: '2026-12-01', period }).year).toBe('2021');
  });
});
