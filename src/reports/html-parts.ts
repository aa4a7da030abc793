/** Small HTML building blocks of the report: escaping, numbered tables and figures, images as data URIs. */
import { formatNumber, translate, type Lang } from '../i18n';
import type { ReportImage } from './model';

/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string | number | null | undefined): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A quantity in the report's locale (grouped); '–' when unknown. */
export const num = (lang: Lang, n: number | null | undefined): string =>
  n === null || n === undefined ? '–' : esc(formatNumber(lang, n));

/** Paragraphs of a free text (blank lines separate them). */
export const paragraphs = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** An image as a data URI (only image content types; anything else is left out). */
export function img(image: ReportImage, cls = ''): string {
  if (!/^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(image.contentType)) return '';
  if (!/^[A-Za-z0-9+/=]*$/.test(image.data)) return '';
  return `<img${cls ? ` class="${esc(cls)}"` : ''} src="data:${image.contentType};base64,${image.data}" alt="${esc(image.alt)}">`;
}

/** A link to an http(s) URL, its text escaped; other schemes are shown as text only. */
export const link = (url: string | null, text?: string): string =>
  url === null
    ? ''
    : /^https?:\/\//i.test(url)
      ? `<a href="${esc(url)}">${esc(text ?? url)}</a>`
      : esc(text ?? url);

/** Numbers tables and figures in document order, for their captions. */
export class Counter {
  private tables = 0;
  private figures = 0;
  constructor(private readonly lang: Lang) {}
  table(caption: string): string {
    return esc(translate(this.lang, 'report.table', { n: ++this.tables, caption }));
  }
  figure(caption: string): string {
    return esc(translate(this.lang, 'report.figure', { n: ++this.figures, caption }));
  }
}

export interface Column {
  /** Already escaped header text. */
  head: string;
  num?: boolean;
}

/** A captioned table with a repeated header; `rows` cells are already-escaped HTML; an empty body says "none". */
export function table(opts: {
  lang: Lang;
  caption: string;
  columns: Column[];
  rows: string[][];
  id?: string;
  cls?: string;
}): string {
  const head = opts.columns
    .map((c) => `<th scope="col"${c.num ? ' class="num"' : ''}>${c.head}</th>`)
    .join('');
  const body =
    opts.rows.length === 0
      ? `<tr><td class="none" colspan="${opts.columns.length}">${esc(translate(opts.lang, 'report.none'))}</td></tr>`
      : opts.rows
          .map(
            (r) =>
              `<tr>${r.map((cell, i) => `<td${opts.columns[i]?.num ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`,
          )
          .join('\n');
  const attrs = `${opts.id ? ` id="${esc(opts.id)}"` : ''}${opts.cls ? ` class="${esc(opts.cls)}"` : ''}`;
  return `<table${attrs}><caption>${opts.caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
