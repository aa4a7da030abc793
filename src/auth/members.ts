/**
 * Project members: invitations by e-mail (single-use link, 7 days), accepting them, changing a member's role and
 * removing a member. A partner editor must name a partner of the project's current plan. Every change appends to the
 * project's audit chain, with ids and roles only (no names or e-mail addresses).
 */
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  apiTokens,
  invitations,
  memberships,
  partners,
  projects,
  users,
  type InvitationRow,
} from '../db/schema';
import { appendAudit } from '../audit/chain';
import { AppError, notFound } from '../errors';
import type { Tx } from '../db/client';
import { isLang, translate, type Lang } from '../i18n';
import { fixedClock } from '../lib/clock';
import { newId, randomToken, safeEqual, sha256 } from '../lib/ids';
import { enqueueMail } from '../mail/enqueue';
import { hashPassword } from './crypto';
import type { LinkDeps } from './links';
import { invalidLink } from './links';
import { authorize, type Actor, type Role } from './permissions';
import {
  findInvitation,
  findUserByEmail,
  getMembership,
  listMembers,
  listPendingInvitations,
  type MemberRow,
} from './repository';
import { acceptNewInput, inviteInput, memberInput, type MemberInput } from './schema';
import { parseInput } from './util';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const INVITATION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const badPartner = (code: string | null) =>
  new AppError({
    code: 'validation',
    status: 422,
    message: `partnerCode: ${code ?? ''} is not a partner of this project`,
    messageKey: 'auth.error.invalidInput',
    details: [{ path: 'partnerCode', message: 'auth.error.partnerUnknown' }],
  });

/** Active partner codes of a project's current plan. */
export async function partnerCodes(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .select({ code: partners.code })
    .from(partners)
    .where(and(eq(partners.projectId, projectId), isNull(partners.retiredAt)))
    .orderBy(partners.number);
  return rows.map((r) => r.code);
}

async function checkPartner(db: Db, projectId: string, m: MemberInput): Promise<void> {
  if (m.role === 'editor' && !(await partnerCodes(db, projectId)).includes(m.partnerCode ?? ''))
    throw badPartner(m.partnerCode);
}

async function projectOrThrow(db: Db, projectId: string) {
  const [p] = await db
    .select({ id: projects.id, acronym: projects.acronym })
    .from(projects)
    .where(eq(projects.id, projectId));
  if (!p) throw notFound('project');
  return p;
}

export interface MembersView {
  members: MemberRow[];
  invitations: InvitationRow[];
  partners: string[];
}

/** The members page: members, pending invitations, and the partners an editor can be for. Needs `member.manage`. */
export async function listProjectMembers(
  db: Db,
  opts: { actor: Actor; projectId: string; now?: Date },
): Promise<MembersView> {
  authorize(opts.actor, 'member.manage', { projectId: opts.projectId });
  await projectOrThrow(db, opts.projectId);
  const [members, pending, codes] = await Promise.all([
    listMembers(db, opts.projectId),
    listPendingInvitations(db, opts.projectId, opts.now ?? new Date()),
    partnerCodes(db, opts.projectId),
  ]);
  return { members, invitations: pending, partners: codes };
}

/**
 * Invites someone by e-mail with a role (and partner). Needs `member.invite`. Mails the link in the invitee's
 * language (the input's `lang`, chosen by the inviter; `lang` of the options, the inviter's page, otherwise) and
 * keeps that language with the invitation. Returns the invitation id.
 */
