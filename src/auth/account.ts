/**
 * A user's own account: profile, sessions, "download my data" and deleting the account. Deleting blanks every
 * personal field and keeps the user row as a tombstone ("former member of WLI"), so records and audit entries that
 * point at the user id stay attributed without naming anyone; the audit chain itself is never rewritten.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  apiTokens,
  auditEntries,
  invitations,
  loginFailures,
  mailOutbox,
  mailPreferences,
  mailQueue,
  memberships,
  passwordTokens,
  portfolioMembers,
  planVersions,
  sessions,
  users,
} from '../db/schema';
import { appendAudit } from '../audit/chain';
import { AppError, notFound } from '../errors';
import { actorId, requireUser, type Actor, type Membership } from './permissions';
import { countAdmins, getUser, listSessions, membershipsOf } from './repository';
import { endAllSessions } from './sessions';
import type { Lang } from '../i18n';
import { langInput, nameSchema } from './schema';
import { parseInput } from './util';

export interface AccountView {
  user: {
    id: string;
    email: string | null;
    name: string | null;
    isAdmin: boolean;
    createdAt: Date;
    lang: string | null;
  };
  memberships: Membership[];
  sessions: Array<{
    idHash: string;
    createdAt: Date;
    lastSeenAt: Date;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  }>;
}

async function activeUser(db: Db, actor: Actor) {
  const a = requireUser(actor);
  const user = await getUser(db, a.userId);
  if (!user || user.deletedAt) throw notFound('user');
  return user;
}

export async function getAccount(db: Db, opts: { actor: Actor }): Promise<AccountView> {
  const user = await activeUser(db, opts.actor);
  const [ms, ss] = await Promise.all([membershipsOf(db, user.id), listSessions(db, user.id)]);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      createdAt: user.createdAt,
      lang: user.lang,
    },
    memberships: ms,
    sessions: ss.map(({ idHash, createdAt, lastSeenAt, expiresAt, userAgent, ip }) => ({
      idHash,
      createdAt,
      lastSeenAt,
      expiresAt,
      userAgent,
      ip,
    })),
  };
}

export async function updateProfile(db: Db, opts: { actor: Actor; name: unknown }): Promise<void> {
  const user = await activeUser(db, opts.actor);
  const name = parseInput(nameSchema, opts.name);
  await db.update(users).set({ name, updatedAt: new Date() }).where(eq(users.id, user.id));
}

/** The account page's language choice: mails (invitations aside) and pages follow `users.lang`. */
export async function setLanguage(db: Db, opts: { actor: Actor; lang: unknown }): Promise<Lang> {
  const user = await activeUser(db, opts.actor);
  const lang = parseInput(langInput, opts.lang);
  await db.update(users).set({ lang, updatedAt: new Date() }).where(eq(users.id, user.id));
  return lang;
}

/**
 * Remembers the language a signed-in user switched to (the `lang` cookie of the language link) as `users.lang`.
 * Called on state-changing requests only, so a GET never writes; a no-op when it is already stored.
 */
export async function rememberLanguage(db: Db, opts: { userId: string; stored: string | null; lang: Lang }) {
  if (opts.stored === opts.lang) return;
  await db.update(users).set({ lang: opts.lang }).where(eq(users.id, opts.userId));
}

/** "Sign out everywhere": ends every session of the signed-in user, this one included. */
export async function signOutEverywhere(db: Db, opts: { actor: Actor }): Promise<void> {
  const user = await activeUser(db, opts.actor);
  await endAllSessions(db, user.id);
}

/** Everything Herald keeps about the user, as one JSON document ("download my data"). */
export async function exportAccount(
  db: Db,
  opts: { actor: Actor; now?: Date },
): Promise<Record<string, unknown>> {
  const user = await activeUser(db, opts.actor);
  const who = actorId(opts.actor);
  const [ms, ss, tokens, sent, audit, imports] = await Promise.all([
    membershipsOf(db, user.id),
    listSessions(db, user.id),
    db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        prefix: apiTokens.prefix,
        projectId: apiTokens.projectId,
        partnerCode: apiTokens.partnerCode,
        access: apiTokens.access,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.createdBy, user.id)),
    db
      .select({
        id: invitations.id,
        projectId: invitations.projectId,
        email: invitations.email,
        role: invitations.role,
        partnerCode: invitations.partnerCode,
        createdAt: invitations.createdAt,
        usedAt: invitations.usedAt,
      })
      .from(invitations)
      .where(eq(invitations.invitedBy, user.id)),
    db
      .select({
        chain: auditEntries.chain,
        seq: auditEntries.seq,
        at: auditEntries.at,
        action: auditEntries.action,
        entityType: auditEntries.entityType,
        entityId: auditEntries.entityId,
      })
      .from(auditEntries)
      .where(eq(auditEntries.actorId, who))
      .orderBy(auditEntries.chain, auditEntries.seq),
    db
      .select({
        projectId: planVersions.projectId,
        version: planVersions.version,
        importedAt: planVersions.importedAt,
      })
      .from(planVersions)
      .where(eq(planVersions.importedBy, who)),
  ]);
  return {
    exportedAt: (opts.now ?? new Date()).toISOString(),
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      hasPassword: Boolean(user.passwordHash),
    },
    memberships: ms,
    sessions: ss.map((s) => ({
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent,
      ip: s.ip,
    })),
    apiTokens: tokens,
    invitationsSent: sent,
    auditEntries: audit,
    planImports: imports,
  };
}

