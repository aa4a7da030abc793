/**
 * The report's KPI table and charts. A year report takes the yearly figures (frozen when the year is closed, else
 * live: src/kpi/years.ts); a range report evaluates the window. Values come from the SQL engine; status and forecast
 * follow the dashboard's rules (src/kpi/status.ts).
 */
import type { Db } from '../db/client';
import { translate, type Lang } from '../i18n';
import { loadCharts, pairedBars, progressChart } from '../kpi/charts';
import { paletteOf } from '../kpi/dashboard-charts';
import { evaluateKpis, type KpiValue } from '../kpi/engine';
import { assess, worst } from '../kpi/status';
import { yearColumns } from '../kpi/years';
import { localize, type Plan } from '../plan/schema';
import { elapsedMonths } from '../plan/time';
import type { ReportChart, ReportKpiRow, ReportMetric, ReportPeriod } from './model';

/**
 * Every KPI at the period's end. Year report: as of the year's last day counted from the project start; a closed
 * year's frozen value replaces the live one (status and forecast re-assessed on it). Range report: the records
 * dated in the range (no status unless it starts at the project start, as on the dashboard).
 */
export async function periodKpis(
  db: Db,
  q: { projectId: string; plan: Plan; period: ReportPeriod; today: string },
): Promise<KpiValue[]> {
  const { plan, period } = q;
  const start = plan.project.start_date;
  const live = await evaluateKpis(db, {
    projectId: q.projectId,
    plan,
    at: period.to,
    ...(period.year === null ? { from: period.from } : {}),
  });
  if (period.year === null) return live;
  const column = (await yearColumns(db, { projectId: q.projectId, plan, today: q.today })).find(
    (c) => c.year === period.year,
  );
  if (!column?.closure) return live;
  const duration = plan.project.duration_months;
  const elapsed = elapsedMonths(start, period.to, duration);
  return live.map((k) => {
    const frozen = column.figures.get(k.id);
    if (!frozen || (frozen.value === k.value && frozen.hasValue === k.hasValue)) return k;
    const a = assess({
      value: frozen.value,
      target: k.target,
      comparator: k.comparator,
      elapsedMonths: elapsed,
      durationMonths: duration,
    });
    let status = a.status;
    for (const p of k.parts)
      status = worst(
        status,
        assess({
          value: p.value,
          target: p.target,
          comparator: p.comparator,
          elapsedMonths: elapsed,
          durationMonths: duration,
        }).status,
      );
    const met = a.met && k.parts.every((p) => p.met);
    return {
      ...k,
      value: frozen.value,
      hasValue: frozen.hasValue,
      met,
      status: met ? 'achieved' : status,
      forecast: a.forecast,
      expected: a.expected,
    };
  });
}

/** The KPI table's rows in `lang`, each with the coordinator's comment for this report. */
export function kpiRows(kpis: KpiValue[], comments: Map<string, string>, lang: Lang): ReportKpiRow[] {
  return kpis.map((k) => ({
    id: k.id,
    label: localize(k.label, lang),
    unit: k.unit ?? null,
    target: k.target,
    targetText: k.targetText,
    comparator: k.comparator,
    value: k.value,
    hasValue: k.hasValue,
    status: k.status,
    statusLabel:
      k.status === null ? translate(lang, 'reports.status.none') : translate(lang, `dash.status.${k.status}`),
    forecast: k.forecast,
    comment: comments.get(`kpi:${k.id}`) ?? '',
    parts: k.parts.map((p) => ({
      id: p.id,
      label: localize(p.label, lang),
      value: p.value,
      target: p.target,
      met: p.met,
    })),
  }));
}

const sizeOf = (svg: string): { width: number; height: number } => ({
  width: Number(/\bwidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 720),
  height: Number(/\bheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 320),
});

/** The report's charts in the plan's palette: each KPI as a share of its target; each metric at the period's start and end. */
export async function reportCharts(opts: {
  plan: Plan;
  kpis: ReportKpiRow[];
  metrics: ReportMetric[];
  lang: Lang;
}): Promise<ReportChart[]> {
  await loadCharts();
  const { lang } = opts;
  const palette = paletteOf(opts.plan);
  const charts: ReportChart[] = [];
  if (opts.kpis.length > 0) {
    const title = translate(lang, 'reports.chart.kpis');
    const svg = progressChart({
      title,
      palette,
      rows: opts.kpis.map((k) => ({
        label: k.label,
        share: k.target > 0 ? k.value / k.target : 0,
        met: k.status === 'achieved',
      })),
    });
    charts.push({ id: 'kpis', title, svg, ...sizeOf(svg) });
  }
  if (opts.metrics.length > 0) {
    const title = translate(lang, 'reports.chart.metrics');
    const svg = pairedBars({
      title,
      palette,
      categories: opts.metrics.map((m) => m.label),
      series: [
        { name: translate(lang, 'reports.chart.start'), values: opts.metrics.map((m) => m.startValue) },
        { name: translate(lang, 'reports.chart.end'), values: opts.metrics.map((m) => m.value) },
      ],
    });
    charts.push({ id: 'metrics', title, svg, ...sizeOf(svg) });
  }
  return charts;
}
