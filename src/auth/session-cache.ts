/**
 * Resolved sessions kept in the process while nothing was written (src/db/write-generation.ts): a signed-in request
 * then runs no statement to learn who is acting. Sign-out, a role, membership, password or account change are
 * writes, so they end every kept session at once; an entry is also dropped when its session expires, and when its
 * `lastSeenAt` is due to be touched again (the full resolve writes it). Without a write generation (a PostgreSQL
 * handle that does not listen for other processes' writes, src/db/write-notify.ts) nothing is kept.
 */
import type { Db } from '../db/client';
import { ReadMemo, type WriteGeneration } from '../db/write-generation';
import { sha256 } from '../lib/ids';
import { resolveSession, TOUCH_MS, type ResolvedSession } from './sessions';

export class SessionCache {
  private readonly memo: ReadMemo<ResolvedSession>;

  constructor(
    private readonly writes: WriteGeneration | undefined,
    maxEntries = 10_000,
  ) {
    this.memo = new ReadMemo(writes, maxEntries);
  }

  get size(): number {
    return this.memo.size;
  }

  /** resolveSession, from the cache when nothing was written since and the session is neither expired nor due a touch. */
  async resolve(db: Db, rawId: string, now: Date): Promise<ResolvedSession | undefined> {
    if (!this.writes || !rawId || rawId.length > 100) return resolveSession(db, rawId, now);
    const key = sha256(rawId);
    const kept = this.memo.get(key);
    const t = now.getTime();
    if (
      kept &&
      t >= kept.lastSeenAt.getTime() &&
      t - kept.lastSeenAt.getTime() < TOUCH_MS &&
      t < kept.expiresAt.getTime()
    )
      return kept;
    const mark = this.writes.mark();
    const s = await resolveSession(db, rawId, now);
    if (s) this.memo.set(key, mark, s);
    else this.memo.delete(key);
    return s;
  }
}
