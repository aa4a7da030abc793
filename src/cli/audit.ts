/** `herald audit …`: verify the hash-chained audit trail. */
import { Command } from 'commander';
import type { Db } from '../db/client';
import { CliExit, withDatabase } from './context';

export interface VerifyOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Verifies one project's chain (`project`) or every chain. Prints each chain's head hash, or the first bad entry.
 * Returns the exit code: 0 intact, 1 a chain is broken or the project has no chain.
 */
export async function runAuditVerify(db: Db, opts: { project?: string }, io: VerifyOutput): Promise<number> {
  // Loaded here so that quick commands (--help) do not pay for the database layer.
  const { listChains, verifyChain } = await import('../audit/chain');
  const chains = opts.project ? [opts.project] : await listChains(db);
  let code = 0;
  for (const chain of chains) {
    const r = await verifyChain(db, chain);
    if (!r.ok) {
      io.err(`chain ${chain}: entry ${r.seq} ${r.reason}: ${r.message}`);
      code = 1;
    } else if (r.head === null) {
      io.err(`chain ${chain}: no audit entries`);
      code = 1;
    } else {
      io.out(`chain ${chain}: ${r.count} entries intact, head ${r.head.seq} ${r.head.hash}`);
    }
  }
  if (chains.length === 0) io.out('no audit entries yet');
  return code;
}

export function auditCommands(): Command {
  const audit = new Command('audit').description('the hash-chained audit trail');
  audit
    .command('verify')
    .option('--project <id>', 'verify only this project’s chain')
    .description(
      'walk the chain(s): name the first altered, removed or reordered entry (exit 1), or print the head hash',
    )
    .action(async (opts: { project?: string }) => {
      const code = await withDatabase((d) =>
        runAuditVerify(d.db, opts, {
          out: (l) => process.stdout.write(`${l}\n`),
          err: (l) => process.stderr.write(`${l}\n`),
        }),
      );
      if (code !== 0) throw new CliExit(code);
    });
  return audit;
}
