/**
 * `herald report submit`: submits a project year's (or a date range's) report: files stored, figures frozen, the
 * evidence manifest signed, the year closed, the Delivered activities it lists locked. The `report` command
 * (generation) carries this as its `submit` subcommand (src/cli/main.ts). The pre-flight gates it as on the web:
 * errors refuse (listed, no override), warnings refuse unless `--accept-warnings` (src/reports/submit-gate.ts).
 */
import { Command, Option } from 'commander';
import { CliExit, cliActor, withDatabase } from './context';
import { cliIo } from './io';

interface SubmitCliOpts {
  project: string;
  year?: number;
  from?: string;
  to?: string;
  lang: 'en' | 'ja';
  format?: string;
  acceptWarnings?: boolean;
}

const yearOption = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);

export function reportSubmitCommand(): Command {
  const cmd = new Command('submit')
    .description(
      'submit a report: its files and figures are stored and signed, the year is closed, Delivered activities locked',
    )
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .option('--year <n>', 'the project year (1, 2, …)', yearOption)
    .option('--from <date>', 'first day of a date range (YYYY-MM-DD)')
    .option('--to <date>', 'last day of a date range (YYYY-MM-DD)')
    .addOption(new Option('--lang <lang>', 'the report’s language').choices(['en', 'ja']).default('en'))
    .option(
      '--format <list>',
      'files to store, comma-separated (default: html,docx and pdf when Chromium is found)',
    )
    .option(
      '--accept-warnings',
      'submit although the pre-flight found warnings (after reviewing them); errors always refuse',
    )
    .action(async (opts: SubmitCliOpts) => {
      const [{ submitReport }, { systemActor }, { keyFileOf, loadConfig }, { systemClock }] =
        await Promise.all([
          import('../reports/submit'),
          import('../auth/permissions'),
          import('../config'),
          import('../lib/clock'),
        ]);
      const formats = opts.format
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      const bad = formats?.find((f) => !['docx', 'html', 'pdf'].includes(f));
      if (bad !== undefined) {
        const { AppError } = await import('../errors');
        throw new AppError({ code: 'bad_parameter', message: `--format: "${bad}" is not docx, html or pdf` });
      }
      const r = await withDatabase((d) =>
        submitReport(d.db, {
          actor: systemActor(cliActor()),
          projectId: opts.project,
          ...(opts.year !== undefined ? { year: opts.year } : {}),
          ...(opts.from !== undefined ? { from: opts.from } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
          lang: opts.lang,
          clock: systemClock,
          keyFile: keyFileOf(loadConfig()),
          acceptWarnings: opts.acceptWarnings === true,
          ...(formats ? { formats: formats as Array<'docx' | 'html' | 'pdf'> } : {}),
        }),
      ).catch(async (e: unknown) => {
        const { isAppError } = await import('../errors');
        if (!isAppError(e) || (e.code !== 'preflight_errors' && e.code !== 'preflight_warnings')) throw e;
        // The pre-flight's refusal names every finding (record, field, problem), as its page does.
        const err = cliIo().err;
        err.write(`herald: ${e.message}\n`);
        for (const d of e.details) err.write(`  ${d.path ?? ''}: ${d.message}\n`);
        throw new CliExit(1);
      });
      const out = cliIo().out;
      out.write(`report ${r.reportId} submitted (${r.scope}, ${r.lang})\n`);
      for (const f of r.files)
        out.write(`  ${f.format}  ${f.fileName}  ${f.size} bytes  sha256 ${f.sha256}\n`);
      out.write(`merkle root      ${r.merkleRoot}\n`);
      out.write(`key fingerprint  ${r.keyFingerprint} (key ${r.keyId})\n`);
      out.write(`records locked   ${r.locked}\n`);
      if (r.year) out.write(`year             ${r.year === 'closed' ? 'closed now' : 'already closed'}\n`);
    });
  cmd.exitOverride();
  return cmd;
}
