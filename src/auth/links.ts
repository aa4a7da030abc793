/**
 * Single-use, expiring links: first-start setup (creates the first admin), set-password links from
 * `herald user create-admin`, and password resets. The link carries 32 random bytes; the database keeps its
 * SHA-256. Using a link marks it used in the same statement that checks it, so it works once.
 */
import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { passwordTokens, users } from '../db/schema';
import { appendAudit } from '../audit/chain';
import { AppError } from '../errors';
import type { Lang } from '../i18n';
import { isLang, translate } from '../i18n';
import { fixedClock, type Clock } from '../lib/clock';
import { enqueueMail } from '../mail/enqueue';
import { beginAttempt, withdrawAttempt } from './attempts';
import { newId, randomToken, safeEqual, sha256 } from '../lib/ids';
import { hashPassword } from './crypto';
import { systemActor, type Actor } from './permissions';
import { countAdmins, findPasswordToken, findUserByEmail, getUser } from './repository';
import { endAllSessions } from './sessions';
import { newPasswordInput, resetRequestInput, setupInput } from './schema';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './sign-in';
import { parseInput } from './util';

export const RESET_TTL_MS = 60 * 60 * 1000;
export const ADMIN_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export interface LinkDeps {
  db: Db;
  /** The mail queue's clock (the app's; default: the link's "now"). The links themselves keep the system time. */
  clock?: Clock;
  /** e.g. https://herald.example.org (no trailing slash). */
  baseUrl: string;
}

export const invalidLink = () =>
  new AppError({
    code: 'link_invalid',
    status: 410,
    message: 'This link is invalid, expired or already used',
    messageKey: 'auth.error.linkInvalid',
  });

async function issue(
  db: Db,
  opts: { kind: 'setup' | 'reset'; userId: string | null; ttlMs: number | null; now?: Date },
) {
  const now = opts.now ?? new Date();
  // Used and expired links are deleted whenever a new one is issued.
  await db
    .delete(passwordTokens)
    .where(or(isNotNull(passwordTokens.usedAt), lt(passwordTokens.expiresAt, now)));
  const token = randomToken();
  await db.insert(passwordTokens).values({
    tokenHash: sha256(token),
    kind: opts.kind,
    userId: opts.userId,
    createdAt: now,
    expiresAt: opts.ttlMs === null ? null : new Date(now.getTime() + opts.ttlMs),
  });
  return token;
}

/**
 * On first start (no admin yet): a fresh one-time link to create the first admin, replacing earlier unused ones.
 * Returns null once an admin exists.
 */
export async function issueFirstStartLink(deps: LinkDeps): Promise<string | null> {
  if ((await countAdmins(deps.db)) > 0) return null;
  await deps.db
    .delete(passwordTokens)
    .where(
      and(eq(passwordTokens.kind, 'setup'), isNull(passwordTokens.userId), isNull(passwordTokens.usedAt)),
    );
  const token = await issue(deps.db, { kind: 'setup', userId: null, ttlMs: null });
  return `${deps.baseUrl}/setup/${token}`;
}

/**
 * `herald user create-admin EMAIL`: creates the admin (or makes an existing user admin) and, when the account has
 * no password yet, returns a one-time link (24 hours) to set it. No password ever passes the command line.
 */
export async function createAdmin(
  deps: LinkDeps,
  opts: { actor: Actor; email: string; name?: string },
): Promise<{ userId: string; created: boolean; link: string | null }> {
  const email = parseInput(setupInput.shape.email, opts.email);
  return deps.db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, email);
    let userId: string;
    if (existing) {
      userId = existing.id;
      if (!existing.isAdmin) {
        await tx.update(users).set({ isAdmin: true, updatedAt: new Date() }).where(eq(users.id, userId));
        await appendAudit(tx, {
          projectId: null,
          actor: opts.actor,
          action: 'user.admin',
          entityType: 'user',
          entityId: userId,
          before: { isAdmin: false },
          after: { isAdmin: true },
        });
      }
    } else {
      userId = newId();
      await tx.insert(users).values({
        id: userId,
        email,
        name: opts.name?.trim() || email.split('@')[0] || email,
        isAdmin: true,
      });
      await appendAudit(tx, {
        projectId: null,
        actor: opts.actor,
        action: 'user.create',
        entityType: 'user',
        entityId: userId,
        before: null,
        after: { isAdmin: true },
      });
    }
    const hasPassword = Boolean(existing?.passwordHash);
    const link = hasPassword
      ? null
      : `${deps.baseUrl}/setup/${await issue(tx, { kind: 'setup', userId, ttlMs: ADMIN_LINK_TTL_MS })}`;
    return { userId, created: !existing, link };
  });
}

export type LinkInfo =
  | { kind: 'first-admin' }
  | { kind: 'set-password'; userId: string; email: string; name: string | null; purpose: 'setup' | 'reset' };

/** What a setup/reset link is for, or `link_invalid` (unknown, used, expired, or a first-start link once an admin exists). */
export async function describeLink(db: Db, token: string, now = new Date()): Promise<LinkInfo> {
  const hash = sha256(token);
  const row = await findPasswordToken(db, hash);
  if (!row || !safeEqual(row.tokenHash, hash) || row.usedAt || (row.expiresAt && row.expiresAt <= now))
    throw invalidLink();
  if (row.userId === null) {
    if ((await countAdmins(db)) > 0) throw invalidLink();
    return { kind: 'first-admin' };
  }
  const user = await getUser(db, row.userId);
  if (!user || user.deletedAt || !user.email) throw invalidLink();
  return {
    kind: 'set-password',
    userId: user.id,
    email: user.email,
    name: user.name,
    purpose: row.kind === 'reset' ? 'reset' : 'setup',
  };
}

