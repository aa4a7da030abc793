/** The HTML report's sections, in the seed's order, each from the model only (already translated). */
import { translate, type Lang } from '../i18n';
import type { Counter } from './html-parts';
import { esc, link, num, paragraphs, table } from './html-parts';
import type { ReportChart, ReportModel } from './model';

export interface SectionCtx {
  m: ReportModel;
  lang: Lang;
  n: Counter;
  t: (key: string, params?: Record<string, string | number>) => string;
}

export const SECTION_IDS = [
  'summary',
  'kpis',
  'activities',
  'events',
  'publications',
  'synergies',
  'metrics',
  'partners',
  'timeline',
  'deviations',
  'recommendations',
  'corrections',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

const h = (c: SectionCtx, key: string) => esc(c.t(key));
const col = (c: SectionCtx, key: string, isNum = false) => ({ head: h(c, key), num: isNum });
const list = (xs: string[]) => esc(xs.join(', '));
const dates = (from: string, to: string | null) => esc(to && to !== from ? `${from} – ${to}` : from);

/** Inline chart SVG, defensively stripped of scripts and event handlers. */
export function chartFigure(c: SectionCtx, chart: ReportChart): string {
  const svg = chart.svg
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject>/gi, '');
  return `<figure id="chart-${esc(chart.id)}">${svg}<figcaption>${c.n.figure(chart.title)}</figcaption></figure>`;
}

function summary(c: SectionCtx): string {
  const k = c.m.summary.counts;
  return `${paragraphs(c.m.summary.text)}${table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.summary')),
    columns: [col(c, 'report.col.type'), col(c, 'report.col.count', true)],
    rows: [
      [h(c, 'report.section.activities'), num(c.lang, k.activities)],
      [h(c, 'report.section.events'), num(c.lang, k.events)],
      [h(c, 'report.section.publications'), num(c.lang, k.publications)],
      [h(c, 'report.section.synergies'), num(c.lang, k.synergies)],
    ],
  })}`;
}

function kpis(c: SectionCtx): string {
  const rows: string[][] = [];
  for (const k of c.m.kpis) {
    const value = k.hasValue ? num(c.lang, k.value) : '–';
    const unit = k.unit ? ` ${esc(k.unit)}` : '';
    rows.push([
      esc(k.label),
      `${esc(k.comparator === '>' ? '> ' : '≥ ')}${esc(k.targetText)}`,
      `${value}${unit}`,
      `<span class="status-${esc(k.status ?? 'none')}">${esc(k.statusLabel)}</span>`,
      num(c.lang, k.forecast),
      esc(k.comment),
    ]);
    for (const p of k.parts)
      rows.push([esc(p.label), `≥ ${num(c.lang, p.target)}`, num(c.lang, p.value), '', '', '']);
  }
  const html = table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.kpis')),
    columns: [
      col(c, 'report.col.kpi'),
      col(c, 'report.col.target', true),
      col(c, 'report.col.value', true),
      col(c, 'report.col.status'),
      col(c, 'report.col.forecast', true),
      col(c, 'report.col.comment'),
    ],
    rows,
    id: 'kpi-table',
  });
  const chart = c.m.charts.find((ch) => ch.id === 'kpis');
  return html + (chart ? chartFigure(c, chart) : '');
}

function activities(c: SectionCtx): string {
  const byType = table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.activities')),
    columns: [
      col(c, 'report.col.type'),
      col(c, 'report.col.count', true),
      col(c, 'report.col.reached', true),
    ],
    rows: c.m.activities.byType.map((g) => [esc(g.label), num(c.lang, g.count), num(c.lang, g.reached)]),
  });
  const items = table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.activities')),
    columns: [
      col(c, 'report.col.date'),
      col(c, 'report.col.description'),
      col(c, 'report.col.type'),
      col(c, 'report.col.status'),
      col(c, 'report.col.partners'),
      col(c, 'report.col.reached', true),
    ],
    rows: c.m.activities.items.map((a) => [
      dates(a.startDate, a.endDate),
      `${esc(a.title)}${a.links.map((u) => `<br>${link(u)}`).join('')}`,
      esc(a.typeLabel),
      esc(a.statusLabel),
      list([a.leadPartner, ...a.partners.filter((p) => p !== a.leadPartner)]),
      num(c.lang, a.reached),
    ]),
  });
  return byType + items;
}

