/**
 * The periodic head signer `herald serve` starts: every interval (default hourly) it signs the chain heads that
 * moved since their last signed head. Timers and clock are injected so tests call `tick()` directly; a real job
 * system will take this over.
 */
import type { Db } from '../db/client';
import { loadInstanceKey, type InstanceKey } from '../signing';
import { signMovedHeads, type SignOutcome } from './signed-heads';

export const SIGN_INTERVAL_MS = 60 * 60 * 1000;

export interface HeadSignerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface HeadSignerOptions {
  db: Db;
  keyFile: string;
  intervalMs?: number;
  now?: () => Date;
  /** setInterval/clearInterval (injected in tests); the timer never keeps the process alive. */
  timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
  log?: HeadSignerLog;
}

export interface HeadSigner {
  /** Signs the moved heads now; concurrent calls share one run. */
  tick(): Promise<SignOutcome[]>;
  stop(): void;
}

export function startHeadSigner(opts: HeadSignerOptions): HeadSigner {
  const timers = opts.timers ?? { setInterval, clearInterval };
  let key: InstanceKey | undefined;
  let running: Promise<SignOutcome[]> | undefined;
  const run = async (): Promise<SignOutcome[]> => {
    key ??= await loadInstanceKey(opts.db, { keyFile: opts.keyFile });
    const outcomes = await signMovedHeads(opts.db, { key, now: opts.now });
    for (const o of outcomes) {
      if (o.status === 'signed')
        opts.log?.info({ chain: o.chain, seq: o.head.seq }, 'signed the audit chain head');
      else if (o.status === 'refused')
        opts.log?.error(
          { chain: o.chain, problems: o.problems },
          'audit chain head NOT signed: the chain does not verify',
        );
    }
    return outcomes;
  };
  const tick = (): Promise<SignOutcome[]> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
  const handle = timers.setInterval(() => {
    tick().catch((e: unknown) => opts.log?.error({ err: e }, 'signing the audit chain heads failed'));
  }, opts.intervalMs ?? SIGN_INTERVAL_MS);
  (handle as { unref?: () => void }).unref?.();
  return { tick, stop: () => timers.clearInterval(handle) };
}
