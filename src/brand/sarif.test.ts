/** SARIF 2.1.0 output validated against the official schema (ajv 6, draft-04), with its rules and locations. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { lintFiles } from './check';
import { sarifReport } from './sarif';
import { pdfFile, pptxFile } from './test-documents';
import { msecPlan } from './test-plans';
import { RULE_IDS } from './types';

const schema = JSON.parse(
  readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
) as object;
const draft04 = JSON.parse(
  readFileSync('node_modules/ajv/lib/refs/json-schema-draft-04.json', 'utf8'),
) as object;

function validator() {
  const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true });
  ajv.addMetaSchema(draft04);
  return ajv.compile(schema);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region?: { startLine: number; startColumn?: number };
    };
    logicalLocations?: { name: string; kind: string }[];
  }[];
}
interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: SarifResult[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { message: { text: string } }[];
    }[];
  }[];
}

describe('sarifReport', () => {
  it('is valid SARIF 2.1.0 with the rules, regions for lines and logical locations for pages and slides', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const results = await lintFiles(
      [
        { file: 'docs/my flyer.md', bytes: enc('Intro\n\nThe MSec team') },
        { file: 'paper.pdf', bytes: pdfFile([['x'], ['M-sec']]) },
        { file: 'deck.pptx', bytes: await pptxFile({ slides: [{ shapes: { 'Title 1': ['M Sec'] } }] }) },
        { file: 'broken.docx', bytes: enc('PK\u0003\u0004 not a zip') },
      ],
      { plan: msecPlan() },
    );
    for (const lang of ['en', 'ja'] as const) {
      const log = sarifReport(results, lang);
      const validate = validator();
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
    const run = (sarifReport(results, 'en') as unknown as SarifLog).runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    const names = run.results.filter((r) => r.ruleId === 'brand/name-spelling');
    expect(names.map((r) => [r.level, r.locations[0]])).toEqual([
      [
        'error',
        {
          physicalLocation: {
            artifactLocation: { uri: 'docs/my%20flyer.md' },
            region: { startLine: 3, startColumn: 5 },
          },
        },
      ],
      [
        'error',
        {
          physicalLocation: { artifactLocation: { uri: 'paper.pdf' } },
          logicalLocations: [{ name: '2', kind: 'page', fullyQualifiedName: 'paper.pdf/page[2]' }],
        },
      ],
      [
        'error',
        {
          physicalLocation: { artifactLocation: { uri: 'deck.pptx' } },
          logicalLocations: [
            { name: '1', kind: 'slide', fullyQualifiedName: 'deck.pptx/slide[1]' },
            { name: 'Title 1', kind: 'shape', fullyQualifiedName: 'deck.pptx/shape[Title 1]' },
          ],
        },
      ],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      'broken.docx: the ZIP container is damaged (no readable central directory).',
    ]);
  });

  it('fails validation when a result is malformed (the schema is really applied)', () => {
    const validate = validator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });
});
