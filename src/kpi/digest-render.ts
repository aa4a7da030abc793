/**
 * A digest in one language as plain tables (title, columns, rows of cells with optional links), the one layout its
 * page, its HTML mail and its text mail all render; and the two mail bodies. Links are app paths (`/p/…`) the page
 * shows; the mail shows no item links (its one link is the page's). Dates are ISO days, the same in both languages.
 */
import { formatNumber, translator, type Lang, type MessageKey } from '../i18n';
import { localize } from '../plan/schema';
import type { Digest, DigestSection, DigestSectionId } from './digest';
import { NEW_RECORDS_LISTED } from './digest';

export interface DigestCell {
  text: string;
  href?: string;
}

export interface DigestGrid {
  columns: string[];
  rows: DigestCell[][];
}

export interface DigestTable {
  id: DigestSectionId;
  title: string;
  /** A sentence above the grids (e.g. how many new records), or null. */
  summary: string | null;
  /** Empty when the section has no items (`empty` is said instead). */
  grids: DigestGrid[];
  empty: string;
}

const EMPTY: Record<DigestSectionId, MessageKey> = {
  kpi_changes: 'digest.empty.kpiChanges',
  kpis_at_risk: 'digest.empty.atRisk',
  new_records: 'digest.empty.newRecords',
  overdue: 'digest.empty.overdue',
  missing_signoffs: 'digest.empty.signoffs',
  inconsistencies: 'digest.empty.inconsistencies',
};

function grids(s: DigestSection, lang: Lang): { summary: string | null; grids: DigestGrid[] } {
  const t = translator(lang);
  const num = (n: number | null) => ({ text: n === null ? t('digest.none') : formatNumber(lang, n) });
  switch (s.id) {
    case 'kpi_changes':
      return {
        summary: null,
        grids: [
          {
            columns: [
              t('digest.col.kpi'),
              t('digest.col.before'),
              t('digest.col.after'),
              t('digest.col.target'),
            ],
            rows: s.items.map((k) => [
              { text: localize(k.label, lang), href: k.href },
              num(k.before),
              num(k.after),
              { text: k.targetText },
            ]),
          },
        ],
      };
    case 'kpis_at_risk':
      return {
        summary: null,
        grids: [
          {
            columns: [
              t('digest.col.kpi'),
              t('digest.col.status'),
              t('digest.col.value'),
              t('digest.col.expected'),
              t('digest.col.target'),
            ],
            rows: s.items.map((k) => [
              { text: localize(k.label, lang), href: k.href },
              { text: t(`dash.status.${k.status}`) },
              num(k.value),
              num(k.expected),
              num(k.target),
            ]),
          },
        ],
      };
    case 'new_records':
      return {
        summary:
          s.total > 0
            ? t('digest.newRecords.total', { n: s.total, listed: Math.min(s.total, NEW_RECORDS_LISTED) })
            : null,
        grids: [
          {
            columns: [t('digest.col.type'), t('digest.col.partner'), t('digest.col.count')],
            rows: s.counts.map((c) => [{ text: t(`records.kind.${c.type}`) }, { text: c.partner }, num(c.n)]),
          },
          {
            columns: [
              t('digest.col.record'),
              t('digest.col.type'),
              t('digest.col.partner'),
              t('digest.col.date'),
            ],
            rows: s.items.map((r) => [
              { text: r.label, href: r.href },
              { text: t(`records.kind.${r.type}`) },
              { text: r.partner },
              { text: r.date },
            ]),
          },
        ],
      };
    case 'overdue':
      return {
        summary: null,
        grids: [
          {
            columns: [t('digest.col.item'), t('digest.col.due')],
            rows: s.items.map((o) =>
              o.kind === 'deliverable'
                ? [
                    { text: t('digest.overdue.deliverable', { code: o.id, label: o.label }), href: o.href },
                    { text: o.dueDate },
                  ]
                : [
                    { text: t('digest.overdue.timeline', { label: localize(o.label, lang) }), href: o.href },
                    { text: t('digest.overdue.months', { months: o.months.join(', ') }) },
                  ],
            ),
          },
        ],
      };
    case 'missing_signoffs':
      return {
        summary: null,
        grids: [
          {
            columns: [t('digest.col.partner'), t('digest.col.period')],
            rows: s.items.map((m) => [{ text: m.partner, href: m.href }, { text: m.period }]),
          },
        ],
      };
    case 'inconsistencies':
      return {
        summary: null,
        grids: [
          {
            columns: [t('digest.col.alert')],
            rows: s.items.map((a) => [{ text: localize(a.label, lang), href: a.href }]),
          },
        ],
      };
  }
}

