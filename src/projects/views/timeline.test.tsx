import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../../plan/loader';
import type { Plan } from '../../plan/schema';
import { translator } from '../../i18n';
import type { CurrentPlan } from '../repository';
import { TimelinePage } from './timeline';

let current: CurrentPlan;

beforeAll(async () => {
  const parsed = parsePlan(await readFile('plans/m-sec.yaml', 'utf8'), 'm-sec.yaml');
  if (!parsed.ok) throw new Error('plans/m-sec.yaml does not load');
  const plan: Plan = parsed.plan;
  current = { version: 1, importedAt: new Date('2019-01-01T00:00:00Z'), contentHash: 'x', plan };
});

const render = (now: string, lang: 'en' | 'ja' = 'en'): string =>
  String(
    <TimelinePage
      ctx={{ lang, t: translator(lang), path: '/p/m-sec/timeline', now: new Date(now) }}
      projectId="m-sec"
      current={current}
    />,
  );

describe('timeline page', () => {
  it('highlights the current project month in the header and in every row', () => {
    const html = render('2019-03-10T12:00:00Z'); // month 9 of a project starting in July 2018
    const rows = current.plan.timeline.length;
    expect(html.match(/<th class="m[^"]*now"[^>]*>/g)).toHaveLength(2); // initial + number
    expect(html.match(/<td class="m[^"]*now"/g)).toHaveLength(rows);
    expect(html).toMatch(/<th class="m mn now" scope="col">9<\/th>/);
  });

  it('highlights nothing outside the project', () => {
    expect(render('2018-06-30T12:00:00Z')).not.toMatch(/class="m[^"]*now"/);
    expect(render('2021-07-01T12:00:00Z')).not.toMatch(/class="m[^"]*now"/);
  });

  it('heads the months with calendar years and month initials in the locale', () => {
    const en = render('2020-01-01');
    expect(en).toMatch(/<th colspan="6" class="cy ys">2018<\/th><th colspan="6" class="cy">2019<\/th>/);
    expect(en).toContain('title="Month 1: July 2018"');
    const ja = render('2020-01-01', 'ja');
    expect(ja).toContain('title="1 か月目：2018年7月">7</th>');
    expect(ja).toContain('プロジェクト 3 年目');
  });
});