export async function inviteMember(
  deps: LinkDeps,
  opts: { actor: Actor; projectId: string; input: unknown; lang: Lang; now?: Date },
): Promise<{ invitationId: number }> {
  authorize(opts.actor, 'member.invite', { projectId: opts.projectId });
  const input = parseInput(inviteInput, opts.input);
  const lang: Lang = input.lang ?? opts.lang;
  const project = await projectOrThrow(deps.db, opts.projectId);
  await checkPartner(deps.db, opts.projectId, input);
  const now = opts.now ?? new Date();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const invitationId = await deps.db.transaction(async (tx) => {
    // Invitations (and the addresses they name) are kept 30 days after use or expiry, then deleted.
    const cutoff = new Date(now.getTime() - INVITATION_RETENTION_MS);
    await tx.delete(invitations).where(or(lt(invitations.usedAt, cutoff), lt(invitations.expiresAt, cutoff)));
    const [row] = await tx
      .insert(invitations)
      .values({
        tokenHash: sha256(token),
        projectId: opts.projectId,
        email: input.email,
        role: input.role,
        partnerCode: input.partnerCode,
        lang,
        invitedBy: opts.actor.kind === 'user' ? opts.actor.userId : null,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: invitations.id });
    const id = (row as { id: number }).id;
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'member.invite',
      entityType: 'invitation',
      entityId: id,
      before: null,
      after: { role: input.role, partnerCode: input.partnerCode, expiresAt: expiresAt.toISOString() },
    });
    // Queued in this transaction, in the invitee's language: sent by the `mail.send` job, never awaited here.
    const role = translate(lang, `auth.role.${input.role}`);
    await enqueueMail(tx, {
      message: {
        purpose: 'auth.invite',
        idempotencyKey: `auth.invite:${id}:${sha256(token)}`,
        to: input.email,
        lang,
        subject: translate(lang, 'mail.invite.subject', { project: project.acronym }),
        text: translate(lang, 'mail.invite.body', {
          project: project.acronym,
          role: input.partnerCode ? `${role} (${input.partnerCode})` : role,
          link: `${deps.baseUrl}/invite/${token}`,
          days: INVITATION_TTL_MS / 86_400_000,
        }),
        sensitive: true,
        projectId: opts.projectId,
      },
      clock: deps.clock ?? fixedClock(now),
    });
    return id;
  });
  return { invitationId };
}

/** Withdraws a pending invitation. Needs `member.invite`. */
export async function revokeInvitation(
  db: Db,
  opts: { actor: Actor; projectId: string; invitationId: number; now?: Date },
): Promise<void> {
  authorize(opts.actor, 'member.invite', { projectId: opts.projectId });
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ usedAt: opts.now ?? new Date() })
      .where(
        and(
          eq(invitations.id, opts.invitationId),
          eq(invitations.projectId, opts.projectId),
          isNull(invitations.usedAt),
        ),
      )
      .returning({ id: invitations.id, role: invitations.role, partnerCode: invitations.partnerCode });
    if (!row) throw notFound('invitation');
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'member.invite.revoke',
      entityType: 'invitation',
      entityId: row.id,
      before: { role: row.role, partnerCode: row.partnerCode },
      after: null,
    });
  });
}

export interface InvitationInfo {
  invitation: InvitationRow;
  projectAcronym: string;
  /** An active account already uses the invited address: its owner signs in to accept. */
  accountExists: boolean;
}

/** What an invitation link offers, or `link_invalid`. */
export async function describeInvitation(db: Db, token: string, now = new Date()): Promise<InvitationInfo> {
  const hash = sha256(token);
  const inv = await findInvitation(db, hash);
  if (!inv || !safeEqual(inv.tokenHash, hash) || inv.usedAt || inv.expiresAt <= now) throw invalidLink();
  const [project] = await db
    .select({ acronym: projects.acronym })
    .from(projects)
    .where(eq(projects.id, inv.projectId));
  if (!project) throw invalidLink();
  return {
    invitation: inv,
    projectAcronym: project.acronym,
    accountExists: Boolean(await findUserByEmail(db, inv.email)),
  };
}

/**
 * Accepts an invitation: a signed-in user joins with their account; otherwise a new account is made for the invited
 * address from `input` (name, password). Returns the user id and project.
 */
