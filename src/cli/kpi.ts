/** `herald kpi`: every KPI of a project with value, target, status and forecast, as a table or JSON. */
import { Command } from 'commander';
import { withDatabase } from './context';
import { cliIo } from './io';

const STATUS_TEXT = {
  achieved: 'achieved',
  on_track: 'on track',
  at_risk: 'at risk',
  behind: 'behind',
} as const;

export function kpiCommand(): Command {
  return new Command('kpi')
    .description('print every KPI of a project: value, target, status and forecast')
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .option(
      '--at <date>',
      'evaluate as of this date (YYYY-MM-DD; default today); a date after the project end is clamped to the end',
    )
    .option('--from <date>', 'only count records dated from this day (a period view; no status)')
    .option('--year <n>', 'a project year (1, 2, …): its records only', (v) => Number(v))
    .option('--lang <lang>', 'language of the labels (en or ja)', 'en')
    .option('--json', 'print JSON: [{ id, label, value, target, status, forecast, parts }]')
    .action(
      async (opts: {
        project: string;
        at?: string;
        from?: string;
        year?: number;
        lang: string;
        json?: boolean;
      }) => {
        const [{ getKpiReport }, { localize }] = await Promise.all([
          import('../kpi/service'),
          import('../plan/schema'),
        ]);
        const report = await withDatabase((d) =>
          getKpiReport(d.db, { projectId: opts.project, at: opts.at, from: opts.from, year: opts.year }),
        );
        // The window rule (src/kpi/service.ts resolveWindow) is the dashboard's: say when it moved a date.
        if (report.clamped?.at)
          cliIo().err.write(
            `note: --at ${report.clamped.at} is after the project end; figures are as of the project end, ${report.at}\n`,
          );
        if (report.clamped?.from)
          cliIo().err.write(
            `note: --from ${report.clamped.from} is before the project start; the period starts at ${report.from}\n`,
          );
        const label = (l: Parameters<typeof localize>[0]) => localize(l, opts.lang);
        if (opts.json) {
          const out = report.kpis.map((k) => ({
            id: k.id,
            label: label(k.label),
            value: k.value,
            target: k.target,
            comparator: k.comparator,
            status: k.status,
            forecast: k.forecast,
            ...(k.hasValue ? {} : { no_value: true }),
            parts: k.parts.map((p) => ({
              id: p.id,
              label: label(p.label),
              value: p.value,
              target: p.target,
              comparator: p.comparator,
              met: p.met,
            })),
          }));
          cliIo().out.write(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        const rows = report.kpis.flatMap((k) => [
          [
            k.id,
            k.hasValue ? String(k.value) : '—',
            `${k.comparator} ${k.target}`,
            k.status ? STATUS_TEXT[k.status] : '',
            k.forecast === null ? '' : String(k.forecast),
          ],
          ...k.parts.map((p) => [
            `  └ ${p.id}`,
            String(p.value),
            `${p.comparator} ${p.target}`,
            p.met ? 'met' : 'not met',
            '',
          ]),
        ]);
        const header = ['KPI', 'value', 'target', 'status', 'forecast'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
        const line = (r: string[]) =>
          r
            .map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
            .join('  ')
            .trimEnd();
        cliIo().out.write(
          `${report.projectId}: KPIs from ${report.from} to ${report.at} (plan version ${report.planVersion})\n`,
        );
        cliIo().out.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
      },
    );
}