function events(c: SectionCtx): string {
  return table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.events')),
    columns: [
      col(c, 'report.col.event'),
      col(c, 'report.col.place'),
      col(c, 'report.col.date'),
      col(c, 'report.col.partners'),
      col(c, 'report.col.website'),
    ],
    rows: c.m.events.map((e) => [
      `${esc(e.name)}<br><span class="badge">${esc(e.kindLabel)}</span>${e.roles.length ? ` ${list(e.roles)}` : ''}`,
      `${esc(e.city)}, ${esc(e.countryLabel)}`,
      dates(e.startDate, e.endDate),
      list(e.partners),
      link(e.website),
    ]),
  });
}

function publications(c: SectionCtx): string {
  if (c.m.publications.length === 0) return `<p class="none">${h(c, 'report.none')}</p>`;
  const items = c.m.publications.map(
    (p) =>
      `<li id="pub-${esc(p.id)}">${esc(p.citation)} <span class="badge">${esc(c.t('report.col.openAccess'))}: ${esc(p.openAccessLabel)}</span>` +
      `${p.repositoryUrl ? ` ${link(p.repositoryUrl)}` : ''}</li>`,
  );
  return `<ol class="bibliography">${items.join('\n')}</ol>`;
}

function synergies(c: SectionCtx): string {
  return table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.synergies')),
    columns: [
      col(c, 'report.col.initiative'),
      col(c, 'report.col.description'),
      col(c, 'report.col.partners'),
      col(c, 'report.col.date'),
    ],
    rows: c.m.synergies.map((s) => [
      `${esc(s.initiative)}<br><span class="badge">${esc(s.kindLabel)}</span>`,
      esc(s.description ?? ''),
      list(s.partners),
      esc(s.date),
    ]),
  });
}

function metrics(c: SectionCtx): string {
  const html = table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.metrics')),
    columns: [
      col(c, 'report.col.metric'),
      col(c, 'report.col.date'),
      col(c, 'reports.chart.start', true),
      col(c, 'report.col.value', true),
    ],
    rows: c.m.metrics.map((x) => [esc(x.label), esc(x.at), num(c.lang, x.startValue), num(c.lang, x.value)]),
  });
  const charts = c.m.charts.filter((ch) => ch.id !== 'kpis').map((ch) => chartFigure(c, ch));
  return html + charts.join('');
}

const KIND_OF = {
  activities: 'activity',
  events: 'event',
  publications: 'publication',
  synergies: 'synergy',
  metrics: 'metric',
} as const;

function partners(c: SectionCtx): string {
  const kinds = Object.keys(KIND_OF) as Array<keyof typeof KIND_OF>;
  return table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.partners')),
    columns: [
      col(c, 'report.col.partner'),
      col(c, 'report.col.responsibilities'),
      ...kinds.map((k) => ({ head: esc(c.t(`records.kind.${KIND_OF[k]}`)), num: true })),
    ],
    rows: c.m.partners.map((p) => [
      `<strong>${esc(p.code)}</strong><br>${esc(p.name)}`,
      p.responsibilities.length
        ? `<ul>${p.responsibilities.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`
        : '',
      ...kinds.map((k) => num(c.lang, p.counts[k])),
    ]),
  });
}

