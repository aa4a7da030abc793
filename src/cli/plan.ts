/** `herald plan …`: check a plan file, import it as a project's next version. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import { formatIssue, parsePlan } from '../plan/loader';
import { projectIdOf } from '../projects/diff';
import { CliExit, cliActor, withDatabase } from './context';

async function readPlan(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
    throw new CliExit(1);
  }
  const result = parsePlan(text, file);
  if (!result.ok) {
    for (const issue of result.errors) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write(`${file}: ${result.errors.length} error(s)\n`);
    throw new CliExit(1);
  }
  return { text, plan: result.plan, warnings: result.warnings };
}

export function planCommands(): Command {
  const plan = new Command('plan').description('dissemination plans: check and import');

  plan
    .command('check')
    .argument('<file>', 'plan YAML file')
    .description('validate a plan: located errors exit 1; consistency warnings are printed and exit 0')
    .action(async (file: string) => {
      const { plan: p, warnings } = await readPlan(file);
      for (const w of warnings) process.stdout.write(`warning: ${formatIssue(w)} [${w.code}]\n`);
      process.stdout.write(
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
        process.stderr.write(`${file}: this plan is for project "${id}", not "${opts.project}"\n`);
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
      process.stdout.write(`project ${r.projectId}: ${what}\n`);
      for (const c of r.changes.slice(0, 20)) process.stdout.write(`  ${c.kind} ${c.path}\n`);
      if (r.changes.length > 20) process.stdout.write(`  … and ${r.changes.length - 20} more\n`);
    });

  return plan;
}
