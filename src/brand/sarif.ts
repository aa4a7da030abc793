/**
 * SARIF 2.1.0 output (OASIS; schema sarif-2.1.0-rtm.5): one run, the rules in `tool.driver.rules` (id, short
 * description, default level), each finding with its rule index, message (+ the suggestion), and its location: an
 * `artifactLocation` with a `region` (startLine/startColumn) for line-based formats, else the artifact alone plus a
 * logical location for the page, slide (+ shape), paragraph or package part. Unreadable files are tool execution
 * notifications (level error), and `executionSuccessful` is false then.
 */
import { translate, type Lang } from '../i18n';
import { RULESET_VERSION, type FileResult } from './check';
import { renderDiagnostic } from './render';
import { RULE_IDS, type Location, type Severity } from './types';

const DEFAULT_LEVEL: Record<(typeof RULE_IDS)[number], Severity> = {
  'brand/name-spelling': 'error',
  'brand/funding-acknowledgement': 'error',
  'brand/funding-disclaimer': 'warning',
  'brand/emblem-missing': 'error',
  'brand/emblem-merged': 'warning',
  'brand/colour-off-palette': 'warning',
  'brand/social-hashtag': 'error',
  'brand/social-length': 'error',
  'brand/publication-grant': 'error',
  'brand/publication-open-access': 'warning',
};

/** A file path as a relative URI reference (forward slashes, each segment percent-encoded). */
export const fileUri = (file: string): string =>
  file
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');

function logical(l: Location): { name: string; kind: string; fullyQualifiedName: string }[] {
  const out: { name: string; kind: string; fullyQualifiedName: string }[] = [];
  const add = (kind: string, name: string) =>
    out.push({ name, kind, fullyQualifiedName: `${l.file}/${kind}[${name}]` });
  if (l.part) add('part', l.part);
  if (l.page !== undefined) add('page', String(l.page));
  if (l.slide !== undefined) add('slide', String(l.slide));
  if (l.shape !== undefined) add('shape', l.shape);
  if (l.paragraph !== undefined) add('paragraph', String(l.paragraph));
  return out;
}

function sarifLocation(l: Location) {
  const physicalLocation = {
    artifactLocation: { uri: fileUri(l.file) },
    ...(l.line !== undefined
      ? { region: { startLine: l.line, ...(l.column !== undefined ? { startColumn: l.column } : {}) } }
      : {}),
  };
  const logicalLocations = logical(l);
  return { physicalLocation, ...(logicalLocations.length ? { logicalLocations } : {}) };
}

export function sarifReport(results: FileResult[], lang: Lang): Record<string, unknown> {
  const rules = RULE_IDS.map((id) => ({
    id,
    name: id.replace('brand/', ''),
    shortDescription: { text: translate(lang, `brand.rule.${id.replace('brand/', '')}`) },
    defaultConfiguration: { level: DEFAULT_LEVEL[id] },
  }));
  const failed = results.filter((r) => r.error);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'herald lint',
            version: RULESET_VERSION,
            language: lang,
            rules,
          },
        },
        language: lang,
        invocations: [
          {
            executionSuccessful: failed.length === 0,
            toolExecutionNotifications: failed.map((r) => ({
              level: 'error',
              message: { text: translate(lang, r.error!.messageKey, r.error!.params) },
              locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(r.file) } } }],
            })),
          },
        ],
        artifacts: results.map((r) => ({ location: { uri: fileUri(r.file) } })),
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => {
            const x = renderDiagnostic(d, lang);
            return {
              ruleId: x.ruleId,
              ruleIndex: RULE_IDS.indexOf(x.ruleId),
              level: x.severity,
              message: { text: `${x.message} ${x.suggestion}` },
              locations: [sarifLocation(x.location)],
              properties: { suggestion: x.suggestion },
            };
          }),
        ),
      },
    ],
  };
}
