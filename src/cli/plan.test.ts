import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';

const dir = mkdtempSync(join(tmpdir(), 'herald-plan-check-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('herald plan check', () => {
  it('accepts the embedded M-Sec plan and prints its consistency warnings', async () => {
    const r = await runCli(['plan', 'check', 'plans/m-sec.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid plan for M-Sec \(id m-sec\), \d+ warning\(s\)/);
    expect(r.stdout).toMatch(
      /^warning: plans\/m-sec\.yaml:\d+:\d+ kpis\.\d+\.target: .*Newsletters.*\[kpi-cadence-mismatch\]$/m,
    );
  });

  it('prints the consistency warnings in Japanese with --lang ja', async () => {
    const r = await runCli(['plan', 'check', 'plans/m-sec.yaml', '--lang', 'ja']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^warning: plans\/m-sec\.yaml:\d+:\d+ kpis\.\d+\.target: KPI \S+ の目標は \d+ ですが、.*\[kpi-cadence-mismatch\]$/m,
    );
    expect((await runCli(['plan', 'check', 'plans/m-sec.yaml', '--lang', 'fr'])).code).toBe(2);
  });

  it('locates a schema error as FILE:LINE:COL path: message and exits 1', async () => {
    const file = write(
      'broken.yaml',
      [
        'schema_version: 1',
        'project:',
        '  acronym: X',
        '  title: T',
        '  programme: H2020',
        '  grants: [{ funder: EC, number: "1" }]',
        '  start_date: 2020-01-01',
        '  duration_months: "twelve"',
        '  languages: [en]',
        '  description: { short: S }',
        'partners: [{ number: 1, code: A, name: A, country: FR, region: EU, kind: sme, sector: private }]',
        '',
      ].join('\n'),
    );
    const r = await runCli(['plan', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:8:20 project.duration_months: `);
    expect(r.stdout).toBe('');
  });

  it('locates a YAML syntax error and exits 1', async () => {
    const file = write('syntax.yaml', 'schema_version: 1\nproject: [unclosed\n');
    const r = await runCli(['plan', 'check', file]);
    expect(r.code).toBe(1);
    // The YAML parser places an unclosed flow sequence where the closing bracket was expected.
    expect(r.stderr).toContain(
      `${file}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });

  it('says when the file cannot be read', async () => {
    const r = await runCli(['plan', 'check', join(dir, 'missing.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read');
  });
});

describe('herald usage', () => {
  it('exits 0 for --help and 1 for an unknown command', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['plan', '--help'])).code).toBe(0);
    expect((await runCli(['frobnicate'])).code).toBe(1);
  });
});
