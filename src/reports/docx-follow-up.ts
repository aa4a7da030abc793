/** The DOCX report's later sections: metrics with charts (PNG), partners, the timeline (Gantt), deviations, recommendations, corrections. */
import { AlignmentType, ImageRun, Paragraph } from 'docx';
import { monthOf } from '../plan/time';
import { chartPng } from './chart-png';
import { dateRange, heading1, none, type Block } from './docx-sections';
import type { DocxContext } from './docx-parts';
import { dataTable, para, paragraphs, TEXT_WIDTH_PX, type CellSpec } from './docx-parts';

/** Charts are drawn at twice their size on the page, for print. */
const CHART_SCALE = 2;

/** Website and social media: the latest value of every metric, then each chart as a PNG with its figure caption. */
export async function metricsSection(ctx: DocxContext): Promise<Block[]> {
  const title = ctx.t('report.section.metrics');
  const { metrics, charts } = ctx.model;
  const out: Block[] = [heading1(title)];
  if (metrics.length === 0 && charts.length === 0) return [...out, none(ctx)];
  if (metrics.length > 0) {
    out.push(
      ctx.tableCaption(title),
      dataTable(ctx, {
        columns: ctx.cols('channel', 'metric', 'value', 'date', 'startValue'),
        rows: metrics.map((m) => [m.channel, m.label, ctx.num(m.value), m.at, ctx.num(m.startValue)]),
        widths: [1.4, 3, 1.4, 1.6, 1.6],
      }),
    );
  }
  const pngs = await Promise.all(
    charts.map((c) => {
      const width = Math.min(c.width, TEXT_WIDTH_PX);
      return chartPng({ svg: c.svg, width: width * CHART_SCALE });
    }),
  );
  charts.forEach((c, i) => {
    const width = Math.min(c.width, TEXT_WIDTH_PX);
    const height = Math.max(1, Math.round((c.height * width) / Math.max(1, c.width)));
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: 200 },
        children: [
          new ImageRun({
            type: 'png',
            data: pngs[i]!,
            transformation: { width, height },
            altText: { id: ctx.drawingId(), name: `chart-${c.id}`, description: c.title, title: c.title },
          }),
        ],
      }),
      ctx.figureCaption(c.title),
    );
  });
  return out;
}

/** Partner contributions against §5.1: each partner's responsibilities beside what it did in the period. */
export function partnersSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.partners');
  const { partners } = ctx.model;
  if (partners.length === 0) return [heading1(title), none(ctx)];
  return [
    heading1(title),
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols(
        'partner',
        'responsibilities',
        'activities',
        'events',
        'publications',
        'synergies',
        'metrics',
        'total',
      ),
      rows: partners.map((p) => [
        { text: p.name && p.name !== p.code ? `${p.code}\n${p.name}` : p.code, bold: true },
        p.responsibilities.join('\n'),
        ctx.num(p.counts.activities),
        ctx.num(p.counts.events),
        ctx.num(p.counts.publications),
        ctx.num(p.counts.synergies),
        ctx.num(p.counts.metrics),
        { text: ctx.num(p.total), bold: true },
      ]),
      widths: [1.8, 4, 1.1, 1.1, 1.2, 1.1, 1.1, 1],
    }),
  ];
}

/** A colour mixed with white (the timeline's planned cells). */
const tint = (hex: string, keep: number): string =>
  [0, 2, 4]
    .map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16);
      return Math.round(255 - (255 - c) * keep)
        .toString(16)
        .padStart(2, '0');
    })
    .join('')
    .toUpperCase();

/**
 * The timeline as the seed's Figure 10, a Gantt grid: one row per plan item, one column per project month of the
 * period; ● (shaded in the primary colour) where something was done, ○ (tinted) where it was planned only.
 */
export function timelineSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.timeline');
  const { timeline, period, project } = ctx.model;
  if (timeline.length === 0) return [heading1(title), none(ctx)];
  const first = Math.max(1, monthOf(project.start, period.from));
  const last = Math.max(first, monthOf(project.start, period.to));
  const months = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const planned = tint(ctx.primary, 0.25);
  const rows = timeline.map((item) => {
    const done = new Set(item.doneMonths);
    const plan = new Set(item.plannedMonths);
    const cells: Array<string | CellSpec> = months.map((m) =>
      done.has(m) ? { text: '●', fill: ctx.primary } : plan.has(m) ? { text: '○', fill: planned } : '',
    );
    return [
      { text: item.label, bold: true },
      item.responsible.join(', '),
      item.stateLabel,
      ...cells,
    ] as Array<string | CellSpec>;
  });
  return [
    heading1(title),
    para(ctx.t('report.timeline.legend'), { size: 18, color: '404040' }),
    dataTable(ctx, {
      columns: [
        ...ctx.cols('item', 'partners', 'status'),
        ...months.map((m) => ctx.t('report.month', { m })),
      ],
      rows,
      widths: [4, 2, 2, ...months.map(() => 1)],
    }),
    ctx.figureCaption(title),
  ];
}

/** Deviations and corrective actions: the coordinator's text, then each deviation noted. */
export function deviationsSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.deviations');
  const { text, items } = ctx.model.deviations;
  const out: Block[] = [heading1(title), ...paragraphs(text)];
  if (items.length === 0) return text.trim() ? out : [...out, none(ctx)];
  return [
    ...out,
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols('date', 'kpi', 'wp', 'description', 'correctiveAction'),
      rows: items.map((d) => [d.notedOn, d.kpi ?? '', d.wp ?? '', d.description, d.correctiveAction]),
      widths: [1.4, 1.4, 1, 3.5, 3.5],
    }),
  ];
}

/** Follow-up of reviewers' recommendations: the review, its text, the response and actions, the KPIs that answer it. */
export function recommendationsSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.recommendations');
  const { recommendations } = ctx.model;
  if (recommendations.length === 0) return [heading1(title), none(ctx)];
  return [
    heading1(title),
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols('review', 'recommendation', 'response', 'kpi', 'status'),
      rows: recommendations.map((r) => [
        r.receivedOn ? `${r.review}\n${r.receivedOn}` : r.review,
        r.text,
        [r.response, r.actions].filter((s) => s.trim().length > 0).join('\n'),
        r.kpis.join(', '),
        r.statusLabel,
      ]),
      widths: [2, 3.5, 3.5, 1.4, 1.4],
    }),
  ];
}

/** Corrections to earlier reports: records corrected after a submission, flagged for this one. */
export function correctionsSection(ctx: DocxContext): Block[] {
  const title = ctx.t('report.section.corrections');
  const { corrections } = ctx.model;
  if (corrections.length === 0) return [heading1(title), none(ctx)];
  return [
    heading1(title),
    ctx.tableCaption(title),
    dataTable(ctx, {
      columns: ctx.cols('type', 'record', 'correction', 'reason', 'date'),
      rows: corrections.map((c) => [
        c.kind,
        c.originalId,
        c.correctionId,
        c.reason,
        dateRange(c.createdAt.slice(0, 10), null),
      ]),
      widths: [1.4, 2.6, 2.6, 3, 1.4],
    }),
  ];
}
