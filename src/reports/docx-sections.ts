/** The DOCX report's first sections: summary, KPI table, activities by type, events (Table 4), publications, synergies (Table 5). */
import { HeadingLevel, Paragraph, TextRun, type Table } from 'docx';
import { formatId } from '../i18n';
import type { DocxContext } from './docx-parts';
import { dataTable, para, paragraphs } from './docx-parts';

export type Block = Paragraph | Table;

export const heading1 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, text });
export const heading2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, text });
export const none = (ctx: DocxContext) => para(ctx.t('report.none'), { color: '595959' });

/** "a – b", or "a" when both ends are the same day or there is no end. */
export const dateRange = (from: string, to: string | null): string =>
  to && to !== from ? `${from} – ${to}` : from;

export function summarySection(ctx: DocxContext): Block[] {
  const { summary } = ctx.model;
  const c = summary.counts;
  const counts = [
    ctx.t('report.labelled', { label: ctx.t('report.col.activities'), value: ctx.num(c.activities) }),
    ctx.t('report.labelled', { label: ctx.t('report.col.events'), value: ctx.num(c.events) }),
    ctx.t('report.labelled', { label: ctx.t('report.col.publications'), value: ctx.num(c.publications) }),
    ctx.t('report.labelled', { label: ctx.t('report.col.synergies'), value: ctx.num(c.synergies) }),
  ].join(' · ');
  return [
    heading1(ctx.t('report.section.summary')),
    ...paragraphs(summary.text),
    para(counts, { bold: true }),
  ];
}

/** The KPI table (Table 1): target, value, status, forecast, the coordinator's comment; a KPI's parts below it. */
export function kpiSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.kpis');
  const { kpis } = ctx.model;
  if (kpis.length === 0) return [heading1(title), none(ctx)];
  const rows = kpis.flatMap((k) => [
    [
      { text: k.unit ? `${k.label} (${k.unit})` : k.label, bold: true },
      k.comparator === '>' ? `> ${k.targetText}` : k.targetText,
      k.hasValue ? ctx.num(k.value) : '—',
      k.statusLabel,
      ctx.num(k.forecast),
      k.comment,
    ],
    ...k.parts.map((p) => [
      `– ${p.label}`,
      ctx.num(p.target),
      ctx.num(p.value),
      ctx.t(p.met ? 'report.part.met' : 'report.part.notMet'),
      '',
      '',
    ]),
  ]);
  return [
    heading1(title),
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols('kpi', 'target', 'value', 'status', 'forecast', 'comment'),
      rows,
      widths: [2.6, 1.1, 1.1, 1.3, 1.3, 2.8],
    }),
  ];
}

/** Communication activities: the count per type (Table 2), then every activity of the period (Table 3). */
export function activitiesSection(ctx: DocxContext): Block[] {
  const { byType, items } = ctx.model.activities;
  const out: Block[] = [heading1(ctx.t('report.section.activities'))];
  const byTypeTitle = ctx.t('report.activities.byType');
  out.push(heading2(byTypeTitle));
  if (byType.length === 0) out.push(none(ctx));
  else {
    out.push(
      ctx.tableCaption(byTypeTitle),
      dataTable(ctx, {
        columns: [ctx.t('report.col.type'), ctx.t('report.col.count'), ctx.t('report.col.reached')],
        rows: byType.map((t) => [t.label, ctx.num(t.count), ctx.num(t.reached)]),
        widths: [3, 1, 1.5],
      }),
    );
  }
  const listTitle = ctx.t('report.activities.list');
  out.push(heading2(listTitle));
  if (items.length === 0) out.push(none(ctx));
  else {
    out.push(
      ctx.tableCaption(listTitle),
      dataTable(ctx, {
        columns: ctx.cols('title', 'type', 'date', 'status', 'partners', 'reached'),
        rows: items.map((a) => [
          a.title,
          a.typeLabel,
          dateRange(a.startDate, a.endDate),
          a.statusLabel,
          [a.leadPartner, ...a.partners.filter((p) => p !== a.leadPartner)].join(', '),
          ctx.num(a.reached),
        ]),
        widths: [3, 1.5, 1.7, 1.2, 1.4, 1.4],
      }),
    );
  }
  return out;
}

/** Events as the seed's Table 4: name, kind, city and country, date, partners, website. */
export function eventsSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.events');
  const { events } = ctx.model;
  if (events.length === 0) return [heading1(title), none(ctx)];
  return [
    heading1(title),
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols('event', 'type', 'place', 'date', 'partners', 'website'),
      rows: events.map((e) => [
        e.name,
        e.kindLabel,
        [e.city, e.countryLabel].filter((s) => s.length > 0).join(', '),
        dateRange(e.startDate, e.endDate),
        e.partners.join(', '),
        e.website ?? '',
      ]),
      widths: [3, 1.4, 1.8, 1.8, 1.4, 2.4],
    }),
  ];
}

/** The bibliography: each reference in the report's CSL style, then its DOI, open-access status and repository copy. */
export function publicationsSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.publications');
  const { publications } = ctx.model;
  if (publications.length === 0) return [heading1(title), none(ctx)];
  const out: Block[] = [heading1(title)];
  publications.forEach((p, i) => {
    const details = [
      ctx.t('report.labelled', { label: ctx.t('report.col.openAccess'), value: p.openAccessLabel }),
      ...(p.doi ? [ctx.t('report.labelled', { label: 'DOI', value: p.doi })] : []),
      ...(p.repositoryUrl
        ? [ctx.t('report.labelled', { label: ctx.t('report.col.repository'), value: p.repositoryUrl })]
        : []),
    ].join(' · ');
    out.push(
      new Paragraph({
        style: 'Bibliography',
        indent: { left: 567, hanging: 567 },
        spacing: { after: 40 },
        children: [new TextRun(`[${formatId(i + 1)}]\t${p.citation}`)],
      }),
      new Paragraph({
        indent: { left: 567 },
        spacing: { after: 160 },
        children: [new TextRun({ text: details, size: 18, color: '404040' })],
      }),
    );
  });
  return out;
}

/** Synergies and standardisation as the seed's Table 5: initiative or body, kind, description, partners, date. */
export function synergiesSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.synergies');
  const { synergies } = ctx.model;
  if (synergies.length === 0) return [heading1(title), none(ctx)];
  return [
    heading1(title),
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols('initiative', 'type', 'description', 'partners', 'date'),
      rows: synergies.map((s) => [
        s.initiative,
        s.kindLabel,
        s.description ?? '',
        s.partners.join(', '),
        s.date,
      ]),
      widths: [2.4, 1.6, 4, 1.4, 1.4],
    }),
  ];
}
