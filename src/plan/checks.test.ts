/** Consistency check tests, on small generic plans (not M-Sec). */
import { describe, expect, it } from 'vitest';
import { planCheckKey, planCheckText } from './check-text';
import { PLAN_CHECK_CODES, accountKey, checkPlan as check, hexToRgb, type PlanWarning } from './checks';
import { en, ja } from './messages';
import { addMonths } from './time';
import { planSchema, type Plan, type PlanInput } from './schema';

function plan(overrides: Partial<PlanInput> = {}): Plan {
  return planSchema.parse({
    schema_version: 1,
    project: {
      acronym: 'TX',
      title: 'Test project',
      programme: 'H2020',
      grants: [{ funder: 'EC', number: '1' }],
      start_date: '2020-01-01',
      duration_months: 24,
      languages: ['en', 'ja'],
      description: { short: 'A small test project.' },
    },
    partners: [
      {
        number: 1,
        code: 'UNIA',
        name: 'University A',
        country: 'PT',
        region: 'EU',
        kind: 'university',
        sector: 'public',
        aliases: ['UniA'],
      },
      {
        number: 2,
        code: 'CORPB',
        name: 'Corp B',
        country: 'JP',
        region: 'JP',
        kind: 'industry',
        sector: 'private',
      },
    ],
    ...overrides,
  });
}

/** Every finding the tests below produce, to check their messages in both languages at the end. */
const seen: PlanWarning[] = [];
const checkPlan = (p: Plan): PlanWarning[] => {
  const found = check(p);
  seen.push(...found);
  return found;
};

const short = (warnings: PlanWarning[]) => warnings.map((w) => `${w.severity} ${w.code} ${w.path}`);

type KpiInput = NonNullable<PlanInput['kpis']>[number];

/** A KPI input; `measure` and `extra` are validated by planSchema when the plan is built. */
function kpi(id: string, target: number, measure: unknown, extra: Record<string, unknown> = {}): KpiInput {
  return { id, label: id, target, target_text: String(target), measure, ...extra } as KpiInput;
}