/** "former member of WLI" (partner codes), else "former member of m-sec" (projects), else "former member". */
export function tombstoneOf(ms: Membership[]): string {
  const partnersOf = [...new Set(ms.map((m) => m.partnerCode).filter((c): c is string => c !== null))];
  if (partnersOf.length) return `former member of ${partnersOf.join(', ')}`;
  const projectsOf = [...new Set(ms.map((m) => m.projectId))];
  return projectsOf.length ? `former member of ${projectsOf.join(', ')}` : 'former member';
}

/**
 * Deletes the signed-in user's account. `confirmEmail` must repeat the account's address. The last instance admin
 * cannot delete their account (make another admin first).
 */
export async function deleteAccount(
  db: Db,
  opts: { actor: Actor; confirmEmail: string; now?: Date },
): Promise<{ tombstone: string }> {
  const user = await activeUser(db, opts.actor);
  if (!user.email || opts.confirmEmail.trim().toLowerCase() !== user.email) {
    throw new AppError({
      code: 'validation',
      status: 422,
      message: 'confirm: type your e-mail address to confirm',
      messageKey: 'auth.error.invalidInput',
      details: [{ path: 'confirm', message: 'auth.error.confirmEmail' }],
    });
  }
  const now = opts.now ?? new Date();
  const email = user.email;
  return db.transaction(async (tx) => {
    if (user.isAdmin && (await countAdmins(tx)) <= 1) {
      throw new AppError({
        code: 'last_admin',
        status: 409,
        message: 'The last admin cannot delete their account',
        messageKey: 'auth.error.lastAdmin',
      });
    }
    const ms = await membershipsOf(tx, user.id);
    const tombstone = tombstoneOf(ms);
    for (const m of ms) {
      await appendAudit(tx, {
        projectId: m.projectId,
        actor: opts.actor,
        action: 'member.remove',
        entityType: 'membership',
        entityId: user.id,
        before: { role: m.role, partnerCode: m.partnerCode },
        after: null,
        at: now,
      });
    }
    await appendAudit(tx, {
      projectId: null,
      actor: opts.actor,
      action: 'user.delete',
      entityType: 'user',
      entityId: user.id,
      before: { isAdmin: user.isAdmin, memberships: ms.length },
      after: { tombstone },
      at: now,
    });
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await tx.delete(apiTokens).where(eq(apiTokens.createdBy, user.id));
    await tx.delete(memberships).where(eq(memberships.userId, user.id));
    // The person's mail choices (unsubscribed, snoozed, opted in) go with the account: no one is left to ask.
    await tx.delete(mailPreferences).where(eq(mailPreferences.userId, user.id));
    // Portfolio roles end with the account, each on the instance chain as an admin's revocation would be.
    const roles = await tx
      .delete(portfolioMembers)
      .where(eq(portfolioMembers.userId, user.id))
      .returning({ portfolioId: portfolioMembers.portfolioId, role: portfolioMembers.role });
    for (const r of roles) {
      await appendAudit(tx, {
        projectId: null,
        actor: opts.actor,
        action: 'portfolio.revoke',
        entityType: 'portfolio_member',
        entityId: `${r.portfolioId}:${user.id}`,
        before: { role: r.role },
        after: null,
        at: now,
      });
    }
    await tx.delete(passwordTokens).where(eq(passwordTokens.userId, user.id));
    await tx.delete(invitations).where(and(eq(invitations.email, email), isNull(invitations.usedAt)));
    await tx.update(invitations).set({ email: '' }).where(eq(invitations.email, email));
    await tx.delete(loginFailures).where(eq(loginFailures.key, `account:${email}`));
    await tx.delete(mailOutbox).where(eq(mailOutbox.to, email));
    // Queued or logged mail to the address goes too (a queued one is simply never sent).
    await tx.delete(mailQueue).where(eq(mailQueue.to, email));
    await tx
      .update(users)
      .set({
        email: null,
        name: null,
        passwordHash: null,
        isAdmin: false,
        deletedAt: now,
        updatedAt: now,
        tombstone,
      })
      .where(eq(users.id, user.id));
    return { tombstone };
  });
}

/** Display names for actor ids (`user:<id>` → name, or the tombstone of a deleted account). */
export async function actorNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const userIds = [...new Set(ids.filter((i) => i.startsWith('user:')).map((i) => i.slice(5)))];
  const out = new Map<string, string>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, tombstone: users.tombstone })
    .from(users)
    .where(inArray(users.id, userIds));
  for (const r of rows) out.set(`user:${r.id}`, r.tombstone ?? r.name ?? r.email ?? r.id);
  return out;
}

/** Every account with its memberships, for `herald user list` (the command line acts as the system). */
export async function listUsers(db: Db) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
      tombstone: users.tombstone,
    })
    .from(users)
    .orderBy(users.createdAt);
  return Promise.all(rows.map(async (u) => ({ ...u, memberships: await membershipsOf(db, u.id) })));
}
