/** `herald audit …`: verify the hash-chained audit trail, sign chain heads, print them for outsiders to keep. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { keyFileOf, loadConfig } from '../config';
import type { Db } from '../db/client';
import { CliExit, withDatabase } from './context';
import { cliIo, userPath } from './io';

export interface VerifyOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface AuditVerifyOptions {
  /** Only this project's chain. */
  project?: string;
  /** Files of signed heads kept by outsiders (`herald audit head --signed` output). */
  against?: string[];
  /** Also compare every record row with what its last audit entry says. */
  records?: boolean;
}

/** The command's own streams (the terminal's, or the forwarding client's). */
const toStdout: VerifyOutput = {
  out: (l) => cliIo().out.write(`${l}\n`),
  err: (l) => cliIo().err.write(`${l}\n`),
};

/**
 * Verifies one project's chain (`project`) or every known chain: entries, head record, stored signed heads and the
 * given copies; with `records`, the record rows too. Prints one line per chain (its head, or each problem once).
 * Returns the exit code: 0 intact, 1 any problem.
 */
export async function runAuditVerify(db: Db, opts: AuditVerifyOptions, io: VerifyOutput): Promise<number> {
  // Loaded here so that quick commands (--help) do not pay for the database layer.
  const [{ verifyAll, parseSignedHeads }, { checkRecords }, { INSTANCE_CHAIN }] = await Promise.all([
    import('../audit/verify'),
    import('../audit/records-check'),
    import('../audit/chain'),
  ]);
  let given;
  try {
    given = (opts.against ?? []).map((f) => parseSignedHeads(readFileSync(userPath(f), 'utf8'), f));
  } catch (e) {
    io.err(`herald: ${(e as Error).message}`);
    return 1;
  }
  const reports = await verifyAll(db, { chains: opts.project ? [opts.project] : undefined, given });
  let code = 0;
  for (const r of reports) {
    if (r.problems.length > 0) {
      for (const p of r.problems) io.err(`chain ${r.chain}: ${p}`);
      code = 1;
    } else if (r.head === null) {
      io.out(`chain ${r.chain}: no entries yet`);
    } else {
      const signed = [
        r.signedStored ? `${r.signedStored} signed heads match` : 'no signed heads yet',
        ...(r.signedGiven ? [`${r.signedGiven} given heads match`] : []),
      ];
      io.out(
        `chain ${r.chain}: ${r.count} entries intact, head ${r.head.seq} ${r.head.hash}; ${signed.join(', ')}`,
      );
    }
  }
  if (opts.records) {
    for (const r of reports) {
      if (r.chain === INSTANCE_CHAIN) continue;
      const rec = await checkRecords(db, r.chain);
      for (const p of rec.problems) io.err(`records ${r.chain}: ${p}`);
      if (rec.problems.length > 0) code = 1;
      const notes = [
        ...(rec.unverifiable
          ? [`${rec.unverifiable} not verifiable (imported before audit entries kept state)`]
          : []),
        ...(rec.pending ? [`${rec.pending} in an import still being written`] : []),
      ];
      io.out(
        `records ${r.chain}: ${rec.checked} rows checked, ${rec.problems.length} problems${notes.length ? `; ${notes.join('; ')}` : ''}`,
      );
    }
  }
  return code;
}

/** Signs every chain head that moved since its last signed head; prints what it did. Exit 1 if a chain was refused. */
export async function runAuditSign(
  db: Db,
  opts: { keyFile: string; project?: string; now?: () => Date },
  io: VerifyOutput,
): Promise<number> {
  const [{ signMovedHeads }, { loadInstanceKey }] = await Promise.all([
    import('../audit/signed-heads'),
    import('../signing'),
  ]);
  const key = await loadInstanceKey(db, { keyFile: opts.keyFile });
  const outcomes = await signMovedHeads(db, {
    key,
    now: opts.now,
    chains: opts.project ? [opts.project] : undefined,
  });
  let code = 0;
  for (const o of outcomes) {
    if (o.status === 'refused') {
      code = 1;
      for (const p of o.problems) io.err(`chain ${o.chain}: not signed: ${p}`);
    } else
      io.out(
        `chain ${o.chain}: head ${o.head.seq} ${o.status === 'signed' ? 'signed' : 'already signed'} (key ${o.head.keyId}, ${o.head.signedAt})`,
      );
  }
  if (outcomes.length === 0) io.out('no audit entries yet');
  return code;
}

/**
 * Prints the chain heads. With `signed`: signs the heads that moved, then prints the latest signed head of each
 * chain as JSON with the public keys, for outsiders to keep (and give back to `audit verify --against`).
 */
export async function runAuditHead(
  db: Db,
  opts: { signed?: boolean; keyFile: string; project?: string; now?: () => Date },
  io: VerifyOutput,
): Promise<number> {
  const chains = opts.project ? [opts.project] : undefined;
  if (!opts.signed) {
    const { listChains } = await import('../audit/chain');
    const { getHead } = await import('../audit/repository');
    const list = chains ?? (await listChains(db));
    let code = 0;
    for (const chain of list) {
      const h = await getHead(db, chain);
      if (h) io.out(`chain ${chain}: head ${h.seq} ${h.hash}`);
      else {
        io.err(`chain ${chain}: no audit entries`);
        code = 1;
      }
    }
    if (list.length === 0) io.out('no audit entries yet');
    return code;
  }
  const code = await runAuditSign(db, opts, { out: () => undefined, err: io.err });
  const { latestSignedHeads, signedHeadsDocument } = await import('../audit/signed-heads');
  const doc = await signedHeadsDocument(db, await latestSignedHeads(db, chains));
  io.out(JSON.stringify(doc, null, 2));
  return code;
}

const keyFile = (): string => keyFileOf(loadConfig());

export function auditCommands(): Command {
  const audit = new Command('audit').description('the hash-chained audit trail and its signed heads');
  const run = async (fn: (db: Db) => Promise<number>) => {
    const code = await withDatabase((d) => fn(d.db));
    if (code !== 0) throw new CliExit(code);
  };
  audit
    .command('verify')
    .option('--project <id>', 'verify only this project’s chain')
    .option(
      '--against <file>',
      'also check against signed heads kept earlier (`audit head --signed` output); repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--records', 'also check every record row against the state its last audit entry says')
    .description(
      'check every project’s chain (and the instance chain) entry by entry and against every signed head: name each problem once (exit 1), or print the heads',
    )
    .action((opts: AuditVerifyOptions) => run((db) => runAuditVerify(db, opts, toStdout)));
  audit
    .command('sign')
    .option('--project <id>', 'sign only this project’s chain')
    .description('sign the head of every chain that moved since its last signed head, with the instance key')
    .action((opts: { project?: string }) =>
      run((db) => runAuditSign(db, { ...opts, keyFile: keyFile() }, toStdout)),
    );
  audit
    .command('head')
    .option('--project <id>', 'only this project’s chain')
    .option(
      '--signed',
      'sign heads that moved, then print the latest signed heads as JSON with the public key',
    )
    .description('print each chain’s head (with --signed: JSON for outsiders to keep)')
    .action((opts: { project?: string; signed?: boolean }) =>
      run((db) => runAuditHead(db, { ...opts, keyFile: keyFile() }, toStdout)),
    );
  return audit;
}
