/** `herald portfolio create|add|remove|grant|revoke|list`: portfolios from the command line, audited as `cli:<user>`. */
import { Command } from 'commander';
import { systemActor } from '../auth/permissions';
import { cliActor, withDatabase } from './context';
import { cliIo } from './io';

const say = (line: string) => void cliIo().out.write(`${line}\n`);
const service = () => import('../portfolio/service');
const actor = () => systemActor(cliActor());

export function portfolioCommands(): Command {
  const cmd = new Command('portfolio').description(
    'portfolios: projects of one organisation or agency, and who holds a role across them',
  );
  cmd
    .command('create')
    .argument('<name>', 'the portfolio’s name (its id is the slug of it)')
    .option('--kind <kind>', 'organisation | agency', 'organisation')
    .description('create a portfolio')
    .action(async (name: string, opts: { kind: string }) => {
      const { createPortfolio } = await service();
      const { id } = await withDatabase((d) =>
        createPortfolio(d.db, { actor: actor(), input: { name, kind: opts.kind } }),
      );
      say(`created portfolio ${id}`);
    });
  cmd
    .command('add')
    .argument('<portfolio>', 'portfolio id')
    .argument('<projects...>', 'project ids')
    .description('add projects to a portfolio')
    .action(async (portfolioId: string, projectIds: string[]) => {
      const { addProjects } = await service();
      const added = await withDatabase((d) => addProjects(d.db, { actor: actor(), portfolioId, projectIds }));
      say(added.length ? `added ${added.join(', ')} to ${portfolioId}` : `nothing to add to ${portfolioId}`);
    });
  cmd
    .command('remove')
    .argument('<portfolio>', 'portfolio id')
    .argument('<project>', 'project id')
    .description('take a project out of a portfolio')
    .action(async (portfolioId: string, projectId: string) => {
      const { removeProject } = await service();
      const done = await withDatabase((d) => removeProject(d.db, { actor: actor(), portfolioId, projectId }));
      say(done ? `removed ${projectId} from ${portfolioId}` : `${projectId} is not in ${portfolioId}`);
    });
  cmd
    .command('grant')
    .argument('<portfolio>', 'portfolio id')
    .argument('<email>', 'the account’s e-mail address')
    .argument('<role>', 'coordinator | viewer')
    .description('give an account a role in every project of the portfolio (a direct membership wins)')
    .action(async (portfolioId: string, email: string, role: string) => {
      const { grantRole } = await service();
      const r = await withDatabase((d) =>
        grantRole(d.db, { actor: actor(), portfolioId, input: { email, role } }),
      );
      say(`${email.trim().toLowerCase()} is ${r.role} of ${portfolioId}`);
    });
  cmd
    .command('revoke')
    .argument('<portfolio>', 'portfolio id')
    .argument('<email>', 'the account’s e-mail address')
    .description('end an account’s role in a portfolio')
    .action(async (portfolioId: string, email: string) => {
      const { revokeRole } = await service();
      const done = await withDatabase((d) => revokeRole(d.db, { actor: actor(), portfolioId, email }));
      say(
        done
          ? `revoked ${email.trim().toLowerCase()} from ${portfolioId}`
          : `${email} has no role in ${portfolioId}`,
      );
    });
  cmd
    .command('list')
    .argument('[portfolio]', 'one portfolio: its projects and members')
    .description('list the portfolios, or one portfolio’s projects and members')
    .action(async (id?: string) => {
      const { getPortfolio, listPortfolios } = await service();
      await withDatabase(async (d) => {
        if (!id) {
          const rows = await listPortfolios(d.db, { actor: actor() });
          for (const p of rows)
            say(`${p.id}  ${p.name}  [${p.kind}]  ${p.projects} projects  ${p.members} members`);
          if (rows.length === 0) say('no portfolios yet: herald portfolio create NAME');
          return;
        }
        const p = await getPortfolio(d.db, { actor: actor(), id });
        say(`${p.id}  ${p.name}  [${p.kind}]`);
        for (const x of p.projects) say(`  project ${x.id}  ${x.acronym}`);
        for (const m of p.members) say(`  member  ${m.email ?? m.userId}  ${m.role}`);
      });
    });
  return cmd;
}
