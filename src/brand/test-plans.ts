/** The plans the brand checker's tests use: M-Sec (H2020, two funders) and a second project (Horizon Europe). */
import { readFileSync } from 'node:fs';
import { parsePlan } from '../plan/loader';
import type { Plan } from '../plan/schema';

function parse(text: string, name: string): Plan {
  const r = parsePlan(text, name);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.plan;
}

export const msecPlan = (): Plan => parse(readFileSync('plans/m-sec.yaml', 'utf8'), 'm-sec.yaml');

/** GreenGrid: other names, palette, hashtag and emblem file, Horizon Europe, CINEA as granting authority. */
export const GREEN_ACK =
  'Funded by the European Union under grant agreement No 101000001. Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union or the European Climate, Infrastructure and Environment Executive Agency (CINEA). Neither the European Union nor the granting authority can be held responsible for them.';

export const GREEN_PLAN = `schema_version: 1
project:
  acronym: GreenGrid
  title: Green grids for small towns
  programme: HORIZON_EUROPE
  grants:
    - { funder: EC, programme: HORIZON_EUROPE, number: '101000001' }
  start_date: 2024-01-01
  duration_months: 36
  languages: [en]
  description:
    short: A small test project.
identity:
  long_name: Green grids for small towns
  canonical_names: [GreenGrid]
  forbidden_variants: [Green Grid, Greengrid, GREENGRID]
  palette:
    - { name: Leaf green, hex: '#2E7D32', rgb: [46, 125, 50] }
    - { name: Sun yellow, hex: '#F9A825', rgb: [249, 168, 37] }
  assets:
    - { id: logo, kind: logo, name: GreenGrid logo }
    - { id: eu-flag, kind: emblem, name: { en: Funded by the European Union emblem, ja: EU資金提供エンブレム }, file: eu-flag.png }
  funding_acknowledgement: '${GREEN_ACK}'
  required_emblems: [eu-flag]
social_strategy:
  frequency: Weekly
  hashtags: ['#GreenGridEU']
partners:
  - { number: 1, code: UNIA, name: University A, country: PT, region: EU, kind: university, sector: public }
`;

export const greenPlan = (): Plan => parse(GREEN_PLAN, 'green.yaml');
