/**
 * Managing portfolios (instance admins, or the CLI's system actor): create one, add or remove its projects, grant or
 * revoke a person's portfolio role. Each use case checks `portfolio.manage` and appends its entry to the instance
 * audit chain in the same transaction. Entries hold ids and roles, never names or e-mail addresses.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import { findUserByEmail } from '../auth/repository';
import type { Db } from '../db/client';
import { portfolioMembers, portfolioProjects, portfolios, projects, users } from '../db/schema';
import { AppError, notFound } from '../errors';
import { systemClock, type Clock } from '../lib/clock';
import { slugify } from '../projects/diff';
import { issueKey } from '../i18n/zod';
import { issueMessage } from '../records/issue-message';
import { kebabId, lineText } from '../schema-pieces';

export const PORTFOLIO_KINDS = ['organisation', 'agency'] as const;
export const PORTFOLIO_ROLES = ['coordinator', 'viewer'] as const;
export type PortfolioRole = (typeof PORTFOLIO_ROLES)[number];

export const createInput = z.object({
  name: lineText(200).pipe(z.string().min(1)),
  kind: z.enum(PORTFOLIO_KINDS).default('organisation'),
});
export const grantInput = z.object({
  email: lineText(320).pipe(z.string().min(3)),
  role: z.enum(PORTFOLIO_ROLES),
});
export const portfolioId = kebabId;

interface Acting {
  actor: Actor;
  clock?: Clock;
}

/** Parses a form or CLI input, or throws `validation` (422) naming each field, with its i18n key. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issueMessage(issue),
    ...issueKey(issue),
  }));
  throw new AppError({
    code: 'validation',
    status: 422,
    message: details.map((d) => `${d.path}: ${d.message}`).join('; '),
    details,
  });
}

const validation = (path: string, message: string, key: string, params: Record<string, string> = {}) =>
  new AppError({
    code: 'validation',
    status: 422,
    message,
    messageKey: key,
    params,
    details: [{ path, message, key, params }],
  });

async function requirePortfolio(db: Db, id: string) {
  const [row] = await db.select().from(portfolios).where(eq(portfolios.id, id));
  if (!row) throw notFound(`portfolio ${id}`);
  return row;
}

/** A new portfolio; its id is the slug of its name. */
export async function createPortfolio(
  db: Db,
  opts: Acting & { input: { name?: string; kind?: string } },
): Promise<{ id: string }> {
  authorize(opts.actor, 'portfolio.manage');
  const input = parseInput(createInput, opts.input);
  const id = slugify(input.name);
  if (!id) throw validation('name', 'The name must contain a letter or digit', 'portfolios.error.badName');
  const at = (opts.clock ?? systemClock).now();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(portfolios)
      .values({ id, name: input.name, kind: input.kind, createdAt: at })
      .onConflictDoNothing()
      .returning({ id: portfolios.id });
    if (inserted.length === 0) {
      throw new AppError({
        code: 'conflict',
        status: 409,
        message: `A portfolio with the id ${id} already exists`,
        messageKey: 'portfolios.error.exists',
        params: { id },
      });
    }
    await appendAudit(tx, {
      projectId: null,
      actor: opts.actor,
      action: 'portfolio.create',
      entityType: 'portfolio',
      entityId: id,
      after: { name: input.name, kind: input.kind },
      at,
    });
    return { id };
  });
}

/** Adds projects to a portfolio (already there: nothing to do, no entry). Returns the ids actually added. */
export async function addProjects(
  db: Db,
  opts: Acting & { portfolioId: string; projectIds: readonly string[] },
): Promise<string[]> {
  authorize(opts.actor, 'portfolio.manage');
  const at = (opts.clock ?? systemClock).now();
  return db.transaction(async (tx) => {
    await requirePortfolio(tx, opts.portfolioId);
    const added: string[] = [];
    for (const projectId of opts.projectIds) {
      const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId));
      if (!project) {
        throw validation('project', `There is no project ${projectId}`, 'portfolios.error.noProject', {
          id: projectId,
        });
      }
      const rows = await tx
        .insert(portfolioProjects)
        .values({ portfolioId: opts.portfolioId, projectId, addedAt: at })
        .onConflictDoNothing()
        .returning({ projectId: portfolioProjects.projectId });
      if (rows.length === 0) continue;
      added.push(projectId);
      await appendAudit(tx, {
        projectId: null,
        actor: opts.actor,
        action: 'portfolio.add-project',
        entityType: 'portfolio',
        entityId: opts.portfolioId,
        after: { projectId },
        at,
      });
    }
    return added;
  });
}

/** Takes a project out of a portfolio; false when it was not in it. */
export async function removeProject(
  db: Db,
  opts: Acting & { portfolioId: string; projectId: string },
): Promise<boolean> {
  authorize(opts.actor, 'portfolio.manage');
  const at = (opts.clock ?? systemClock).now();
  return db.transaction(async (tx) => {
    await requirePortfolio(tx, opts.portfolioId);
    const rows = await tx
      .delete(portfolioProjects)
      .where(
        and(
          eq(portfolioProjects.portfolioId, opts.portfolioId),
          eq(portfolioProjects.projectId, opts.projectId),
        ),
      )
      .returning({ projectId: portfolioProjects.projectId });
    if (rows.length === 0) return false;
    await appendAudit(tx, {
      projectId: null,
      actor: opts.actor,
      action: 'portfolio.remove-project',
      entityType: 'portfolio',
      entityId: opts.portfolioId,
      before: { projectId: opts.projectId },
      at,
    });
    return true;
  });
}

