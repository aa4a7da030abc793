/**
 * Charts rendered on the server to SVG with echarts (SSR), readable without JavaScript and the same in documents.
 * The SVG goes inline into pages: echarts' own <style> block is dropped (the page's CSP allows no inline style;
 * presentation attributes carry the look) and element ids get a per-chart prefix so charts never collide.
 */
import { randomBytes } from 'node:crypto';
import type * as EchartsModule from 'echarts';
import type { EChartsCoreOption } from 'echarts';

type Echarts = typeof EchartsModule;
let lib: Echarts | undefined;

/**
 * Loads echarts (about 44 MB and most of a second) the first time a page with charts is rendered, not when the
 * server starts: a route that renders charts awaits this before it renders.
 */
export async function loadCharts(): Promise<void> {
  lib ??= await import('echarts');
}

function echartsLib(): Echarts {
  if (!lib) throw new Error('charts: loadCharts() must be awaited before a chart is rendered');
  return lib;
}

export interface Palette {
  primary: string;
  accent: string;
  warn: string;
}

const DEFAULT_PALETTE: Palette = { primary: '#1f4e79', accent: '#5b9bd5', warn: '#c0504d' };

function render(width: number, height: number, option: EChartsCoreOption, title: string): string {
  const chart = echartsLib().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const prefix = `c${randomBytes(4).toString('hex')}`;
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/\bzr\d+-/g, `${prefix}-`)
    .replace('<svg ', `<svg role="img" aria-label="${escapeAttr(title)}" `);
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A small line of monthly values, with the straight line to the target dashed behind it. */
export function sparkline(opts: {
  values: number[];
  target: number;
  duration: number;
  title: string;
  palette?: Palette;
  width?: number;
  height?: number;
}): string {
  const p = opts.palette ?? DEFAULT_PALETTE;
  const months = Array.from({ length: opts.duration }, (_, i) => i + 1);
  const max = Math.max(opts.target, ...opts.values, 1);
  return render(
    opts.width ?? 180,
    opts.height ?? 44,
    {
      grid: { left: 1, right: 1, top: 3, bottom: 3 },
      xAxis: { type: 'category', show: false, data: months, boundaryGap: false },
      yAxis: { type: 'value', show: false, min: 0, max },
      series: [
        {
          type: 'line',
          data: months.map((m) => (opts.target * m) / opts.duration),
          symbol: 'none',
          lineStyle: { color: p.accent, width: 1, type: 'dashed' },
          silent: true,
        },
        {
          type: 'line',
          data: opts.values,
          symbol: 'none',
          lineStyle: { color: p.primary, width: 2 },
          areaStyle: { color: p.accent, opacity: 0.25 },
        },
      ],
    },
    opts.title,
  );
}

/** Horizontal bars: each KPI's value as a share of its target (capped at 150 %), the 100 % line marked. */
export function progressChart(opts: {
  rows: Array<{ label: string; share: number; met: boolean }>;
  title: string;
  palette?: Palette;
  width?: number;
}): string {
  const p = opts.palette ?? DEFAULT_PALETTE;
  const rows = [...opts.rows].reverse();
  return render(
    opts.width ?? 720,
    Math.max(120, rows.length * 26 + 50),
    {
      grid: { left: 260, right: 40, top: 20, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: 150, axisLabel: { formatter: '{value} %' } },
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.label),
        axisLabel: { width: 250, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => ({
            value: Math.round(Math.min(150, r.share * 100)),
            itemStyle: { color: r.met ? p.primary : p.accent },
          })),
          label: { show: true, position: 'right', formatter: '{c} %' },
          markLine: {
            symbol: 'none',
            silent: true,
            data: [{ xAxis: 100 }],
            lineStyle: { color: p.warn, type: 'solid' },
          },
        },
      ],
    },
    opts.title,
  );
}

/** Vertical bars in two series per category (e.g. a metric at a period's start and end), values labelled. */
export function pairedBars(opts: {
  categories: string[];
  series: [{ name: string; values: Array<number | null> }, { name: string; values: Array<number | null> }];
  title: string;
  palette?: Palette;
  width?: number;
  height?: number;
}): string {
  const p = opts.palette ?? DEFAULT_PALETTE;
  const colours = [p.accent, p.primary];
  return render(
    opts.width ?? 720,
    opts.height ?? 320,
    {
      legend: { top: 0, data: opts.series.map((s) => s.name) },
      grid: { left: 60, right: 20, top: 40, bottom: 80 },
      xAxis: {
        type: 'category',
        data: opts.categories,
        axisLabel: {
          interval: 0,
          rotate: opts.categories.length > 4 ? 30 : 0,
          width: 140,
          overflow: 'truncate',
        },
      },
      yAxis: { type: 'value', min: 0 },
      series: opts.series.map((s, i) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: colours[i] },
        label: { show: true, position: 'top' },
      })),
    },
    opts.title,
  );
}