describe('checkPlan', () => {
  it('finds nothing wrong in a consistent plan', () => {
    expect(checkPlan(plan())).toEqual([]);
  });

  it('reports unknown partner codes wherever partners are named, and suggests the code for an alias', () => {
    const warnings = checkPlan(
      plan({
        project: { ...plan().project, dissemination_leads: ['UNIA', 'UniA'] },
        timeline: [{ id: 'flyer', label: 'Flyer', responsible: ['XX'], months: [2] }],
        events: {
          planned: [
            { id: 'e', name: 'E', city: 'C', country: 'ES', start_date: '2020-05-01', partners: ['YY'] },
          ],
        },
        channels: [
          { id: 'tw', kind: 'twitter', url: 'https://twitter.com/tx', label: 'Twitter', responsible: ['ZZ'] },
        ],
        synergies: {
          initiatives: 'Synergies.',
          standard_bodies: [
            { id: 'b', name: 'B', description: 'd', partners: ['CORPB', 'QQ'], involvement: 'i' },
          ],
        },
        other_channels: [{ partner: 'WW', text: 'Local radio.' }],
        kpis: [kpi('mine', 1, { kind: 'count', record: 'activity', where: { lead_partner: 'VV' } })],
      }),
    );
    expect(short(warnings)).toEqual([
      'error unknown-partner project.dissemination_leads.1',
      'error unknown-partner channels.0.responsible.0',
      'error unknown-partner other_channels.0.partner',
      'error unknown-partner events.planned.0.partners.0',
      'error unknown-partner synergies.standard_bodies.0.partners.1',
      'error unknown-partner timeline.0.responsible.0',
      'error unknown-partner kpis.0.measure.where.lead_partner',
    ]);
    expect(warnings[0]?.message).toBe('"UniA" is an alias of partner UNIA: use the code');
    expect(warnings[1]?.message).toBe('unknown partner "ZZ"');
  });

  it('reports an alias that names another partner', () => {
    const base = plan();
    const partners = base.partners.map((p) => (p.code === 'CORPB' ? { ...p, aliases: ['unia'] } : p));
    expect(short(checkPlan({ ...base, partners }))).toEqual([
      'error partner-alias-conflict partners.1.aliases.0',
    ]);
  });

  it('reports a deliverable due after the end and timeline months outside the project', () => {
    const warnings = checkPlan(
      plan({
        work_packages: [
          {
            code: 'WP1',
            title: 'A',
            deliverables: [{ code: 'D1.1', title: 'Late', due_month: 25, dissemination_level: 'PU' }],
          },
        ],
        timeline: [{ id: 'flyer', label: 'Flyer', months: [3, 30] }],
      }),
    );
    expect(short(warnings)).toEqual([
      'warning deliverable-after-end work_packages.0.deliverables.0.due_month',
      'warning month-out-of-range timeline.0.months.1',
    ]);
  });

  it('compares a KPI counting one activity kind with the declared cadence total', () => {
    const newsletters = kpi('newsletters', 4, {
      kind: 'count',
      record: 'activity',
      where: { kind: 'newsletter' },
    });
    const warnings = checkPlan(
      plan({ cadence: [{ kind: 'newsletter', per_year: 3, total: 6 }], kpis: [newsletters] }),
    );
    expect(short(warnings)).toEqual(['warning kpi-cadence-mismatch kpis.0.target']);
    expect(warnings[0]?.message).toBe(
      'KPI "newsletters" targets >= 4 but cadence.0 (newsletter) declares 6 in total',
    );
  });

  it('accepts a cadence that matches the KPI, also through eq, in and ">"', () => {
    const cadence = [{ kind: 'newsletter' as const, total: 6 }];
    const eq = kpi('a', 6, { kind: 'count', record: 'activity', where: { kind: { eq: 'newsletter' } } });
    const gt = kpi(
      'b',
      5,
      { kind: 'count', record: 'activity', where: { kind: ['newsletter'] } },
      { comparator: '>' },
    );
    expect(checkPlan(plan({ cadence, kpis: [eq, gt] }))).toEqual([]);
  });

  it('warns when the kinds a KPI counts already promise more than its target', () => {
    const cadence = [
      { kind: 'press_release' as const, total: 6 },
      { kind: 'article' as const, total: 12 },
    ];
    const both = kpi('pubs', 15, {
      kind: 'count',
      record: 'activity',
      where: { kind: { in: ['press_release', 'article'] } },
    });
    expect(short(checkPlan(plan({ cadence, kpis: [both] })))).toEqual([
      'warning kpi-cadence-mismatch kpis.0.target',
    ]);
    const enough = kpi('pubs', 18, {
      kind: 'count',
      record: 'activity',
      where: { kind: ['press_release', 'article'] },
    });
    expect(checkPlan(plan({ cadence, kpis: [enough] }))).toEqual([]);
  });

  it('checks a cadence per year against its total, and timeline rows against totals', () => {
    const warnings = checkPlan(
      plan({
        cadence: [{ kind: 'newsletter', per_year: 4, total: 6 }],
        timeline: [{ id: 'news', label: 'Newsletters', kind: 'newsletter', months: [6, 12, 18] }],
      }),
    );
    expect(short(warnings)).toEqual([
      'warning cadence-total-mismatch cadence.0.total',
      'warning timeline-cadence-mismatch timeline.0.months',
    ]);
  });

  it('reports the same social account spelled two ways, not mere scheme/www/slash/query differences', () => {
    const warnings = checkPlan(
      plan({
        channels: [
          {
            id: 'tw',
            kind: 'twitter',
            url: 'https://twitter.com/TideX',
            aliases: ['http://www.twitter.com/tidex/', 'https://x.com/TideX?lang=en'],
            label: 'Twitter',
          },
          {
            id: 'li',
            kind: 'linkedin',
            url: 'https://www.linkedin.com/company/tide-x/',
            aliases: ['https://linkedin.com/company/tidex'],
            label: 'LinkedIn',
          },
          { id: 'site', kind: 'website', url: 'https://tidex.eu/', label: 'Site' },
        ],
        partners: [
          {
            number: 1,
            code: 'UNIA',
            name: 'University A',
            country: 'PT',
            region: 'EU',
            kind: 'university',
            sector: 'public',
            channels: [{ kind: 'website', url: 'http://TideX.eu' }],
          },
        ],
      }),
    );
    expect(short(warnings)).toEqual([
      'warning social-account-spelling channels.0.aliases.0',
      'warning social-account-spelling channels.1.aliases.0',
    ]);
    expect(warnings[0]?.message).toBe(
      '"http://www.twitter.com/tidex/" and "https://twitter.com/TideX" (channels.0.url) look like the same account spelled two ways',
    );
  });

  it('validates KPI filters against the record fields', () => {
    const warnings = checkPlan(
      plan({
        kpis: [
          kpi('a', 1, { kind: 'count', record: 'event', where: { colour: 'red' } }),
          kpi('b', 1, { kind: 'count', record: 'event', where: { kind: 'party' } }),
          kpi('c', 1, { kind: 'count', record: 'event', where: { roles: 'booth' } }),
          kpi('d', 1, { kind: 'count', record: 'event', where: { kind: { gt: 3 } } }),
          kpi('e', 1, { kind: 'count', record: 'publication', where: { peer_reviewed: 'yes' } }),
          kpi('f', 1, { kind: 'sum', record: 'event', field: 'kind' }),
          kpi('g', 1, { kind: 'count_distinct', record: 'synergy', field: 'city' }),
        ],
      }),
    );
    expect(short(warnings)).toEqual([
      'error unknown-filter-field kpis.0.measure.where.colour',
      'error invalid-filter-value kpis.1.measure.where.kind',
      'error filter-operator-mismatch kpis.2.measure.where.roles',
      'error filter-operator-mismatch kpis.3.measure.where.kind',
      'error invalid-filter-value kpis.4.measure.where.peer_reviewed',
      'error measure-field-type kpis.5.measure.field',
      'error unknown-filter-field kpis.6.measure.field',
    ]);
    expect(warnings[1]?.message).toMatch(/^"party" is not one of conference, workshop/);
  });

  it('checks KPI parts', () => {
    const warnings = checkPlan(
      plan({
        kpis: [
          kpi(
            'a',
            5,
            { kind: 'count', record: 'publication' },
            {
              parts: [{ id: 'joint', label: 'Joint', target: 6, where: { joint_eu_jp: true } }],
            },
          ),
          kpi(
            'b',
            5,
            { kind: 'manual', evidence_required: true },
            {
              parts: [{ id: 'p', label: 'P', target: 1, where: { year: 2020 } }],
            },
          ),
          kpi(
            'c',
            5,
            { kind: 'count', record: 'publication' },
            {
              parts: [{ id: 'p', label: 'P', target: 1, where: { journal: 'x' } }],
            },
          ),
        ],
      }),
    );
    expect(short(warnings)).toEqual([
      'warning kpi-part-exceeds-target kpis.0.parts.0.target',
      'error kpi-part-without-records kpis.1.parts.0.where',
      'error unknown-filter-field kpis.2.parts.0.where.journal',
    ]);
  });

  it('compares a KPI with what deliverables plan for it', () => {
    const contest = kpi(
      'contest',
      1,
      { kind: 'count', record: 'event', where: { kind: 'contest' } },
      { comparator: '>' },
    );
    const wp = (count: number, kpiId = 'contest') => ({
      code: 'WP5',
      title: 'Dissemination',
      deliverables: [
        {
          code: 'D5.4',
          title: 'Contest',
          due_month: 20,
          dissemination_level: 'PU' as const,
          plans: [{ kpi: kpiId, count }],
        },
      ],
    });
    const warnings = checkPlan(plan({ kpis: [contest], work_packages: [wp(1)] }));
    expect(short(warnings)).toEqual(['warning kpi-target-beyond-plan kpis.0.target']);
    expect(warnings[0]?.message).toBe('KPI "contest" needs > 1 but the deliverables plan 1 (D5.4)');
    expect(checkPlan(plan({ kpis: [contest], work_packages: [wp(2)] }))).toEqual([]);
    expect(short(checkPlan(plan({ kpis: [contest], work_packages: [wp(2, 'nope')] })))).toEqual([
      'error unknown-kpi work_packages.0.deliverables.0.plans.0.kpi',
    ]);
  });

  it('checks local references to assets and timeline items', () => {
    const warnings = checkPlan(
      plan({
        identity: {
          long_name: 'L',
          canonical_names: ['TX'],
          funding_acknowledgement: 'Funded.',
          assets: [{ id: 'eu-emblem', kind: 'emblem', name: 'EU emblem' }],
          required_emblems: ['eu-emblem', 'nict-emblem'],
        },
        promotional_materials: [{ id: 'flyer', name: 'Flyer', purpose: 'Hand out', timeline_item: 'flyer' }],
      }),
    );
    expect(short(warnings)).toEqual([
      'error unknown-asset identity.required_emblems.1',
      'error unknown-timeline-item promotional_materials.0.timeline_item',
    ]);
  });

  it('checks event dates and the start date', () => {
    const base = plan();
    const warnings = checkPlan(
      plan({
        project: { ...base.project, start_date: '2020-01-15' },
        events: {
          planned: [
            {
              id: 'before',
              name: 'Before',
              city: 'C',
              country: 'ES',
              start_date: '2019-12-01',
              partners: ['UNIA'],
            },
            {
              id: 'after',
              name: 'After',
              city: 'C',
              country: 'ES',
              start_date: '2022-02-01',
              partners: ['UNIA'],
            },
            {
              id: 'reversed',
              name: 'R',
              city: 'C',
              country: 'ES',
              start_date: '2020-06-03',
              end_date: '2020-06-01',
              partners: ['UNIA'],
            },
          ],
        },
      }),
    );
    expect(short(warnings)).toEqual([
      'warning start-date-not-first-of-month project.start_date',
      'warning event-outside-project events.planned.0.start_date',
      'warning event-outside-project events.planned.1.start_date',
      'warning event-dates-reversed events.planned.2.end_date',
    ]);
  });

  it('reports a palette hex that disagrees with its RGB', () => {
    const identity = {
      long_name: 'L',
      canonical_names: ['TX'],
      funding_acknowledgement: 'Funded.',
      palette: [
        { hex: '#000', rgb: [0, 0, 0] as [number, number, number] },
        { hex: '#EE7260', rgb: [238, 114, 97] as [number, number, number] },
      ],
    };
    const warnings = checkPlan(plan({ identity }));
    expect(short(warnings)).toEqual(['warning palette-hex-rgb-mismatch identity.palette.1.hex']);
    expect(warnings[0]?.message).toBe('#EE7260 is rgb(238, 114, 96), not rgb(238, 114, 97)');
  });

  it('only uses declared codes', () => {
    const all = new Set<string>(PLAN_CHECK_CODES);
    expect(all.size).toBe(PLAN_CHECK_CODES.length);
  });
});