/** Marks a link used, atomically; throws `link_invalid` if it already was (or expired meanwhile). */
async function consume(db: Db, token: string, now: Date) {
  const [row] = await db
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordTokens.tokenHash, sha256(token)),
        isNull(passwordTokens.usedAt),
        or(isNull(passwordTokens.expiresAt), gt(passwordTokens.expiresAt, now)),
      ),
    )
    .returning();
  if (!row) throw invalidLink();
  return row;
}

/** The first-start link: creates the first admin with a password. */
export async function completeFirstSetup(
  db: Db,
  opts: { token: string; input: unknown; now?: Date },
): Promise<{ userId: string }> {
  const input = parseInput(setupInput, opts.input);
  const passwordHash = await hashPassword(input.password);
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const info = await describeLink(tx, opts.token, now);
    if (info.kind !== 'first-admin') throw invalidLink();
    await consume(tx, opts.token, now);
    if (await findUserByEmail(tx, input.email)) throw invalidLink();
    const userId = newId();
    await tx
      .insert(users)
      .values({ id: userId, email: input.email, name: input.name, passwordHash, isAdmin: true });
    await appendAudit(tx, {
      projectId: null,
      actor: systemActor('first-start'),
      action: 'user.create',
      entityType: 'user',
      entityId: userId,
      before: null,
      after: { isAdmin: true },
    });
    return { userId };
  });
}

/** A set-password or reset link: sets the password and ends every session of the account. */
export async function setPasswordWithLink(
  db: Db,
  opts: { token: string; input: unknown; now?: Date },
): Promise<{ userId: string }> {
  const input = parseInput(newPasswordInput, opts.input);
  const passwordHash = await hashPassword(input.password);
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const info = await describeLink(tx, opts.token, now);
    if (info.kind !== 'set-password') throw invalidLink();
    await consume(tx, opts.token, now);
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, info.userId));
    await endAllSessions(tx, info.userId);
    await appendAudit(tx, {
      projectId: null,
      actor: { kind: 'user', userId: info.userId, isAdmin: false, memberships: [] },
      action: `user.password.${info.purpose}`,
      entityType: 'user',
      entityId: info.userId,
    });
    return { userId: info.userId };
  });
}

/**
 * "Forgot password": mails a reset link (1 hour) when an active account has this address, and does nothing
 * otherwise. The caller answers the same in every case. Requests are counted before anything else, per address
 * and per account (known or not, so the count reveals nothing), atomically as sign-in attempts are
 * (src/auth/attempts.ts); over either limit nothing is sent. A new link ends every earlier unused reset link of the
 * account, in the transaction that issues it. The mail is in the account's language (`users.lang`), or the
 * requesting page's when the account never chose one.
 */
export async function requestPasswordReset(
  deps: LinkDeps,
  opts: { email: string; lang: Lang; ip: string; throttle?: ThrottlePolicy; now?: Date },
): Promise<void> {
  const parsed = resetRequestInput.safeParse({ email: opts.email });
  if (!parsed.success) return;
  const p = opts.throttle ?? DEFAULT_THROTTLE;
  const now = opts.now ?? new Date();
  const accountKey = `reset:${parsed.data.email}`;
  const addressKey = `reset-address:${opts.ip}`;
  const attempt = await beginAttempt(deps.db, {
    keys: [accountKey, addressKey],
    now,
    windowMs: p.resetWindowMs,
  });
  const over =
    (attempt.keys.get(accountKey)?.prior ?? 0) >= p.resetAccountLimit ||
    (attempt.keys.get(addressKey)?.prior ?? 0) >= p.resetAddressLimit;
  if (over) {
    await withdrawAttempt(deps.db, attempt);
    return;
  }
  const user = await findUserByEmail(deps.db, parsed.data.email);
  if (!user?.email) return;
  const userId = user.id;
  const lang = isLang(user.lang) ? user.lang : opts.lang;
  const email = user.email;
  await deps.db.transaction(async (tx) => {
    // One issuer at a time per account, so two racing requests cannot both leave a live link.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    await tx
      .update(passwordTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordTokens.userId, userId),
          eq(passwordTokens.kind, 'reset'),
          isNull(passwordTokens.usedAt),
        ),
      );
    const token = await issue(tx, { kind: 'reset', userId, ttlMs: RESET_TTL_MS, now });
    const link = `${deps.baseUrl}/reset/${token}`;
    // Queued with the link, in this transaction: sent by the `mail.send` job, never awaited here.
    await enqueueMail(tx, {
      message: {
        purpose: 'auth.reset',
        idempotencyKey: `auth.reset:${sha256(token)}`,
        to: email,
        lang,
        subject: translate(lang, 'mail.reset.subject'),
        text: translate(lang, 'mail.reset.body', { link, minutes: RESET_TTL_MS / 60000 }),
        sensitive: true,
      },
      clock: deps.clock ?? fixedClock(now),
    });
  });
}
