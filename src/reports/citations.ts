/**
 * The publications' references in a CSL style through citation-js (core + plugin-csl; APA by default). plugin-csl
 * ships no ja-JP locale: Herald registers its own (csl/locales-ja-JP.xml: the CSL project's Japanese terms, CC BY-SA
 * 3.0; terms it lacks fall back to en-US), so a Japanese report's references use Japanese terms and dates.
 */
import { readFileSync } from 'node:fs';

export interface CitationSource {
  id: string;
  type: string;
  title: string;
  /** As stored: "Family, Given", "Given Family", or a name written without a comma (e.g. Japanese). */
  authors: string[];
  venue: string | null;
  publisher: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  year: number;
  date: string | null;
  /** day | month | year */
  datePrecision: string;
  doi: string | null;
  isbn: string | null;
  issn: string | null;
  url: string | null;
}

interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

const CSL_TYPES: Record<string, string> = {
  journal_article: 'article-journal',
  conference_paper: 'paper-conference',
  book: 'book',
  book_chapter: 'chapter',
  thesis: 'thesis',
  other: 'article',
};

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** A stored author name as a CSL name: "Family, Given"; "Given Family"; a CJK or one-word name as it is. */
export function cslName(name: string): CslName {
  const n = name.trim();
  const comma = n.indexOf(',');
  if (comma > 0) return { family: n.slice(0, comma).trim(), given: n.slice(comma + 1).trim() };
  if (CJK.test(n) || !n.includes(' ')) return { literal: n };
  const at = n.lastIndexOf(' ');
  return { family: n.slice(at + 1), given: n.slice(0, at) };
}

function cslItem(p: CitationSource): Record<string, unknown> {
  const parts = (p.date ?? '').split('-').map(Number);
  const dateParts =
    p.date && p.datePrecision === 'day'
      ? parts
      : p.date && p.datePrecision === 'month'
        ? parts.slice(0, 2)
        : [p.year];
  const container = p.type === 'book' ? {} : p.venue ? { 'container-title': p.venue } : {};
  return {
    id: p.id,
    type: CSL_TYPES[p.type] ?? 'article',
    title: p.title,
    author: p.authors.map(cslName),
    issued: { 'date-parts': [dateParts] },
    ...container,
    ...(p.publisher ? { publisher: p.publisher } : {}),
    ...(p.volume ? { volume: p.volume } : {}),
    ...(p.issue ? { issue: p.issue } : {}),
    ...(p.pages ? { page: p.pages } : {}),
    ...(p.doi ? { DOI: p.doi } : {}),
    ...(p.isbn ? { ISBN: p.isbn } : {}),
    ...(p.issn ? { ISSN: p.issn } : {}),
    ...(!p.doi && p.url ? { URL: p.url } : {}),
  };
}

interface CitationCore {
  plugins: {
    output: { format(name: string, data: unknown[], options: Record<string, unknown>): string };
    config: {
      get(name: string): { locales: { has(l: string): boolean; add(l: string, xml: string): void } };
    };
  };
}

let loaded: CitationCore | undefined;
/** Herald's ja-JP CSL locale, beside this file (dist keeps src/ import.meta.url: bin/build.mjs). */
const JA_LOCALE = new URL('./csl/locales-ja-JP.xml', import.meta.url);

async function citationCore(): Promise<CitationCore> {
  if (!loaded) {
    const core = (await import('@citation-js/core')).default as unknown as CitationCore;
    await import('@citation-js/plugin-csl');
    const locales = core.plugins.config.get('@csl').locales;
    if (!locales.has('ja-JP')) locales.add('ja-JP', readFileSync(JA_LOCALE, 'utf8'));
    loaded = core;
  }
  return loaded;
}

/** One plain-text reference per source, in order (`style`: a CSL template plugin-csl knows; APA by default). */
export async function formatBibliography(
  sources: CitationSource[],
  lang: 'en' | 'ja',
  style = 'apa',
): Promise<string[]> {
  if (sources.length === 0) return [];
  const core = await citationCore();
  const locales = core.plugins.config.get('@csl').locales;
  const locale = lang === 'ja' && locales.has('ja-JP') ? 'ja-JP' : 'en-US';
  return sources.map((s) =>
    core.plugins.output
      .format('bibliography', [cslItem(s)], { template: style, lang: locale, format: 'text' })
      .trim(),
  );
}
