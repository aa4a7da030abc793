/** `herald user …`: accounts from the command line. No password ever passes the command line: links do. */
import { Command } from 'commander';
import { baseUrlOf, loadConfig } from '../config';
import type { Db } from '../db/client';
import { cliActor, withDatabase } from './context';
import { cliIo } from './io';

/** Creates (or promotes) an admin and prints the one-time link to set the password. Returns the exit code. */
export async function runCreateAdmin(
  db: Db,
  opts: { email: string; name?: string; baseUrl: string },
  out: (line: string) => void,
): Promise<number> {
  const [{ createAdmin }, { systemActor }] = await Promise.all([
    import('../auth/links'),
    import('../auth/permissions'),
  ]);
  const r = await createAdmin(
    { db, baseUrl: opts.baseUrl },
    { actor: systemActor(cliActor()), email: opts.email, name: opts.name },
  );
  out(
    r.created
      ? `created admin ${opts.email.trim().toLowerCase()} (${r.userId})`
      : `${opts.email.trim().toLowerCase()} is an admin`,
  );
  if (r.link) out(`set the password with this one-time link (valid 24 hours):\n  ${r.link}`);
  else out('the account already has a password: it can sign in (or use “Forgot your password?”)');
  return 0;
}

export function userCommands(): Command {
  const user = new Command('user').description('accounts: create the admin, list users');
  user
    .command('create-admin')
    .argument('<email>', 'the administrator’s e-mail address')
    .option('--name <name>', 'display name')
    .description(
      'create an instance admin (or make a user admin) and print a one-time link to set the password',
    )
    .action(async (email: string, opts: { name?: string }) => {
      const baseUrl = baseUrlOf(loadConfig());
      await withDatabase((d) =>
        runCreateAdmin(d.db, { email, name: opts.name, baseUrl }, (l) => cliIo().out.write(`${l}\n`)),
      );
    });
  user
    .command('list')
    .description('list the accounts with their roles')
    .action(async () => {
      const { listUsers } = await import('../auth/account');
      const rows = await withDatabase((d) => listUsers(d.db));
      for (const u of rows) {
        const roles = u.memberships
          .map((m) => `${m.projectId}:${m.role}${m.partnerCode ? `:${m.partnerCode}` : ''}`)
          .join(' ');
        cliIo().out.write(
          `${u.id}  ${u.email ?? u.tombstone ?? '-'}  ${u.name ?? ''}${u.isAdmin ? '  [admin]' : ''}  ${roles}\n`,
        );
      }
      if (rows.length === 0) cliIo().out.write('no accounts yet: herald user create-admin EMAIL\n');
    });
  return user;
}
