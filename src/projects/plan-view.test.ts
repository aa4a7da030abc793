import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Colour } from '../plan/schema';
// Project-month arithmetic lives in src/plan/time.ts; these tests pin it under the names the plan pages use.
import {
  addMonths,
  monthOf as projectMonthOf,
  monthStart as projectMonthStart,
  projectEnd as projectEndDate,
} from '../plan/time';
import {
  contrast,
  currentProjectMonth,
  DEFAULT_BRAND,
  formatDateRange,
  monthInitial,
  paletteRoles,
  projectPhase,
  projectYears,
  textShade,
  themeCss,
} from './plan-view';

const colour = (hex: string, rgb: [number, number, number]): Colour => ({ hex, rgb });
/** The M-Sec palette (D5.2 Figure 2). */
const mSec = [
  colour('#EE7260', [238, 114, 96]),
  colour('#5BC3DF', [91, 195, 223]),
  colour('#003D58', [0, 61, 88]),
  colour('#000', [0, 0, 0]),
];

describe('project months', () => {
  it('adds months, clamping the day to the target month', () => {
    expect(addMonths('2018-07-01', 0)).toBe('2018-07-01');
    expect(addMonths('2018-07-01', 6)).toBe('2019-01-01');
    expect(addMonths('2019-01-31', 1)).toBe('2019-02-28');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2018-12-15', -12)).toBe('2017-12-15');
  });

  it('maps a project month to the calendar month it starts in', () => {
    expect(projectMonthStart('2018-07-01', 1)).toBe('2018-07-01');
    expect(projectMonthStart('2018-07-01', 6)).toBe('2018-12-01');
    expect(projectMonthStart('2018-07-01', 36)).toBe('2021-06-01');
  });

  it('ends the day before the month after the last one', () => {
    expect(projectEndDate('2018-07-01', 36)).toBe('2021-06-30');
    expect(projectEndDate('2020-03-15', 1)).toBe('2020-04-14');
  });

  it('finds the project month of a date, counting from the start day', () => {
    expect(projectMonthOf('2018-07-01', '2018-07-01')).toBe(1);
    expect(projectMonthOf('2018-07-01', '2018-07-31')).toBe(1);
    expect(projectMonthOf('2018-07-01', '2018-08-01')).toBe(2);
    expect(projectMonthOf('2018-07-01', new Date('2021-06-30T23:00:00Z'))).toBe(36);
    expect(projectMonthOf('2018-07-01', '2018-06-30')).toBe(0);
    expect(projectMonthOf('2018-07-15', '2018-08-14')).toBe(1);
    expect(projectMonthOf('2018-07-15', '2018-08-15')).toBe(2);
  });

  it('tells whether the project has started, runs or has ended', () => {
    expect(projectPhase('2018-07-01', 36, new Date('2018-01-10'))).toEqual({
      phase: 'not_started',
      month: -5,
    });
    expect(projectPhase('2018-07-01', 36, new Date('2019-03-10'))).toEqual({ phase: 'running', month: 9 });
    expect(projectPhase('2018-07-01', 36, new Date('2021-07-01'))).toEqual({ phase: 'ended', month: 37 });
    expect(currentProjectMonth('2018-07-01', 36, new Date('2021-06-30'))).toBe(36);
    expect(currentProjectMonth('2018-07-01', 36, new Date('2021-07-01'))).toBeUndefined();
  });

  it('groups months by project year with calendar-year runs', () => {
    const years = projectYears('2018-07-01', 36);
    expect(years.map((y) => y.months.length)).toEqual([12, 12, 12]);
    expect(years[0]?.calendarYears).toEqual([
      { year: 2018, span: 6 },
      { year: 2019, span: 6 },
    ]);
    expect(years[2]?.months.at(-1)).toEqual({
      month: 36,
      start: '2021-06-01',
      calendarYear: 2021,
      calendarMonth: 6,
    });
    const short = projectYears('2020-01-01', 18);
    expect(short.map((y) => y.months.length)).toEqual([12, 6]);
    expect(short[1]?.calendarYears).toEqual([{ year: 2021, span: 6 }]);
  });
});