function timeline(c: SectionCtx): string {
  const months = Math.max(1, ...c.m.timeline.flatMap((t) => [...t.plannedMonths, ...t.doneMonths]));
  const head = Array.from({ length: months }, (_, i) => `<th scope="col">${i + 1}</th>`).join('');
  const rows = c.m.timeline.map((t) => {
    const planned = new Set(t.plannedMonths);
    const done = new Set(t.doneMonths);
    const cells = Array.from({ length: months }, (_, i) => {
      const m = i + 1;
      const cls = [planned.has(m) ? 'planned' : '', done.has(m) ? 'done' : ''].filter(Boolean).join(' ');
      return `<td${cls ? ` class="${cls}"` : ''}>${done.has(m) ? '●' : ''}</td>`;
    }).join('');
    return `<tr><td class="label">${esc(t.label)} <span class="badge">${esc(t.stateLabel)}</span></td>${cells}</tr>`;
  });
  const legend = `<p class="legend"><span><i class="planned"></i>${h(c, 'report.col.planned')}</span><span><i class="done"></i>${h(c, 'report.col.done')}</span></p>`;
  const grid =
    c.m.timeline.length === 0
      ? `<p class="none">${h(c, 'report.none')}</p>`
      : `<table class="gantt"><thead><tr><th scope="col">${h(c, 'report.col.item')}</th>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>${legend}`;
  return `<figure id="timeline-figure">${grid}<figcaption>${c.n.figure(c.t('report.section.timeline'))}</figcaption></figure>`;
}

function deviations(c: SectionCtx): string {
  return `${paragraphs(c.m.deviations.text)}${table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.deviations')),
    columns: [
      col(c, 'report.col.date'),
      col(c, 'report.col.description'),
      col(c, 'report.col.kpi'),
      col(c, 'report.col.correctiveAction'),
    ],
    rows: c.m.deviations.items.map((d) => [
      esc(d.notedOn),
      esc(d.description),
      esc([d.kpi, d.wp].filter(Boolean).join(', ')),
      esc(d.correctiveAction),
    ]),
  })}`;
}

function recommendations(c: SectionCtx): string {
  return table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.recommendations')),
    columns: [
      col(c, 'report.col.review'),
      col(c, 'report.col.recommendation'),
      col(c, 'report.col.response'),
      col(c, 'report.col.status'),
    ],
    rows: c.m.recommendations.map((r) => [
      `${esc(r.review)}${r.receivedOn ? `<br>${esc(r.receivedOn)}` : ''}`,
      esc(r.text),
      `${esc(r.response)}${r.actions ? `<br>${esc(r.actions)}` : ''}${r.kpis.length ? `<br>${h(c, 'report.col.kpi')}: ${list(r.kpis)}` : ''}`,
      esc(r.statusLabel),
    ]),
  });
}

function corrections(c: SectionCtx): string {
  return table({
    lang: c.lang,
    caption: c.n.table(c.t('report.section.corrections')),
    columns: [col(c, 'report.col.date'), col(c, 'report.col.type'), col(c, 'report.col.description')],
    rows: c.m.corrections.map((x) => [
      esc(x.createdAt.slice(0, 10)),
      esc(c.t(`records.kind.${x.kind}`)),
      `${esc(x.reason)}<br><small>${esc(x.originalId)} → ${esc(x.correctionId)}</small>`,
    ]),
  });
}

const RENDER: Record<SectionId, (c: SectionCtx) => string> = {
  summary,
  kpis,
  activities,
  events,
  publications,
  synergies,
  metrics,
  partners,
  timeline,
  deviations,
  recommendations,
  corrections,
};

/** The sections the report shows: corrections only when there are some. */
export const sectionsOf = (m: ReportModel): SectionId[] =>
  SECTION_IDS.filter((id) => id !== 'corrections' || m.corrections.length > 0);

export function renderSection(c: SectionCtx, id: SectionId): string {
  return `<section class="report-section" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(translate(c.lang, `report.section.${id}`))}</h2>\n${RENDER[id](c)}</section>`;
}
