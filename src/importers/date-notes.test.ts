/** The preview's date notes place rows as the KPIs do and say what will not count. */
import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../records/schema';
import { dateNoteLines, emptyDateNotes, noteDates } from './date-notes';

describe('date notes', () => {
  it('counts approximate dates and rows outside the period, placing approximate dates like the KPIs', () => {
    const notes = emptyDateNotes({ start: '2018-07-01', end: '2021-06-30' });
    const pub = (row: number, year: number, date: string, date_precision: string) =>
      noteDates(notes, {
        row,
        label: `p${row}`,
        type: 'publication',
        value: { year, date, date_precision } as unknown as AnyRecord,
      });
    pub(1, 2018, '2018-01-01', 'year'); // counts from 2018-07-01
    pub(2, 2018, '2018-03-01', 'month'); // before the start
    pub(3, 2021, '2021-07-01', 'month'); // after the end
    pub(4, 2019, '2019-05-02', 'day');
    noteDates(notes, {
      row: 5,
      label: 'a5',
      type: 'activity',
      value: { start_date: '2021-07-01' } as unknown as AnyRecord,
    });
    expect(notes.approximate.rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(notes.beforeStart.rows.map((r) => r.row)).toEqual([2]);
    expect(notes.afterEnd.rows.map((r) => r.row)).toEqual([3, 5]);
    expect(dateNoteLines(notes)).toEqual([
      '1 dated before the project start (2018-07-01), imported but not counted in any KPI: rows 2',
      '2 dated after the project end (2021-06-30), imported but not counted in any KPI: rows 3, 5',
      '3 with an approximate date (month or year only): rows 1, 2, 3',
    ]);
  });
});
