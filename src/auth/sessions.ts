/**
 * Sessions: a random 32-byte id in the `herald_session` cookie, only its SHA-256 in the database. A session ends
 * after 2 hours without a request (idle) or 12 hours after sign-in (absolute), whichever comes first; each carries
 * the CSRF token of its pages.
 */
import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, type UserRow } from '../db/schema';
import { randomToken, sha256 } from '../lib/ids';
import type { Actor } from './permissions';
import { sessionWithUser } from './repository';

export const SESSION_COOKIE = 'herald_session';
export const IDLE_MS = 2 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so browsing does not write on every request. */
export const TOUCH_MS = 60 * 1000;

export interface NewSession {
  /** The raw id for the cookie; never stored. */
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  opts: { userId: string; userAgent?: string | null; ip?: string | null; now?: Date },
): Promise<NewSession> {
  const now = opts.now ?? new Date();
  // Sessions nobody came back to are deleted here, so none outlives its 12 hours by much.
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_MS))));
  const id = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
  await db.insert(sessions).values({
    idHash: sha256(id),
    userId: opts.userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
    ip: opts.ip ?? null,
  });
  return { id, csrfToken, expiresAt };
}

export interface ResolvedSession {
  idHash: string;
  csrfToken: string;
  user: UserRow;
  actor: Extract<Actor, { kind: 'user' }>;
  /** The session's last request as stored (now, when this resolve touched it) and its absolute end. */
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The live session of a cookie value, or undefined (unknown, expired: expired ones are deleted). */
export async function resolveSession(
  db: Db,
  rawId: string,
  now = new Date(),
): Promise<ResolvedSession | undefined> {
  if (!rawId || rawId.length > 100) return undefined;
  const idHash = sha256(rawId);
  const found = await sessionWithUser(db, idHash);
  if (!found) return undefined;
  const { session, user, memberships } = found;
  const t = now.getTime();
  if (t >= session.expiresAt.getTime() || t - session.lastSeenAt.getTime() >= IDLE_MS) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return undefined;
  }
  let lastSeenAt = session.lastSeenAt;
  if (t - lastSeenAt.getTime() >= TOUCH_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
    lastSeenAt = now;
  }
  return {
    idHash,
    csrfToken: session.csrfToken,
    user,
    actor: { kind: 'user', userId: user.id, isAdmin: user.isAdmin, memberships },
    lastSeenAt,
    expiresAt: session.expiresAt,
  };
}

/** Ends one session (sign out) by its raw cookie value. */
export async function endSession(db: Db, rawId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(rawId)));
}

/** Ends every session of a user ("sign out everywhere"), optionally keeping one (by id hash). */
export async function endAllSessions(db: Db, userId: string, keepIdHash?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepIdHash
        ? and(eq(sessions.userId, userId), ne(sessions.idHash, keepIdHash))
        : eq(sessions.userId, userId),
    );
}