describe('dates in the locale', () => {
  it('gives one-letter month headers in English and the month number in Japanese', () => {
    expect(monthInitial('en', '2018-07-01')).toBe('J');
    expect(monthInitial('en', '2018-08-01')).toBe('A');
    expect(monthInitial('ja', '2018-12-01')).toBe('12');
  });

  it('formats single days, ranges and month-precision dates', () => {
    expect(formatDateRange('en', '2018-09-18', undefined)).toBe('18 September 2018');
    expect(formatDateRange('en', '2018-10-16', '2018-10-18')).toMatch(/^16\s*–\s*18 October 2018$/);
    expect(formatDateRange('en', '2018-11-01', undefined, 'month')).toBe('November 2018');
    expect(formatDateRange('ja', '2018-10-16', '2018-10-18')).toBe('2018年10月16日～18日');
    expect(formatDateRange('ja', '2018-12-30', '2019-01-02')).toBe('2018年12月30日～2019年1月2日');
    expect(formatDateRange('ja', '2018-11-01', '2018-11-30', 'month')).toBe('2018年11月');
    expect(formatDateRange('ja', '2018-03-11', '2018-03-11')).toBe('2018年3月11日');
  });
});

describe('palette roles', () => {
  it('takes the darkest non-black colour as brand-1, its hue family as brand-2, the contrast hue as brand-3', () => {
    expect(paletteRoles(mSec)).toEqual({ brand1: '#003d58', brand2: '#5bc3df', brand3: '#ee7260' });
  });

  it('keeps brand-1 readable on white: a light palette falls back to the default', () => {
    const light = [colour('#FFD966', [255, 217, 102]), colour('#9DC3E6', [157, 195, 230])];
    const roles = paletteRoles(light);
    expect(roles.brand1).toBe(DEFAULT_BRAND.brand1);
    expect(contrast([0x1f, 0x4e, 0x79], [255, 255, 255])).toBeGreaterThan(4.5);
    expect([roles.brand2, roles.brand3].sort()).toEqual(['#9dc3e6', '#ffd966']);
  });

  it('falls back to the defaults for an empty or black-and-white palette', () => {
    expect(paletteRoles([])).toEqual(DEFAULT_BRAND);
    expect(paletteRoles([colour('#000000', [0, 0, 0]), colour('#FFFFFF', [255, 255, 255])])).toEqual(
      DEFAULT_BRAND,
    );
  });

  it('writes the variables and one swatch class per palette colour', () => {
    const css = themeCss(mSec);
    expect(css).toContain('--brand-1: #003d58;');
    expect(css).toContain('--brand-3: #ee7260;');
    expect(css).toContain('.swatch-4 { background: #000000; }');
    expect(css.match(/\.swatch-\d+ \{/g)).toHaveLength(4);
  });

  it('gives the accent a text shade that meets WCAG AA (muted red #EE7260 is 2.91:1 on white)', () => {
    const rgb = (hex: string) =>
      [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
    expect(contrast(rgb('#ee7260'), [255, 255, 255])).toBeLessThan(3);
    const shade = /--brand-3-text: (#[0-9a-f]{6});/.exec(themeCss(mSec))?.[1] ?? '';
    expect(contrast(rgb(shade), [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(rgb(shade), [0xf7, 0xf8, 0xfa])).toBeGreaterThanOrEqual(4.5);
    // Table headings (#eef1f4) too.
    expect(contrast(rgb(shade), [0xee, 0xf1, 0xf4])).toBeGreaterThanOrEqual(4.5);
    // The same hue, only darker; a colour that already reads stays as it is.
    const [r, g, b] = rgb(shade);
    expect(r / 238).toBeCloseTo(g / 114, 1);
    expect(r / 238).toBeCloseTo(b / 96, 1);
    expect(textShade('#1f4e79')).toBe('#1f4e79');
  });

  it('uses only the text shade of the accent for text in app.css', async () => {
    const css = await readFile(new URL('../web/static/app.css', import.meta.url), 'utf8');
    expect(css).not.toMatch(/(^|[^-])color:\s*var\(--brand-3\)/m);
    expect(css).not.toMatch(/th\.m\.now \{\s*background: var\(--brand-3\)/);
    const fallback = /--brand-3-text: (#[0-9a-f]{6});/.exec(css)?.[1] ?? '';
    expect(fallback).toBe(textShade('#c0504d'));
  });
});
