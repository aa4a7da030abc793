/** Schema tests: primitives, measures and filters, strictness, uniqueness, and the localize helper. */
import { describe, expect, it } from 'vitest';
import {
  conditionSchema,
  filterSchema,
  localize,
  localizedTextSchema,
  measureSchema,
  planSchema,
  standardBodySchema,
  timelineItemSchema,
  type PlanInput,
} from './schema';

function minimalPlan(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    schema_version: 1,
    project: {
      acronym: 'TX',
      title: 'Test project',
      programme: 'HORIZON_EUROPE',
      grants: [{ funder: 'EC', number: '1' }],
      start_date: '2024-01-01',
      duration_months: 24,
      languages: ['en'],
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
      },
    ],
    ...overrides,
  };
}

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('localized text', () => {
  it('accepts a string or { en, ja? } and nothing else', () => {
    expect(localizedTextSchema.safeParse('Hello').success).toBe(true);
    expect(localizedTextSchema.safeParse({ en: 'Hello', ja: 'こんにちは' }).success).toBe(true);
    expect(localizedTextSchema.safeParse({ en: 'Hello', fr: 'Bonjour' }).success).toBe(false);
    expect(localizedTextSchema.safeParse({ ja: 'こんにちは' }).success).toBe(false);
    expect(localizedTextSchema.safeParse('  ').success).toBe(false);
  });

  it('localizes with an English fallback', () => {
    expect(localize('Hello', 'ja')).toBe('Hello');
    expect(localize({ en: 'Hello', ja: 'こんにちは' }, 'ja')).toBe('こんにちは');
    expect(localize({ en: 'Hello', ja: 'こんにちは' }, 'en')).toBe('Hello');
    expect(localize({ en: 'Hello' }, 'ja')).toBe('Hello');
  });
});

describe('conditions and filters', () => {
  it('reads a scalar as equals, an array as in, an object as operators', () => {
    expect(conditionSchema.safeParse('Delivered').success).toBe(true);
    expect(conditionSchema.safeParse(['article', 'press_release']).success).toBe(true);
    expect(conditionSchema.safeParse({ between: [20, 50] }).success).toBe(true);
    expect(conditionSchema.safeParse({ contains_any: ['organiser', 'co_organiser'] }).success).toBe(true);
  });

  it('rejects an empty operator object, an unknown operator and an empty list', () => {
    expect(conditionSchema.safeParse({}).success).toBe(false);
    expect(conditionSchema.safeParse({ like: 'x' }).success).toBe(false);
    expect(conditionSchema.safeParse([]).success).toBe(false);
    expect(conditionSchema.safeParse({ between: [1] }).success).toBe(false);
  });

  it('requires snake_case field names', () => {
    expect(filterSchema.safeParse({ joint_eu_jp: true }).success).toBe(true);
    expect(filterSchema.safeParse({ 'Joint-EU': true }).success).toBe(false);
  });
});

describe('measures', () => {
  it('accepts each measure kind', () => {
    const measures = [
      { kind: 'count', record: 'activity', where: { kind: 'newsletter' } },
      { kind: 'sum', record: 'event', field: 'participants' },
      { kind: 'count_distinct', record: 'synergy', field: 'initiative', where: { kind: 'standardisation' } },
      { kind: 'latest_sum', record: 'metric', where: { metric: 'followers' } },
      { kind: 'manual', evidence_required: true },
    ];
    for (const m of measures) expect(measureSchema.safeParse(m).success).toBe(true);
  });

  it('rejects a field on count, a missing field on sum and a non-metric latest_sum', () => {
    expect(measureSchema.safeParse({ kind: 'count', record: 'event', field: 'participants' }).success).toBe(
      false,
    );
    expect(measureSchema.safeParse({ kind: 'sum', record: 'event' }).success).toBe(false);
    expect(measureSchema.safeParse({ kind: 'latest_sum', record: 'event' }).success).toBe(false);
    expect(measureSchema.safeParse({ kind: 'manual' }).success).toBe(false);
  });
});

describe('rows that need a reason', () => {
  it('requires estimate_reason on an estimated timeline row', () => {
    const row = { id: 'flyer', label: 'Flyer', months: [3], estimated: true };
    expect(paths(timelineItemSchema.safeParse(row))).toEqual(['estimate_reason']);
    expect(timelineItemSchema.safeParse({ ...row, estimate_reason: 'prose' }).success).toBe(true);
  });

  it('requires inference_note on an inferred standard body', () => {
    const body = { id: 'x', name: 'X', description: 'd', partners: ['A'], involvement: 'i', inferred: true };
    expect(paths(standardBodySchema.safeParse(body))).toEqual(['inference_note']);
  });
});