/** Every section of the digest as tables in `lang`. */
export function digestTables(d: Digest, lang: Lang): DigestTable[] {
  const t = translator(lang);
  return d.sections.map((s) => {
    const g = grids(s, lang);
    return {
      id: s.id,
      title: t(s.titleKey),
      summary: g.summary,
      grids: s.items.length > 0 ? g.grids : [],
      empty: t(EMPTY[s.id]),
    };
  });
}

/** The sentence saying what the KPI changes are counted from. */
export function changesSince(d: Digest, lang: Lang): string {
  const t = translator(lang);
  return d.previous
    ? t('digest.previous', { date: d.previous.dueOn })
    : t('digest.previous.none', { date: d.window.since });
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const HEX = /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/;

export interface DigestMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The digest mail in `lang`: a subject, a text body and a simple HTML body (one table per section, inline styles, the
 * plan's first palette colour), each with ONE link to act: the in-app page (`link`), where every item links to its
 * record, KPI or page; and the preference footer (`footer`: the text of topicFooter, `preferences`: its page link).
 */
export function renderDigestMail(
  d: Digest,
  o: { lang: Lang; link: string; footer: string; preferences: string },
): DigestMail {
  const t = translator(o.lang);
  const params = { project: d.acronym, since: d.window.since, asOf: d.window.asOf, link: o.link };
  const tables = digestTables(d, o.lang);
  const intro = t('digest.mail.intro', params);
  const since = changesSince(d, o.lang);
  const text = [
    intro,
    since,
    ...tables.map((tb) =>
      [
        `## ${tb.title}`,
        ...(tb.summary ? [tb.summary] : []),
        ...(tb.grids.length === 0
          ? [tb.empty]
          : tb.grids.flatMap((g) => g.rows.map((r) => `- ${r.map((c) => c.text).join(' · ')}`))),
      ].join('\n'),
    ),
    t('digest.mail.open', params),
  ].join('\n\n');
  const primary = d.plan.identity?.palette.map((c) => c.hex).find((c) => HEX.test(c)) ?? '#1f3a5f';
  const cell = 'padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top';
  const grid = (g: DigestGrid) =>
    `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;margin:0 0 12px">` +
    `<tr>${g.columns.map((c) => `<th style="${cell};color:${primary}">${esc(c)}</th>`).join('')}</tr>` +
    g.rows
      .map((r) => `<tr>${r.map((c) => `<td style="${cell}">${esc(c.text)}</td>`).join('')}</tr>`)
      .join('') +
    `</table>`;
  const sections = tables
    .map(
      (tb) =>
        `<h2 style="font-size:18px;margin:20px 0 8px;color:${primary}">${esc(tb.title)}</h2>` +
        (tb.summary ? `<p style="margin:0 0 8px">${esc(tb.summary)}</p>` : '') +
        (tb.grids.length === 0
          ? `<p style="margin:0 0 8px;color:#6b7280">${esc(tb.empty)}</p>`
          : tb.grids.map(grid).join('')),
    )
    .join('\n');
  const subject = t('digest.mail.subject', params);
  const html = `<!doctype html>
<html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2937">
<div style="max-width:680px;margin:0 auto">
<h1 style="font-size:20px;margin:0 0 8px;color:${primary}">${esc(`${d.acronym} · ${t('digest.title')}`)}</h1>
<p style="margin:0 0 4px">${esc(intro)}</p>
<p style="margin:0 0 4px">${esc(since)}</p>
${sections}
<p style="margin:20px 0"><a href="${esc(o.link)}" style="color:${primary};font-weight:bold">${esc(t('digest.title'))}: ${esc(o.link)}</a></p>
<p style="margin:20px 0 0;font-size:12px;color:#6b7280">${esc(t('mail.preferences.footer', { link: '' }))}<a href="${esc(o.preferences)}" style="color:#6b7280">${esc(o.preferences)}</a></p>
</div>
</body></html>`;
  return { subject, text: `${text}${o.footer}`, html };
}
