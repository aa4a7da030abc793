/** A small valid plan (any project, not M-Sec), with overrides, for tests that need a plan but not the M-Sec one. */
import { planSchema, type Plan, type PlanInput } from '../../src/plan/schema';

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    schema_version: 1,
    project: {
      acronym: 'Tide-X',
      title: 'Tidal energy exchange for coastal towns',
      programme: 'HORIZON_EUROPE',
      grants: [{ funder: 'European Commission', programme: 'HORIZON_EUROPE', number: '101000001' }],
      start_date: '2024-01-01',
      duration_months: 24,
      languages: ['en'],
      description: { short: 'Tide-X connects tidal power to coastal grids.' },
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
      {
        number: 2,
        code: 'CORPB',
        name: 'Corp B',
        country: 'NO',
        region: 'EU',
        kind: 'industry',
        sector: 'private',
      },
    ],
    work_packages: [
      {
        code: 'WP1',
        title: 'Outreach',
        deliverables: [{ code: 'D1.1', title: 'Website', due_month: 3, dissemination_level: 'PU' }],
      },
    ],
    kpis: [
      {
        id: 'papers',
        label: 'Papers',
        target: 4,
        target_text: '4',
        measure: { kind: 'count', record: 'publication' },
      },
    ],
    timeline: [{ id: 'leaflet', label: 'Leaflet', responsible: ['UNIA'], months: [2, 14] }],
    ...overrides,
  };
}

export const makePlan = (overrides: Partial<PlanInput> = {}): Plan => planSchema.parse(planInput(overrides));
