/**
 * `herald lint FILE...`: check materials against the plan's visual identity and the funder's acknowledgement rules
 * (src/brand). The plan is the project's current one (`--project`) or a plan file (`--plan`, no database: for
 * partners' pipelines). Exit 0 when no error (warnings allowed), 1 when any error or unreadable file, 2 on usage
 * errors.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { isLang, type Lang } from '../i18n';
import type { Plan } from '../plan/schema';
import type { FileResult } from '../brand/check';
import { CONTEXTS, type LintContext } from '../brand/types';
import { isNetwork, NETWORKS } from '../brand/reference/networks';
import { CliExit, withDatabase } from './context';
import { cliIo, userPath } from './io';

const FORMATS = ['text', 'json', 'sarif'] as const;

interface LintCliOptions {
  project?: string;
  plan?: string;
  format: string;
  context: string;
  lang: string;
  social?: string;
  publication?: boolean;
  assets?: string;
}

function usage(message: string): never {
  cliIo().err.write(`herald lint: ${message}\n`);
  throw new CliExit(2);
}

async function planOf(opts: LintCliOptions): Promise<{ plan: Plan; assetsDir?: string }> {
  if (opts.plan) {
    const { parsePlan, formatIssue } = await import('../plan/loader');
    let text: string;
    try {
      text = await readFile(userPath(opts.plan), 'utf8');
    } catch (e) {
      usage(`--plan ${opts.plan}: cannot read: ${(e as Error).message}`);
    }
    const r = parsePlan(text, opts.plan);
    if (!r.ok) {
      for (const issue of r.errors) cliIo().err.write(`${formatIssue(issue)}\n`);
      usage(`--plan ${opts.plan}: not a valid plan`);
    }
    return { plan: r.plan, assetsDir: opts.assets ? userPath(opts.assets) : dirname(userPath(opts.plan)) };
  }
  const projectId = opts.project!;
  const [{ getCurrentPlan }, { loadConfig }] = await Promise.all([
    import('../projects/repository'),
    import('../config'),
  ]);
  const current = await withDatabase((d) => getCurrentPlan(d.db, projectId));
  if (!current) usage(`--project ${projectId}: no such project`);
  return {
    plan: current.plan,
    assetsDir: opts.assets ? userPath(opts.assets) : join(loadConfig().HERALD_DATA_DIR, 'assets'),
  };
}

export function lintCommand(): Command {
  return new Command('lint')
    .description(
      "check materials (DOCX, PPTX, ODT, PDF, HTML, Markdown, text, social posts) against the plan's identity and funding rules",
    )
    .argument('<files...>', 'files to check')
    .option('--project <id>', 'the project whose current plan holds the rules')
    .option('--plan <file>', 'a plan YAML file instead of a project (no database)')
    .option('--format <format>', 'text, json or sarif', 'text')
    .option(
      '--context <context>',
      'which funding sentence: dissemination, patent or standard',
      'dissemination',
    )
    .option('--lang <lang>', 'language of the messages (en or ja)', 'en')
    .option(
      '--social <network>',
      `each file is a social post for this network (${Object.keys(NETWORKS).join(', ')})`,
    )
    .option('--publication', 'check as a scientific publication: grant numbers and open-access route')
    .option('--assets <dir>', "folder of the plan's asset files (emblems recognised by their SHA-256)")
    .action(async (files: string[], opts: LintCliOptions) => {
      if (!opts.project === !opts.plan) usage('give exactly one of --project ID or --plan FILE.yaml');
      if (!(FORMATS as readonly string[]).includes(opts.format))
        usage(`--format: expected text, json or sarif, not "${opts.format}"`);
      if (!(CONTEXTS as readonly string[]).includes(opts.context))
        usage(`--context: expected dissemination, patent or standard, not "${opts.context}"`);
      if (!isLang(opts.lang)) usage(`--lang: expected en or ja, not "${opts.lang}"`);
      if (opts.social !== undefined && !isNetwork(opts.social))
        usage(`--social: expected one of ${Object.keys(NETWORKS).join(', ')}, not "${opts.social}"`);
      const lang: Lang = opts.lang;
      const { plan, assetsDir } = await planOf(opts);
      const [{ createLinter, hasErrors }, render, { sarifReport }, { BrandInputError, INPUT_LIMITS }] =
        await Promise.all([
          import('../brand/check'),
          import('../brand/render'),
          import('../brand/sarif'),
          import('../brand/inputs'),
        ]);
      const lint = await createLinter({
        plan,
        context: opts.context as LintContext,
        publication: opts.publication ?? false,
        assetsDir,
      });
      const social = opts.social ? { social: { network: opts.social } } : {};
      const results: FileResult[] = [];
      // One file in memory at a time; a file over the limit is refused before it is read.
      for (const file of files) {
        const refuse = (reason: string, params: Record<string, string | number>) =>
          results.push({ file, diagnostics: [], error: new BrandInputError({ file, reason, params }) });
        let bytes: Uint8Array;
        try {
          const { size } = await stat(userPath(file));
          if (size > INPUT_LIMITS.fileBytes) {
            refuse('tooLarge', { limit: INPUT_LIMITS.fileBytes });
            continue;
          }
          bytes = new Uint8Array(await readFile(userPath(file)));
        } catch (e) {
          refuse('unreadable', { detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
          continue;
        }
        results.push(await lint({ file, bytes, ...social }));
      }
      const out =
        opts.format === 'json'
          ? render.jsonReport(results, lang)
          : opts.format === 'sarif'
            ? `${JSON.stringify(sarifReport(results, lang), null, 2)}\n`
            : render.textReport(results, lang);
      cliIo().out.write(out);
      if (hasErrors(results)) throw new CliExit(1);
    });
}
