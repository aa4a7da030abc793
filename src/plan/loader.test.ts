/** Loader tests: every kind of broken plan is reported as `FILE:LINE:COL path: message` at the right place. */
import { describe, expect, it } from 'vitest';
import { formatIssue, parsePlan, splitPath, type LoadResult } from './loader';

/** A minimal valid plan; line numbers below refer to this text. */
const VALID = `schema_version: 1
project:
  acronym: TX
  title: Test project
  programme: HORIZON_EUROPE
  grants:
    - funder: EC
      number: '101000001'
  start_date: 2024-01-01
  duration_months: 24
  languages: [en]
  description:
    short: A small test project.
partners:
  - number: 1
    code: UNIA
    name: University A
    country: PT
    region: EU
    kind: university
    sector: public
kpis:
  - id: papers
    label: Papers
    target: 3
    target_text: '3'
    measure:
      kind: count
      record: publication
`;

/** VALID with line `lineNo` (1-based) replaced by `replacement` lines (none = deleted). */
function edit(lineNo: number, ...replacement: string[]): string {
  const lines = VALID.split('\n');
  lines.splice(lineNo - 1, 1, ...replacement);
  return lines.join('\n');
}

function errorsOf(result: LoadResult): string[] {
  if (result.ok) throw new Error('expected the plan to be rejected');
  return result.errors.map(formatIssue);
}

describe('parsePlan', () => {
  it('accepts a valid plan and applies defaults', () => {
    const result = parsePlan(VALID, 'plan.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.project.acronym).toBe('TX');
    expect(result.plan.kpis[0]?.comparator).toBe('>=');
    expect(result.plan.timeline).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('locates a wrong type at a nested path on the value', () => {
    const text = edit(25, '    target: three');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:25:13 kpis.0.target: Invalid input: expected number, received string',
    ]);
  });

  it('locates a missing required field at its parent mapping', () => {
    const text = edit(4);
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:3:3 project.title: missing required field "title"',
    ]);
  });

  it('refuses a 5 MB title and a NUL byte in a name, each at its line and column', () => {
    const huge = edit(4, `  title: ${'T'.repeat(5_000_000)}`);
    const [title] = errorsOf(parsePlan(huge, 'plan.yaml'));
    expect(title).toMatch(/^plan\.yaml:4:10 project\.title: .*500/);
    expect(title?.length).toBeLessThan(300);
    const nul = edit(17, '    name: "University\\0A"');
    expect(errorsOf(parsePlan(nul, 'plan.yaml'))).toEqual([
      'plan.yaml:17:11 partners.0.name: must not contain control characters other than tab and line breaks (such as NUL)',
    ]);
    const code = edit(16, `    code: ${'U'.repeat(51)}`);
    expect(errorsOf(parsePlan(code, 'plan.yaml'))[0]).toMatch(/^plan\.yaml:16:11 partners\.0\.code: .*50/);
  });

  it('locates an unknown key on the key itself', () => {
    const text = edit(4, '  title: Test project', '  titel: typo');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:5:3 project.titel: unknown key "titel"',
    ]);
  });

  it('locates a YAML syntax error', () => {
    const text = edit(11, '  languages: [en', '  coordinator: UNIA');
    const errors = errorsOf(parsePlan(text, 'plan.yaml'));
    expect(errors[0]).toBe(
      'plan.yaml:12:3: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('rejects a duplicate key at the second occurrence', () => {
    const text = edit(4, '  title: Test project', '  title: Again');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:5:3 project.title: duplicate key "title" (a key may appear only once in a mapping)',
    ]);
  });

  it('rejects a duplicate id at the repeated item', () => {
    const text = `${VALID}  - id: papers
    label: Papers again
    target: 1
    target_text: '1'
    measure: { kind: manual, evidence_required: false }
`;
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:30:9 kpis.1.id: duplicate id "papers" (first at kpis.0.id)',
    ]);
  });

  it('reports an unknown measure kind on the discriminator', () => {
    const text = edit(28, '      kind: tally');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      "plan.yaml:28:13 kpis.0.measure.kind: Invalid discriminator value. Expected 'count' | 'sum' | 'count_distinct' | 'latest_sum' | 'manual'",
    ]);
  });

  it('reports the matching branch of a localized text', () => {
    const text = edit(24, '    label: { en: 12, ja: 論文 }');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:24:18 kpis.0.label.en: Invalid input: expected string, received number',
    ]);
  });

  it('lists the expected types when no union branch fits', () => {
    const text = edit(24, '    label: 12');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:24:12 kpis.0.label: invalid value: expected string or object',
    ]);
  });

  it('reports an unknown partner reference from the checks as an error', () => {
    const text = `${VALID}timeline:
  - id: leaflet
    label: Leaflet
    responsible: [UNIA, NOPE]
    months: [2]
`;
    const result = parsePlan(text, 'plan.yaml');
    expect(errorsOf(result)).toEqual(['plan.yaml:33:25 timeline.0.responsible.1: unknown partner "NOPE"']);
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['unknown-partner']);
  });

  it('returns check warnings located in the file', () => {
    const text = `${VALID}work_packages:
  - code: WP1
    title: Outreach
    deliverables:
      - { code: D1.1, title: Final report, due_month: 30, dissemination_level: PU }
`;
    const result = parsePlan(text, 'plan.yaml');
    expect(result.ok).toBe(true);
    expect(result.warnings.map(formatIssue)).toEqual([
      'plan.yaml:34:55 work_packages.0.deliverables.0.due_month: D1.1 is due in month 30, after the project ends (month 24)',
    ]);
    expect(result.warnings[0]?.severity).toBe('warning');
  });

  it('rejects an empty file', () => {
    expect(errorsOf(parsePlan('', 'empty.yaml'))).toEqual(['empty.yaml:1:1: the plan file is empty']);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorsOf(parsePlan('- 1\n- 2\n', 'list.yaml'))).toEqual([
      'list.yaml:1:1: Invalid input: expected object, received array',
    ]);
  });

  it('rejects an alias without an anchor', () => {
    const text = edit(13, '    short: *nowhere');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:13:12 project.description.short: unknown alias "*nowhere" (no anchor "&nowhere" before it)',
    ]);
  });

  it('rejects an alias bomb instead of expanding it', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++)
      rows.push(
        `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10)
          .fill(`*${'abcdefgh'[i - 1]}`)
          .join(', ')}]`,
      );
    const errors = errorsOf(parsePlan(`${rows.join('\n')}\n`, 'bomb.yaml'));
    expect(errors).toEqual(['bomb.yaml:1:1: Excessive alias count indicates a resource exhaustion attack']);
  });

  it('reports several problems at once, in document order of the schema', () => {
    const text = edit(25, '    target: -1', '    colour: red');
    expect(errorsOf(parsePlan(text, 'plan.yaml'))).toEqual([
      'plan.yaml:25:13 kpis.0.target: Too small: expected number to be >=0',
      'plan.yaml:26:5 kpis.0.colour: unknown key "colour"',
    ]);
  });
});

describe('splitPath', () => {
  it('turns numeric segments into indexes', () => {
    expect(splitPath('kpis.3.target')).toEqual(['kpis', 3, 'target']);
    expect(splitPath('')).toEqual([]);
  });
});
