import { describe, expect, it } from 'vitest';
import { groupErrors, groupIdOf, MAX_GROUPS, OTHER_GROUP, type ErrorGroup } from './error-groups';
import type { RowError } from './types';

const error = (row: number, key: string, column = 'date', input = String(row)): RowError => ({
  row,
  column,
  message: `"${input}" is wrong`,
  key,
  params: { input },
});

describe('error groups', () => {
  it('counts errors by i18n key and column, whatever their values, in order of appearance', () => {
    const groups: ErrorGroup[] = [];
    groupErrors(groups, [
      error(2, 'validation.import.notDate'),
      error(3, 'validation.context.unknownPartner', 'lead'),
    ]);
    groupErrors(groups, [
      error(4, 'validation.import.notDate'),
      error(5, 'validation.import.notDate', 'end_date'),
    ]);
    expect(groups.map((g) => [g.example.key, g.example.column, g.count])).toEqual([
      ['validation.import.notDate', 'date', 2],
      ['validation.context.unknownPartner', 'lead', 1],
      ['validation.import.notDate', 'end_date', 1],
    ]);
    expect(groupIdOf(groups, error(99, 'validation.import.notDate'))).toBe(groups[0]?.id);
  });

  it('keeps at most MAX_GROUPS problems and counts the rest as "other"', () => {
    const groups: ErrorGroup[] = [];
    groupErrors(
      groups,
      Array.from({ length: MAX_GROUPS + 5 }, (_, i) => ({ row: i + 2, message: `problem ${i}` })),
    );
    expect(groups).toHaveLength(MAX_GROUPS + 1);
    expect(groups.at(-1)).toMatchObject({ id: OTHER_GROUP, count: 5 });
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(MAX_GROUPS + 5);
    expect(groupIdOf(groups, { row: 1, message: 'problem 104' })).toBe(OTHER_GROUP);
  });
});
