/**
 * Scenario `report` (issue 18): the year report's DOCX for 5,000 activities (renderDocx: cover, TOC, styled tables,
 * the chart rasterised, packed) beside the `docx` package packing the same tables directly (a minimal document: the
 * same cells as plain paragraphs, no styling, no cover, no chart), in milliseconds, interleaved; target ≤ 3×.
 * The model is the renderer tests' fixture with its activities scaled up (no database: this measures the format).
 */
import { performance } from 'node:perf_hooks';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { renderDocx } from '../src/reports/docx';
import type { ReportActivity, ReportModel } from '../src/reports/model';
import { reportModelFixture } from '../test/factories/report-model';
import { interleave, type PairedFigure } from './harness';
import type { Progress } from './progress';

const TYPES = [
  ['press_release', 'Press release'],
  ['video', 'Video'],
  ['newsletter', 'Newsletter'],
  ['social_media_post', 'Social media post'],
  ['workshop', 'Workshop'],
] as const;
const PARTNERS = ['F6S', 'KEIO', 'TST', 'CEA', 'NII', 'WU'];

/** The fixture with `n` activities spread over the year (deterministic), and their counts by type. */
export function scaledModel(n: number): ReportModel {
  const base = reportModelFixture({ lang: 'en' });
  const from = Date.parse(`${base.period.from}T00:00:00Z`);
  const items: ReportActivity[] = Array.from({ length: n }, (_, i) => {
    const [type, typeLabel] = TYPES[i % TYPES.length]!;
    const day = new Date(from + ((i * 7) % 365) * 86_400_000).toISOString().slice(0, 10);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `${typeLabel} ${i + 1}: results of the pilot in the city of ${['Santander', 'Fujisawa', 'Madrid'][i % 3]}`,
      type,
      typeLabel,
      category: 'communication',
      startDate: day,
      endDate: i % 4 === 0 ? day : null,
      status: 'Delivered',
      statusLabel: 'Delivered',
      leadPartner: PARTNERS[i % PARTNERS.length]!,
      partners: [PARTNERS[(i + 1) % PARTNERS.length]!],
      reached: i % 3 === 0 ? null : 100 + (i % 900),
      links: [`https://example.org/a/${i}`],
    };
  });
  const byType = TYPES.map(([type, label]) => {
    const of = items.filter((a) => a.type === type);
    const reached = of.reduce((s, a) => s + (a.reached ?? 0), 0);
    return { type, label, count: of.length, reached };
  });
  return {
    ...base,
    summary: { ...base.summary, counts: { ...base.summary.counts, activities: n } },
    activities: { byType, items },
  };
}

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The model's tables as plain cell strings (what the baseline packs). */
function plainTables(m: ReportModel): string[][][] {
  return [
    m.kpis.map((k) => [k.label, k.targetText, s(k.value), k.statusLabel, s(k.forecast), k.comment]),
    m.activities.byType.map((t) => [t.label, s(t.count), s(t.reached)]),
    m.activities.items.map((a) => [
      a.title,
      a.typeLabel,
      a.startDate,
      a.statusLabel,
      [a.leadPartner, ...a.partners].join(', '),
      s(a.reached),
    ]),
    m.events.map((e) => [
      e.name,
      e.kindLabel,
      `${e.city}, ${e.countryLabel}`,
      e.startDate,
      e.partners.join(', '),
      s(e.website),
    ]),
    m.synergies.map((x) => [x.initiative, x.kindLabel, s(x.description), x.partners.join(', '), x.date]),
    m.metrics.map((x) => [x.channel, x.label, s(x.value), x.at, s(x.startValue)]),
    m.partners.map((p) => [p.code, p.responsibilities.join('\n'), s(p.total)]),
    m.deviations.items.map((d) => [d.notedOn, s(d.kpi), s(d.wp), d.description, d.correctiveAction]),
    m.recommendations.map((r) => [r.review, r.text, r.response, r.kpis.join(', '), r.statusLabel]),
  ].filter((t) => t.length > 0);
}

/** The baseline: `docx` packing the same tables, each cell one plain paragraph, nothing else in the document. */
async function packTablesDirectly(m: ReportModel): Promise<Uint8Array> {
  const tables = plainTables(m).map(
    (rows) =>
      new Table({
        rows: rows.map(
          (r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph(c)] })) }),
        ),
      }),
  );
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: tables }] })));
}

const timed = async (fn: () => Promise<Uint8Array>, sizes: number[]): Promise<number> => {
  const t0 = performance.now();
  const bytes = await fn();
  const ms = performance.now() - t0;
  sizes.push(bytes.length);
  return ms;
};

export async function reportScenario(o: {
  activities: number;
  pairs?: number;
  progress: Progress;
}): Promise<PairedFigure> {
  const model = scaledModel(o.activities);
  const aSizes: number[] = [];
  const bSizes: number[] = [];
  const figure = await interleave({
    scenario: `report docx @${o.activities} activities`,
    a: {
      label: `renderDocx: the year report (${o.activities} activities, styled tables, TOC, cover, chart PNG)`,
      run: () => timed(() => renderDocx(model), aSizes),
    },
    b: {
      label: 'docx packing the same tables directly (plain cells, no styling)',
      run: () => timed(() => packTablesDirectly(model), bSizes),
    },
    unit: 'ms',
    pairs: o.pairs,
    warmup: true,
    target: { op: '<=', ratio: 3 },
    onPair: (p, a, b) => o.progress.note(`report pair ${p + 1}: ${a.toFixed(0)} ms vs ${b.toFixed(0)} ms`),
  });
  return {
    ...figure,
    extra: { activities: o.activities, docxBytes: aSizes.at(-1), baselineBytes: bSizes.at(-1) },
  };
}