/** Gives the account with this e-mail address a role across the portfolio (or changes it). */
export async function grantRole(
  db: Db,
  opts: Acting & { portfolioId: string; input: { email: string; role: string } },
): Promise<{ userId: string; role: PortfolioRole }> {
  authorize(opts.actor, 'portfolio.manage');
  const input = parseInput(grantInput, opts.input);
  const at = (opts.clock ?? systemClock).now();
  const email = input.email.toLowerCase();
  return db.transaction(async (tx) => {
    await requirePortfolio(tx, opts.portfolioId);
    const user = await findUserByEmail(tx, email);
    if (!user)
      throw validation('email', `No account has the address ${email}`, 'portfolios.error.noUser', { email });
    const [before] = await tx
      .select({ role: portfolioMembers.role })
      .from(portfolioMembers)
      .where(and(eq(portfolioMembers.portfolioId, opts.portfolioId), eq(portfolioMembers.userId, user.id)));
    if (before?.role === input.role) return { userId: user.id, role: input.role };
    await tx
      .insert(portfolioMembers)
      .values({ portfolioId: opts.portfolioId, userId: user.id, role: input.role, createdAt: at })
      .onConflictDoUpdate({
        target: [portfolioMembers.portfolioId, portfolioMembers.userId],
        set: { role: input.role },
      });
    await appendAudit(tx, {
      projectId: null,
      actor: opts.actor,
      action: 'portfolio.grant',
      entityType: 'portfolio_member',
      entityId: `${opts.portfolioId}:${user.id}`,
      before: before ? { role: before.role } : null,
      after: { role: input.role },
      at,
    });
    return { userId: user.id, role: input.role };
  });
}

/** Ends a person's role in a portfolio (by user id, or by e-mail address); false when they held none. */
export async function revokeRole(
  db: Db,
  opts: Acting & { portfolioId: string; userId?: string; email?: string },
): Promise<boolean> {
  authorize(opts.actor, 'portfolio.manage');
  const at = (opts.clock ?? systemClock).now();
  return db.transaction(async (tx) => {
    await requirePortfolio(tx, opts.portfolioId);
    let userId = opts.userId;
    if (!userId && opts.email) {
      const email = opts.email.trim().toLowerCase();
      const user = await findUserByEmail(tx, email);
      if (!user)
        throw validation('email', `No account has the address ${email}`, 'portfolios.error.noUser', {
          email,
        });
      userId = user.id;
    }
    if (!userId) return false;
    const rows = await tx
      .delete(portfolioMembers)
      .where(and(eq(portfolioMembers.portfolioId, opts.portfolioId), eq(portfolioMembers.userId, userId)))
      .returning({ role: portfolioMembers.role });
    const [gone] = rows;
    if (!gone) return false;
    await appendAudit(tx, {
      projectId: null,
      actor: opts.actor,
      action: 'portfolio.revoke',
      entityType: 'portfolio_member',
      entityId: `${opts.portfolioId}:${userId}`,
      before: { role: gone.role },
      after: null,
      at,
    });
    return true;
  });
}

export interface PortfolioSummary {
  id: string;
  name: string;
  kind: string;
  projects: number;
  members: number;
}

/** Every portfolio with its numbers of projects and members (one statement). */
export async function listPortfolios(db: Db, opts: Acting): Promise<PortfolioSummary[]> {
  authorize(opts.actor, 'portfolio.manage');
  const pc = db
    .select({ id: portfolioProjects.portfolioId, n: count().as('np') })
    .from(portfolioProjects)
    .groupBy(portfolioProjects.portfolioId)
    .as('pc');
  const mc = db
    .select({ id: portfolioMembers.portfolioId, n: count().as('nm') })
    .from(portfolioMembers)
    .groupBy(portfolioMembers.portfolioId)
    .as('mc');
  const rows = await db
    .select({
      id: portfolios.id,
      name: portfolios.name,
      kind: portfolios.kind,
      projects: sql<number>`coalesce(${pc.n}, 0)::int`,
      members: sql<number>`coalesce(${mc.n}, 0)::int`,
    })
    .from(portfolios)
    .leftJoin(pc, eq(pc.id, portfolios.id))
    .leftJoin(mc, eq(mc.id, portfolios.id))
    .orderBy(asc(portfolios.name), asc(portfolios.id));
  return rows.map((r) => ({ ...r, projects: Number(r.projects), members: Number(r.members) }));
}

export interface PortfolioDetail {
  id: string;
  name: string;
  kind: string;
  projects: { id: string; acronym: string; title: string }[];
  members: { userId: string; name: string | null; email: string | null; role: string }[];
}

/** One portfolio with its projects and members, for its admin page and `herald portfolio list ID`. */
export async function getPortfolio(db: Db, opts: Acting & { id: string }): Promise<PortfolioDetail> {
  authorize(opts.actor, 'portfolio.manage');
  const p = await requirePortfolio(db, opts.id);
  const [ps, ms] = await Promise.all([
    db
      .select({ id: projects.id, acronym: projects.acronym, title: projects.title })
      .from(portfolioProjects)
      .innerJoin(projects, eq(projects.id, portfolioProjects.projectId))
      .where(eq(portfolioProjects.portfolioId, opts.id))
      .orderBy(asc(projects.acronym), asc(projects.id)),
    db
      .select({ userId: users.id, name: users.name, email: users.email, role: portfolioMembers.role })
      .from(portfolioMembers)
      .innerJoin(users, eq(users.id, portfolioMembers.userId))
      .where(eq(portfolioMembers.portfolioId, opts.id))
      .orderBy(asc(portfolioMembers.role), asc(users.email)),
  ]);
  return { id: p.id, name: p.name, kind: p.kind, projects: ps, members: ms };
}
