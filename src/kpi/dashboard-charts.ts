/**
 * The dashboard's charts in one language: the progress bars and a sparkline per KPI, as SVG strings by key. The
 * figure-refresh job renders them once per change (both languages) and the cache keeps them; only the live path
 * (no cached row yet, or a period view) renders them per request.
 */
import { localize, type Plan } from '../plan/schema';
import { paletteRoles } from '../projects/plan-view';
import { translator, type Lang } from '../i18n';
import { loadCharts, progressChart, sparkline, type Palette } from './charts';
import type { KpiHistory } from './history';
import type { KpiValue } from './engine';

/** SVG by key: `progress`, `spark:<kpi id>`. */
export type ChartSet = Record<string, string>;

export const PROGRESS_CHART = 'progress';
export const sparkKey = (kpiId: string): string => `spark:${kpiId}`;

export function paletteOf(plan: Plan): Palette {
  const roles = paletteRoles(plan.identity?.palette ?? []);
  return { primary: roles.brand1, accent: roles.brand2, warn: roles.brand3 };
}

/** Renders every chart of the dashboard in `lang` (loads echarts on first use). */
export async function renderDashboardCharts(opts: {
  plan: Plan;
  kpis: KpiValue[];
  history: KpiHistory[];
  lang: Lang;
}): Promise<ChartSet> {
  await loadCharts();
  const { plan, lang } = opts;
  const t = translator(lang);
  const palette = paletteOf(plan);
  const out: ChartSet = {
    [PROGRESS_CHART]: progressChart({
      title: t('dash.progressTitle'),
      palette,
      rows: opts.kpis.map((k) => ({
        label: localize(k.label, lang),
        share: k.target > 0 ? k.value / k.target : 0,
        met: k.met,
      })),
    }),
  };
  for (const k of opts.kpis) {
    const values = opts.history.find((h) => h.id === k.id)?.values ?? [];
    if (values.length === 0) continue;
    out[sparkKey(k.id)] = sparkline({
      values,
      target: k.target,
      duration: plan.project.duration_months,
      palette,
      title: t('dash.sparkline', { label: localize(k.label, lang) }),
    });
  }
  return out;
}
