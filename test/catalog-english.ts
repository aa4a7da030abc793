/**
 * The English of the UI catalogs that must never show on a Japanese page: every `en` string that differs from its
 * `ja`, as a pattern (placeholders match anything), minus a short allow-list of proper nouns and names that are the
 * same in both languages by design.
 */
import { en, ja } from '../src/i18n/catalog';

/** Keys whose English may appear on Japanese pages, with the reason. */
export const ALLOWED: Readonly<Record<string, string>> = {
  'lang.current': 'the language link of a Japanese page says "English", in English, on purpose',
  'lang.name.en': 'the language choice lists "English" by its own name',
  'lang.switch': 'the English page’s link reads 日本語; its English value is not English',
};

export interface CatalogEnglish {
  key: string;
  en: string;
  /** Matches a whole line or cell of visible text. */
  whole: RegExp;
  /** For longer strings: matches inside a line too. */
  inside?: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function catalogEnglish(): CatalogEnglish[] {
  const out: CatalogEnglish[] = [];
  for (const [key, value] of Object.entries(en)) {
    if (key in ALLOWED || value === ja[key as keyof typeof ja]) continue;
    // Multi-line strings (mails) are checked line by line.
    for (const line of value.split('\n')) {
      const parts = line.split(/\{\w+\}/);
      const fixed = parts.join(' ').trim();
      // Only text with English words: symbols, numbers and single letters are not "English".
      const words = fixed.match(/[A-Za-z]{2,}/g) ?? [];
      if (words.length === 0) continue;
      const body = parts.map((p) => escape(p.trim())).join('.+?');
      const entry: CatalogEnglish = { key, en: line, whole: new RegExp(`^${body}$`) };
      if (words.length >= 2 && fixed.length >= 10)
        entry.inside = new RegExp(`(?<![A-Za-z])${body}(?![A-Za-z])`);
      out.push(entry);
    }
  }
  return out;
}

/**
 * Every string of a plan (labels, names, descriptions): content its authors wrote, shown as written when it has no
 * Japanese, so never "catalog English". Funder vocabulary values are left out: they must show translated.
 */
export function dataStrings(data: unknown, keep: (s: string) => boolean = () => true): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 3 && keep(v)) out.add(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(data);
  // Longest first, so a label is removed before a shorter string inside it.
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * The catalog English found in a page's visible text (innerText: lines and table cells), after removing the
 * `data` strings (the plan's own text and records' free text, which are not catalog strings).
 */
export function englishIn(
  text: string,
  catalog: CatalogEnglish[],
  data: readonly string[] = [],
): Array<{ key: string; match: string }> {
  const segments = text
    .split(/[\n\t]/)
    .map((s) => data.reduce((acc, d) => acc.split(d).join(' \u0000 '), s.trim()))
    .flatMap((s) => s.split('\u0000'))
    .map((s) => s.trim())
    .filter(Boolean);
  const found = new Map<string, string>();
  for (const seg of segments) {
    if (!/[A-Za-z]{2,}/.test(seg)) continue;
    for (const e of catalog) {
      if (found.has(e.key)) continue;
      const hit = e.whole.test(seg) || (e.inside?.test(seg) ?? false);
      if (hit) found.set(e.key, seg.length > 120 ? `${seg.slice(0, 117)}…` : seg);
    }
  }
  return [...found].map(([key, match]) => ({ key, match }));
}
