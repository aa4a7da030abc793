/**
 * `herald report --project ID --year N | --from DATE --to DATE --format docx|html|pdf [--lang ja] -o FILE`: assembles
 * and renders the report in-process (reads only, like `herald kpi`), with a progress bar on a terminal (progress
 * lines otherwise), and writes the file.
 */
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { cliActor, withDatabase } from './context';
import { cliIo, userPath } from './io';

interface ReportOpts {
  project?: string;
  year?: number;
  from?: string;
  to?: string;
  format?: 'docx' | 'html' | 'pdf';
  lang: 'en' | 'ja';
  output?: string;
}

const yearArg = (v: string): number => {
  if (!/^\d{1,2}$/.test(v)) throw new InvalidArgumentError('a project year is a whole number (1, 2, …).');
  return Number(v);
};

/** A progress bar on a terminal (cli-progress), else a line at every further 25 %. */
async function progressOf(): Promise<{ update(f: number): void; stop(): void }> {
  const stderr = cliIo().err;
  if (stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        stream: stderr as NodeJS.WritableStream,
        format: 'report |{bar}| {percentage}%',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0);
    return { update: (f) => bar.update(Math.round(f * 100)), stop: () => bar.stop() };
  }
  let next = 0;
  return {
    update(f) {
      const pct = Math.floor(f * 100);
      if (pct < next) return;
      next = Math.floor(pct / 25) * 25 + 25;
      stderr.write(`report: ${pct}%\n`);
    },
    stop() {},
  };
}

export function reportCommand(): Command {
  return (
    new Command('report')
      .description('write the Dissemination Activities Report of a project year or a date range to a file')
      // Not commander's required options: they would be demanded of `report submit` too (checked in the action).
      .option('--project <id>', 'project id (e.g. m-sec)')
      .option('--year <n>', 'a project year (1, 2, …)', yearArg)
      .option('--from <date>', 'first day of a date range (YYYY-MM-DD)')
      .option('--to <date>', 'last day of a date range (YYYY-MM-DD)')
      .addOption(new Option('--format <format>', 'file format').choices(['docx', 'html', 'pdf']))
      .addOption(new Option('--lang <lang>', 'the report’s language').choices(['en', 'ja']).default('en'))
      .option('-o, --output <file>', 'the file to write')
      .action(async (given: ReportOpts, cmd: Command) => {
        const { project, format, output } = given;
        if (project === undefined) return cmd.error(`error: required option '--project <id>' not specified`);
        if (format === undefined)
          return cmd.error(`error: required option '--format <format>' not specified`);
        if (output === undefined)
          return cmd.error(`error: required option '-o, --output <file>' not specified`);
        const opts = { ...given, project, format, output };
        const [{ assembleReport }, { renderReport }, { systemActor }, { systemClock }] = await Promise.all([
          import('../reports/assemble'),
          import('../reports/render'),
          import('../auth/permissions'),
          import('../lib/clock'),
        ]);
        const progress = await progressOf();
        try {
          const file = await withDatabase(async (d) => {
            // Assembly is 90 % of the bar, rendering the rest.
            const model = await assembleReport(d.db, {
              actor: systemActor(cliActor()),
              projectId: opts.project,
              ...(opts.year !== undefined ? { year: opts.year } : {}),
              ...(opts.from !== undefined ? { from: opts.from } : {}),
              ...(opts.to !== undefined ? { to: opts.to } : {}),
              lang: opts.lang,
              clock: systemClock,
              onProgress: (f) => progress.update(f * 0.9),
            });
            return renderReport(model, opts.format);
          });
          const path = userPath(opts.output);
          await writeFile(path, file.bytes);
          progress.update(1);
          progress.stop();
          cliIo().out.write(`wrote ${opts.output} (${file.format}, ${file.bytes.byteLength} bytes)\n`);
        } finally {
          progress.stop();
        }
      })
  );
}
