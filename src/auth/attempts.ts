/**
 * Attempts counted before the work they guard (a password check, a reset mail), so parallel requests cannot all
 * read "no failures yet" and all go ahead.
 *
 * Each attempt first inserts its own row under every key (`login_failures`), as an autocommitted statement, and
 * only then counts the key's rows, its own included. On PostgreSQL under READ COMMITTED the count is a new
 * statement with a new snapshot, taken after this attempt's insert committed: if N attempts race, the k-th insert to
 * commit sees at least k rows, so at most `limit` of them can see `limit` rows or fewer, however they interleave.
 * PGlite runs one statement at a time on its single connection, which is the same argument with no overlap at all.
 * Never run this inside a transaction: there the insert would stay invisible to the others until commit.
 *
 * A refused attempt deletes its rows again (a refusal is not a failure and does not lengthen the wait); a failed
 * one keeps them as its failure record; a successful one removes its own rows and forgets earlier failures.
 */
import type { Db } from '../db/client';
import { attemptsSince, clearFailures, deleteAttempts, insertAttempts } from './repository';

export interface KeyCount {
  /** Rows of other attempts within the window: failures, and attempts still in flight. */
  prior: number;
  /** The latest of those rows. */
  last: Date | null;
}

export interface Attempt {
  /** Per key: this attempt's row id and what came before it. */
  keys: Map<string, KeyCount & { id: number }>;
}

/** Records an attempt under every key, then counts each key's other rows after `now - windowMs`. */
export async function beginAttempt(
  db: Db,
  opts: { keys: string[]; now: Date; windowMs: number },
): Promise<Attempt> {
  const ids = await insertAttempts(db, opts.keys, opts.now);
  const counts = await attemptsSince(db, opts.keys, new Date(opts.now.getTime() - opts.windowMs), ids);
  const keys = new Map<string, KeyCount & { id: number }>();
  opts.keys.forEach((key, i) => {
    const c = counts.get(key);
    keys.set(key, { id: ids[i] ?? -1, prior: c?.n ?? 0, last: c?.last ?? null });
  });
  return { keys };
}

/** Takes a refused attempt back: it is not counted. */
export async function withdrawAttempt(db: Db, attempt: Attempt): Promise<void> {
  await deleteAttempts(
    db,
    [...attempt.keys.values()].map((k) => k.id),
  );
}

/** A successful attempt: its own rows go, and under `clearKey` every earlier row too (later attempts still count). */
export async function succeedAttempt(db: Db, attempt: Attempt, clearKey: string): Promise<void> {
  const own = attempt.keys.get(clearKey);
  if (own) await clearFailures(db, clearKey, own.id);
  await deleteAttempts(
    db,
    [...attempt.keys.entries()].filter(([k]) => k !== clearKey).map(([, v]) => v.id),
  );
}
