/** Diagnostics in one language: message + suggestion text, locations as people read them, the text report. */
import { translate, type Lang } from '../i18n';
import type { FileResult } from './check';
import type { Diagnostic, Location, RenderedDiagnostic, WordDiff } from './types';

const DIFF_SHOWN = 8;

function diffText(lang: Lang, diff: WordDiff[]): string {
  const parts = diff
    .slice(0, DIFF_SHOWN)
    .map((d) =>
      d.op === 'missing'
        ? translate(lang, 'brand.diff.missing', { word: d.expected })
        : d.op === 'extra'
          ? translate(lang, 'brand.diff.extra', { word: d.found })
          : translate(lang, 'brand.diff.changed', { expected: d.expected, found: d.found }),
    );
  if (diff.length > DIFF_SHOWN)
    parts.push(translate(lang, 'brand.diff.more', { count: diff.length - DIFF_SHOWN }));
  return parts.join(lang === 'ja' ? '、' : '; ');
}

export function renderDiagnostic(d: Diagnostic, lang: Lang): RenderedDiagnostic {
  const params: Record<string, string | number> = { ...d.params };
  if (typeof d.params.context === 'string')
    params.context = translate(lang, `brand.context.${d.params.context}`);
  if (d.diff) params.diff = diffText(lang, d.diff);
  for (const [k, v] of Object.entries(d.localized ?? {})) params[k] = v[lang] ?? v.en;
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: translate(lang, d.messageKey, params),
    suggestion: translate(lang, d.suggestionKey, params),
    location: d.location,
  };
}

/** "flyer.html:12:5", "deck.pptx (slide 3, shape "Title 1")", "paper.pdf (page 2)", "report.docx (paragraph 14)". */
export function locationText(l: Location, lang: Lang): string {
  if (l.line !== undefined) return `${l.file}:${l.line}${l.column !== undefined ? `:${l.column}` : ''}`;
  const parts: string[] = [];
  if (l.part) parts.push(l.part);
  if (l.page !== undefined) parts.push(translate(lang, 'brand.location.page', { page: l.page }));
  if (l.slide !== undefined) parts.push(translate(lang, 'brand.location.slide', { page: l.slide }));
  if (l.shape !== undefined) parts.push(translate(lang, 'brand.location.shape', { name: l.shape }));
  if (l.paragraph !== undefined)
    parts.push(translate(lang, 'brand.location.paragraph', { page: l.paragraph }));
  if (!parts.length) return l.file;
  return lang === 'ja' ? `${l.file}（${parts.join('、')}）` : `${l.file} (${parts.join(', ')})`;
}

export function counts(results: FileResult[]): { errors: number; warnings: number; notes: number } {
  const all = results.flatMap((r) => r.diagnostics);
  return {
    errors: all.filter((d) => d.severity === 'error').length + results.filter((r) => r.error).length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    notes: all.filter((d) => d.severity === 'note').length,
  };
}

/** The text report: one finding a line (+ its suggestion), unreadable files, then the summary. */
export function textReport(results: FileResult[], lang: Lang): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.error) {
      lines.push(`${translate(lang, r.error.messageKey, r.error.params)}`);
      continue;
    }
    for (const d of r.diagnostics) {
      const x = renderDiagnostic(d, lang);
      lines.push(
        `${locationText(x.location, lang)}: ${translate(lang, `brand.severity.${x.severity}`)} [${x.ruleId}] ${x.message}`,
        `  → ${x.suggestion}`,
      );
    }
  }
  lines.push(translate(lang, 'brand.summary', { ...counts(results), files: results.length }));
  return `${lines.join('\n')}\n`;
}

/** The JSON report: per file its kind, rendered diagnostics, or its error. */
export function jsonReport(results: FileResult[], lang: Lang): string {
  return `${JSON.stringify(
    {
      files: results.map((r) => ({
        file: r.file,
        ...(r.kind ? { kind: r.kind } : {}),
        ...(r.error
          ? { error: { code: r.error.reason, message: translate(lang, r.error.messageKey, r.error.params) } }
          : {}),
        diagnostics: r.diagnostics.map((d) => renderDiagnostic(d, lang)),
      })),
      summary: counts(results),
    },
    null,
    2,
  )}\n`;
}