export async function acceptInvitation(
  db: Db,
  opts: { actor: Actor; token: string; input?: unknown; now?: Date },
): Promise<{ userId: string; projectId: string; created: boolean }> {
  const now = opts.now ?? new Date();
  const signedIn = opts.actor.kind === 'user' ? opts.actor : null;
  const newAccount = signedIn ? null : parseInput(acceptNewInput, opts.input ?? {});
  const passwordHash = newAccount ? await hashPassword(newAccount.password) : null;
  return db.transaction(async (tx) => {
    const info = await describeInvitation(tx, opts.token, now);
    if (!signedIn && info.accountExists) throw invalidLink();
    const [inv] = await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(
        and(
          eq(invitations.id, info.invitation.id),
          isNull(invitations.usedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning();
    if (!inv) throw invalidLink();
    let userId: string;
    if (signedIn) {
      userId = signedIn.userId;
    } else {
      userId = newId();
      await tx.insert(users).values({
        id: userId,
        email: inv.email,
        name: newAccount?.name ?? null,
        passwordHash,
        lang: isLang(inv.lang) ? inv.lang : null,
      });
      await appendAudit(tx, {
        projectId: null,
        actor: { kind: 'system', name: `invitation:${inv.id}` },
        action: 'user.create',
        entityType: 'user',
        entityId: userId,
        before: null,
        after: { isAdmin: false },
      });
    }
    await tx.update(invitations).set({ acceptedBy: userId }).where(eq(invitations.id, inv.id));
    const role = inv.role as Role;
    const before = await getMembership(tx, inv.projectId, userId);
    await upsertMembership(tx, { projectId: inv.projectId, userId, role, partnerCode: inv.partnerCode });
    const joined: Actor = {
      kind: 'user',
      userId,
      isAdmin: signedIn?.isAdmin ?? false,
      memberships: [{ projectId: inv.projectId, role, partnerCode: inv.partnerCode }],
    };
    await appendAudit(tx, {
      projectId: inv.projectId,
      actor: joined,
      action: before ? 'member.update' : 'member.add',
      entityType: 'membership',
      entityId: userId,
      before: before ? { role: before.role, partnerCode: before.partnerCode } : null,
      after: { role, partnerCode: inv.partnerCode, invitation: inv.id },
    });
    return { userId, projectId: inv.projectId, created: !signedIn };
  });
}

async function upsertMembership(
  tx: Tx,
  m: { projectId: string; userId: string; role: Role; partnerCode: string | null },
) {
  await tx
    .insert(memberships)
    .values(m)
    .onConflictDoUpdate({
      target: [memberships.userId, memberships.projectId],
      set: { role: m.role, partnerCode: m.partnerCode },
    });
}

/** Revokes the API tokens a user made in a project (when their role there changes or ends). */
async function revokeTokensOf(tx: Tx, actor: Actor, projectId: string, userId: string, now: Date) {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(eq(apiTokens.projectId, projectId), eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id });
  for (const t of revoked) {
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: t.id,
      before: { revoked: false },
      after: { revoked: true, reason: 'membership changed' },
    });
  }
}

/** Changes a member's role (and partner). Needs `member.manage`. The member's API tokens in the project are revoked. */
export async function updateMember(
  db: Db,
  opts: { actor: Actor; projectId: string; userId: string; input: unknown; now?: Date },
): Promise<void> {
  authorize(opts.actor, 'member.manage', { projectId: opts.projectId });
  const input = parseInput(memberInput, opts.input);
  await checkPartner(db, opts.projectId, input);
  const now = opts.now ?? new Date();
  await db.transaction(async (tx) => {
    const before = await getMembership(tx, opts.projectId, opts.userId);
    if (!before) throw notFound('member');
    if (before.role === input.role && before.partnerCode === input.partnerCode) return;
    await tx
      .update(memberships)
      .set({ role: input.role, partnerCode: input.partnerCode })
      .where(eq(memberships.id, before.id));
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'member.update',
      entityType: 'membership',
      entityId: opts.userId,
      before: { role: before.role, partnerCode: before.partnerCode },
      after: input,
    });
    await revokeTokensOf(tx, opts.actor, opts.projectId, opts.userId, now);
  });
}

/** Removes a member from the project. Needs `member.manage`. Their API tokens in the project are revoked. */
export async function removeMember(
  db: Db,
  opts: { actor: Actor; projectId: string; userId: string; now?: Date },
): Promise<void> {
  authorize(opts.actor, 'member.manage', { projectId: opts.projectId });
  await db.transaction(async (tx) => {
    const before = await getMembership(tx, opts.projectId, opts.userId);
    if (!before) throw notFound('member');
    await tx.delete(memberships).where(eq(memberships.id, before.id));
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'member.remove',
      entityType: 'membership',
      entityId: opts.userId,
      before: { role: before.role, partnerCode: before.partnerCode },
      after: null,
    });
    await revokeTokensOf(tx, opts.actor, opts.projectId, opts.userId, opts.now ?? new Date());
  });
}

/** Grants a membership directly (CLI, tests, first project setup). Needs `member.manage`. */
export async function addMember(
  db: Db,
  opts: { actor: Actor; projectId: string; userId: string; input: unknown },
): Promise<void> {
  authorize(opts.actor, 'member.manage', { projectId: opts.projectId });
  const input = parseInput(memberInput, opts.input);
  await checkPartner(db, opts.projectId, input);
  await db.transaction(async (tx) => {
    const before = await getMembership(tx, opts.projectId, opts.userId);
    await upsertMembership(tx, { projectId: opts.projectId, userId: opts.userId, ...input });
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: before ? 'member.update' : 'member.add',
      entityType: 'membership',
      entityId: opts.userId,
      before: before ? { role: before.role, partnerCode: before.partnerCode } : null,
      after: input,
    });
  });
}
