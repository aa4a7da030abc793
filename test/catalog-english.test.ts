/** The page walk's matcher: catalog English found whole or inside a line, placeholders matching anything. */
import { describe, expect, it } from 'vitest';
import { ALLOWED, catalogEnglish, dataStrings, englishIn } from './catalog-english';

const catalog = catalogEnglish();
const keys = (text: string, data: string[] = []) => englishIn(text, catalog, data).map((e) => e.key);

describe('catalog English', () => {
  it('finds a whole string, a string with placeholders, and a long string inside a line', () => {
    expect(keys('ダッシュボード\nDashboard')).toContain('nav.dashboard');
    expect(keys('Project month 7 of 36')).toContain('overview.currentMonth');
    expect(keys('概要 — Skip to content — 続き')).toContain('nav.skip');
  });

  it('passes Japanese text, allowed English, and the plan’s own text', () => {
    expect(keys('ダッシュボード\tプロジェクト 7 か月目（全 36 か月）')).toEqual([]);
    expect(keys('English')).toEqual([]);
    expect(Object.keys(ALLOWED)).toContain('lang.current');
    expect(keys('成果物 D1.1 Website', ['Website'])).toEqual([]);
    expect(keys('Website')).not.toEqual([]);
  });

  it('collects the strings of plan data, longest first', () => {
    expect(dataStrings({ a: ['Website', { b: 'Press kit for the pilot' }], c: 'x' })).toEqual([
      'Press kit for the pilot',
      'Website',
    ]);
  });
});
