/** `herald plan …`: check a plan file, import it as a project's next version. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import { planCheckText } from '../plan/check-text';
import { formatIssue, parsePlan, type LocatedIssue } from '../plan/loader';
import { isLang, type Lang } from '../i18n';
import { projectIdOf } from '../projects/diff';
import { CliExit, cliActor, withDatabase } from './context';
import { cliIo, userPath } from './io';

/**
 * A located issue in `lang`: in Japanese, consistency findings are translated (syntax and schema messages stay
 * English); in English the finding's own message is printed, which names KPIs by their label.
 */
const issueText = (lang: Lang, issue: LocatedIssue): string =>
  formatIssue(lang === 'en' ? issue : { ...issue, message: planCheckText(lang, issue) });

async function readPlan(file: string, lang: Lang = 'en') {
  let text: string;
  try {
    text = await readFile(userPath(file), 'utf8');
  } catch (e) {
    cliIo().err.write(`${file}: cannot read: ${(e as Error).message}\n`);
    throw new CliExit(1);
  }
  const result = parsePlan(text, file);
  if (!result.ok) {
    for (const issue of result.errors) cliIo().err.write(`${issueText(lang, issue)}\n`);
    cliIo().err.write(`${file}: ${result.errors.length} error(s)\n`);
    throw new CliExit(1);
  }
  return { text, plan: result.plan, warnings: result.warnings };
}

export function planCommands(): Command {
  const plan = new Command('plan').description('dissemination plans: check and import');

  plan
    .command('check')
    .argument('<file>', 'plan YAML file')
    .option('--lang <lang>', 'language of the consistency messages (en or ja)', 'en')
    .description('validate a plan: located errors exit 1; consistency warnings are printed and exit 0')
    .action(async (file: string, opts: { lang: string }) => {
      if (!isLang(opts.lang)) {
        cliIo().err.write(`--lang: expected en or ja, not "${opts.lang}"\n`);
        throw new CliExit(2);
      }
      const { plan: p, warnings } = await readPlan(file, opts.lang);
      for (const w of warnings) cliIo().out.write(`warning: ${issueText(opts.lang, w)} [${w.code}]\n`);
      cliIo().out.write(
        `${file}: valid plan for ${p.project.acronym} (id ${projectIdOf(p)}), ${warnings.length} warning(s)\n`,
      );
    });

  plan
    .command('import')
    .argument('<file>', 'plan YAML file')
    .option('--project <id>', 'expected project id (fails when the plan is for another project)')
    .description('import a plan; a changed plan becomes the next version, an unchanged one is a no-op')
    .action(async (file: string, opts: { project?: string }) => {
      const { text, plan: p } = await readPlan(file);
      const id = projectIdOf(p);
      if (opts.project && opts.project !== id) {
        cliIo().err.write(`${file}: this plan is for project "${id}", not "${opts.project}"\n`);
        throw new CliExit(1);
      }
      const { importPlan } = await import('../projects/service');
      const r = await withDatabase((d) =>
        importPlan(d.db, { plan: p, sourceText: text, sourceName: basename(file), actor: cliActor() }),
      );
      const what =
        r.status === 'unchanged'
          ? `unchanged (version ${r.version})`
          : r.status === 'created'
            ? `created (version ${r.version})`
            : `updated to version ${r.version}, ${r.changes.length} change(s)`;
      cliIo().out.write(`project ${r.projectId}: ${what}\n`);
      for (const c of r.changes.slice(0, 20)) cliIo().out.write(`  ${c.kind} ${c.path}\n`);
      if (r.changes.length > 20) cliIo().out.write(`  … and ${r.changes.length - 20} more\n`);
    });

  return plan;
}