describe('helpers', () => {
  it('normalises account URLs', () => {
    expect(accountKey('https://www.Twitter.com/MSecProject/?lang=en')).toBe('twitter.com/MSecProject');
    expect(accountKey('http://x.com/MSecProject')).toBe('twitter.com/MSecProject');
    expect(accountKey('www.f6s.com/iot')).toBe('f6s.com/iot');
  });

  it('adds months and reads hex colours', () => {
    expect(addMonths('2018-07-01', 36)).toBe('2021-07-01');
    expect(addMonths('2018-07-01', 6)).toBe('2019-01-01');
    expect(hexToRgb('#5BC3DF')).toEqual([91, 195, 223]);
    expect(hexToRgb('#000')).toEqual([0, 0, 0]);
  });
});

describe('messages of the findings', () => {
  it('gives every check code a message key in English and Japanese, filled from the finding', () => {
    expect(new Set(seen.map((w) => w.code))).toEqual(new Set(PLAN_CHECK_CODES));
    for (const w of seen) {
      const key = planCheckKey(w) as keyof typeof ja;
      expect(ja[key], key).toBeDefined();
      expect(en[key], key).toBeDefined();
      const text = planCheckText('ja', w);
      // Every placeholder filled, and Japanese text (not the English message).
      expect(text, `${w.code}: ${text}`).not.toMatch(/\{\w+\}/);
      expect(text, `${w.code}: ${text}`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(planCheckText('en', w), w.code).not.toMatch(/\{\w+\}/);
    }
    const alias = seen.find((w) => planCheckKey(w) === 'plancheck.unknown-partner.alias');
    expect(alias && planCheckText('ja', alias)).toBe(
      '「UniA」はパートナー UNIA の別名です。コードを使ってください。',
    );
  });
});
