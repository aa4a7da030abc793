/** Translation: pick the language of a request, look a key up, format dates and numbers for the locale. */
import { en, ja, type MessageKey } from './catalog';

export const LANGS = ['en', 'ja'] as const;
export type Lang = (typeof LANGS)[number];
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { en, ja };
const locales: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP' };

export const isLang = (v: unknown): v is Lang =>
  typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/**
 * Placeholders that hold years, project months or identifiers (entry, row, line numbers): printed without
 * thousands separators ("2019", never "2,019"). Every other number is a quantity and is grouped per locale.
 */
export const IDENTIFIER_PARAMS: ReadonlySet<string> = new Set([
  'year',
  'y',
  'm',
  'from',
  'to',
  'at',
  'seq',
  'row',
  'line',
  'column',
  'col',
  'id',
  'entry',
  'record',
  'page',
  'version',
]);

/**
 * Looks a key up and fills `{name}` placeholders. Unknown keys (dynamic ones) fall back to English, then the key.
 * Numbers are grouped ("12,345"), except in identifier placeholders (IDENTIFIER_PARAMS).
 */
export function translate(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const raw = catalogs[lang][key as MessageKey] ?? en[key as MessageKey] ?? key;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (typeof v !== 'number') return v === undefined ? m : v;
    return IDENTIFIER_PARAMS.has(name) ? formatId(v) : formatNumber(lang, v);
  });
}

export const hasKey = (key: string): key is MessageKey => key in en;

export type Translator = (key: MessageKey, params?: Record<string, string | number>) => string;
export const translator =
  (lang: Lang): Translator =>
  (key, params) =>
    translate(lang, key, params);

/**
 * Intl formatters made once per locale and options: constructing one costs far more than formatting with it (a
 * dashboard formats thousands of numbers and dates per page).
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function numberFormat(locale: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}
export function dateFormat(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

/** A quantity, grouped per locale: "12,345". Never for years or identifiers: see formatId. */
export function formatNumber(lang: Lang, n: number): string {
  return numberFormat(locales[lang]).format(n);
}

/** A year or an identifier (record number, line, sequence): digits only, never grouped ("2019"). */
export function formatId(n: number): string {
  return numberFormat('en', { useGrouping: false, maximumFractionDigits: 20 }).format(n);
}

/** Formats an ISO date (YYYY-MM-DD) or a Date; `month` gives "December 2018" / "2018年12月". */
export function formatDate(lang: Lang, d: string | Date, style: 'day' | 'month' = 'day'): string {
  const date = typeof d === 'string' ? new Date(`${d.slice(0, 10)}T00:00:00Z`) : d;
  const opts: Intl.DateTimeFormatOptions =
    style === 'month'
      ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
      : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  return dateFormat(locales[lang], opts).format(date);
}

export function formatDateTime(lang: Lang, d: Date): string {
  return dateFormat(locales[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(d);
}

/** Chooses the language: `?lang=` first, then the `lang` cookie, then Accept-Language, then English. */
export function negotiateLang(opts: {
  query?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Lang {
  if (isLang(opts.query)) return opts.query;
  if (isLang(opts.cookie)) return opts.cookie;
  const header = opts.acceptLanguage ?? '';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase().slice(0, 2), q: q ? Number(q) : 1 };
    })
    .filter((x) => isLang(x.tag))
    .sort((a, b) => b.q - a.q);
  const best = ranked[0]?.tag;
  return isLang(best) ? best : 'en';
}