describe('planSchema', () => {
  it('parses a minimal plan and fills defaults', () => {
    const plan = planSchema.parse(minimalPlan());
    expect(plan.kpis).toEqual([]);
    expect(plan.events).toEqual({ types: [], planned: [] });
    expect(plan.partners[0]?.aliases).toEqual([]);
  });

  it('rejects unknown keys at any depth', () => {
    const input = minimalPlan();
    const result = planSchema.safeParse({ ...input, project: { ...input.project, titel: 'x' } });
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['titel'],
      path: ['project'],
    });
  });

  it('validates ids, dates, country codes and URLs', () => {
    const result = planSchema.safeParse(
      minimalPlan({
        kpis: [
          {
            id: 'Bad Id',
            label: 'x',
            target: 1,
            target_text: '1',
            measure: { kind: 'manual', evidence_required: false },
          },
        ],
        channels: [{ id: 'tw', kind: 'twitter', url: 'twitter.com/x', label: 'Twitter' }],
        events: {
          planned: [
            { id: 'e', name: 'E', city: 'C', country: 'Spain', start_date: '2024-13-01', partners: ['UNIA'] },
          ],
        },
      }),
    );
    expect(paths(result).sort()).toEqual([
      'channels.0.url',
      'events.planned.0.country',
      'events.planned.0.start_date',
      'kpis.0.id',
    ]);
  });

  it('reports duplicate codes and ids at the repeated item', () => {
    const partner = {
      number: 2,
      code: 'UNIA',
      name: 'Again',
      country: 'PT',
      region: 'EU',
      kind: 'other',
      sector: 'public',
    } as const;
    const input = minimalPlan();
    const result = planSchema.safeParse({
      ...input,
      partners: [...input.partners, partner],
      work_packages: [
        {
          code: 'WP1',
          title: 'A',
          deliverables: [{ code: 'D1', title: 'x', due_month: 2, dissemination_level: 'PU' }],
        },
        {
          code: 'WP2',
          title: 'B',
          deliverables: [{ code: 'D1', title: 'y', due_month: 3, dissemination_level: 'PU' }],
        },
      ],
    });
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'partners.1.code: duplicate code "UNIA" (first at partners.0.code)',
      'work_packages.1.deliverables.0.code: duplicate code "D1" (first at work_packages.0.deliverables.0.code)',
    ]);
  });

  it('validates palette ranges', () => {
    const identity = {
      long_name: 'L',
      canonical_names: ['TX'],
      funding_acknowledgement: 'Funded.',
      palette: [{ hex: '#GG0000', rgb: [300, 0, 0], cmyk: [0, 0, 0, 120] }],
    };
    const result = planSchema.safeParse(minimalPlan({ identity } as Partial<PlanInput>));
    expect(paths(result)).toEqual([
      'identity.palette.0.hex',
      'identity.palette.0.rgb.0',
      'identity.palette.0.cmyk.3',
    ]);
  });
});

describe('harvesting and grant identifiers (OAI-PMH)', () => {
  const grant = (extra: Record<string, string>) => {
    const base = minimalPlan();
    return minimalPlan({
      project: { ...base.project, grants: [{ funder: 'EC', number: '814917', ...extra }] },
    });
  };

  it('takes a grant DOI and a funder id as bare DOIs only', () => {
    expect(
      planSchema.safeParse(grant({ doi: '10.3030/814917', funder_id: '10.13039/501100000780' })).success,
    ).toBe(true);
    const bad = planSchema.safeParse(
      grant({ doi: 'https://doi.org/10.3030/814917', funder_id: '501100000780' }),
    );
    expect(paths(bad).sort()).toEqual(['project.grants.0.doi', 'project.grants.0.funder_id']);
  });

  it('is optional, off by default, and needs an admin mail once on', () => {
    expect(planSchema.parse(minimalPlan()).harvesting).toBeUndefined();
    expect(planSchema.parse(minimalPlan({ harvesting: {} })).harvesting).toEqual({
      oai_pmh: false,
      people: [],
    });
    expect(paths(planSchema.safeParse(minimalPlan({ harvesting: { oai_pmh: true } })))).toEqual([
      'harvesting.admin_email',
    ]);
    expect(
      paths(planSchema.safeParse(minimalPlan({ harvesting: { oai_pmh: true, admin_email: 'nope' } }))),
    ).toEqual(['harvesting.admin_email']);
  });

  it('checks people: ORCID iD form, consent stated, ids unique', () => {
    const person = { id: 'ana', name: 'Silva, Ana', consent: true };
    const shapes = planSchema.safeParse(
      minimalPlan({
        harvesting: {
          people: [{ ...person, orcid: '0000-0002-1825-009' }, { id: 'bo', name: 'Bo' } as typeof person],
        },
      }),
    );
    expect(paths(shapes).sort()).toEqual(['harvesting.people.0.orcid', 'harvesting.people.1.consent']);
    const twice = planSchema.safeParse(
      minimalPlan({ harvesting: { people: [person, { ...person, name: 'A. Silva' }] } }),
    );
    expect(paths(twice)).toEqual(['harvesting.people.1.id']);
    const elsewhere = planSchema.safeParse(
      minimalPlan({ harvesting: { people: [{ ...person, partner: 'NOPE' }] } }),
    );
    expect(paths(elsewhere)).toEqual(['harvesting.people.0.partner']);
  });
});

describe('newsletter (subscriptions with a versioned privacy notice)', () => {
  const notice = {
    version: '2026-01',
    en: 'We keep your address to send the newsletter.',
    ja: 'ニュースレター送付のため',
  };

  it('is optional and off by default', () => {
    expect(planSchema.parse(minimalPlan()).newsletter).toBeUndefined();
    expect(planSchema.parse(minimalPlan({ newsletter: {} })).newsletter).toEqual({ enabled: false });
  });

  it('needs a privacy notice once enabled, with a version and an English text', () => {
    expect(paths(planSchema.safeParse(minimalPlan({ newsletter: { enabled: true } })))).toEqual([
      'newsletter.privacy_notice',
    ]);
    expect(
      planSchema.parse(minimalPlan({ newsletter: { enabled: true, privacy_notice: notice } })).newsletter,
    ).toEqual({ enabled: true, privacy_notice: notice });
    const bad = planSchema.safeParse(
      minimalPlan({
        newsletter: { enabled: true, privacy_notice: { version: ' ', ja: 'x' } as unknown as typeof notice },
      }),
    );
    expect(paths(bad).sort()).toEqual(['newsletter.privacy_notice.en', 'newsletter.privacy_notice.version']);
  });
});
