/** Queries over accounts: users, memberships, sessions, links, API tokens, sign-in failures. No rules here. */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  apiTokens,
  invitations,
  loginFailures,
  memberships,
  passwordTokens,
  sessions,
  users,
  type ApiTokenRow,
  type InvitationRow,
  type SessionRow,
  type UserRow,
} from '../db/schema';
import { ROLES, type Membership, type Role } from './permissions';

const asRole = (v: string): Role => ((ROLES as readonly string[]).includes(v) ? (v as Role) : 'viewer');

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)));
  return row;
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function countAdmins(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.deletedAt)));
  return row?.n ?? 0;
}

export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({
      projectId: memberships.projectId,
      role: memberships.role,
      partnerCode: memberships.partnerCode,
    })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.projectId));
  return rows.map((r) => ({ ...r, role: asRole(r.role) }));
}

interface EffectiveRow {
  project_id: string | null;
  role: string;
  partner_code: string | null;
  portfolio_id: string | null;
  /** The portfolio rows: the project ids with this role, space-separated (one row instead of one per project). */
  projects: string | null;
}

/**
 * What the user may act as, project by project, in ONE statement: their direct memberships, and for every project of
 * a portfolio they belong to, the portfolio's role (coordinator before viewer when two portfolios share a project). A
 * direct membership wins over any portfolio role. The portfolio part comes back as one row per portfolio and role
 * with its project ids joined: a portfolio of 1,000 projects took about 55 ms a request as 1,000 rows on PGlite, half
 * that as one. The actor carries these (sessions, jobs acting for a user). `userId`: a value, or a column of an
 * outer query (the session's user).
 */
const effectiveMembershipsSql = (userId: SQL) => sql`
    select project_id, role, partner_code, null::text as portfolio_id, null::text as projects
      from memberships where user_id = ${userId}
    union all
    select null, role, null, portfolio_id, string_agg(project_id, ' ' order by project_id)
      from (
        select distinct on (pp.project_id) pp.project_id, pm.role, pm.portfolio_id
          from portfolio_members pm
          join portfolio_projects pp on pp.portfolio_id = pm.portfolio_id
         where pm.user_id = ${userId}
           and not exists (select 1 from memberships m where m.user_id = ${userId} and m.project_id = pp.project_id)
         order by pp.project_id, (pm.role = 'coordinator') desc, pm.portfolio_id
      ) via_portfolio
     group by role, portfolio_id`;

function membershipsFromRows(rows: readonly EffectiveRow[]): Membership[] {
  const out: Membership[] = [];
  for (const r of rows) {
    const role = asRole(r.role);
    if (r.project_id !== null) out.push({ projectId: r.project_id, role, partnerCode: r.partner_code });
    else if (r.portfolio_id !== null) {
      for (const projectId of (r.projects ?? '').split(' ').filter(Boolean)) {
        out.push({ projectId, role, partnerCode: null, portfolioId: r.portfolio_id });
      }
    }
  }
  return out.sort((a, b) => (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0));
}

export async function effectiveMembershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const result = await db.execute(effectiveMembershipsSql(sql`${userId}`));
  const rows = (result as unknown as { rows?: EffectiveRow[] }).rows ?? (result as unknown as EffectiveRow[]);
  return membershipsFromRows(rows);
}

export interface MemberRow {
  userId: string;
  name: string | null;
  email: string | null;
  role: Role;
  partnerCode: string | null;
  since: Date;
}

export async function listMembers(db: Db, projectId: string): Promise<MemberRow[]> {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      partnerCode: memberships.partnerCode,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(memberships.role), asc(memberships.partnerCode), asc(users.name));
  return rows.map((r) => ({ ...r, role: asRole(r.role) }));
}

export async function getMembership(db: Db, projectId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
  return row ? { ...row, role: asRole(row.role) } : undefined;
}

// Sessions

/**
 * A session with its user and the user's effective memberships, in ONE statement (every signed-in request runs
 * it): the memberships come back as one JSON text column from the same query `effectiveMembershipsOf` runs.
 */
export async function sessionWithUser(
  db: Db,
  idHash: string,
): Promise<{ session: SessionRow; user: UserRow; memberships: Membership[] } | undefined> {
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      memberships: sql<
        string | null
      >`(select json_agg(m)::text from (${effectiveMembershipsSql(sql`${users.id}`)}) m)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), isNull(users.deletedAt)));
  if (!row) return undefined;
  const rows = row.memberships ? (JSON.parse(row.memberships) as EffectiveRow[]) : [];
  return { session: row.session, user: row.user, memberships: membershipsFromRows(rows) };
}

export function listSessions(db: Db, userId: string): Promise<SessionRow[]> {
  return db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastSeenAt));
}

// Links

export async function findPasswordToken(db: Db, tokenHash: string) {
  const [row] = await db.select().from(passwordTokens).where(eq(passwordTokens.tokenHash, tokenHash));
  return row;
}

export async function findInvitation(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export function listPendingInvitations(db: Db, projectId: string, now: Date): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(eq(invitations.projectId, projectId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)),
    )
    .orderBy(desc(invitations.createdAt));
}

// API tokens

export async function findApiToken(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

export function listApiTokens(db: Db, projectId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.projectId, projectId))
    .orderBy(asc(apiTokens.revokedAt), desc(apiTokens.createdAt));
}

// Attempts (sign-in, reset requests): one row per attempt under a key; failed sign-ins stay as rows.

/** Inserts one row per key at `at` (each its own autocommitted statement's work) and returns their ids, in key order. */
export async function insertAttempts(db: Db, keys: string[], at: Date): Promise<number[]> {
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(at.getTime() - 86_400_000)));
  const rows = await db
    .insert(loginFailures)
    .values(keys.map((key) => ({ key, at })))
    .returning({ id: loginFailures.id, key: loginFailures.key });
  return keys.map((k) => rows.find((r) => r.key === k)?.id ?? -1);
}

/** Per key: the rows after `since` other than `exclude` (count, latest time). Keys without rows are absent. */
export async function attemptsSince(
  db: Db,
  keys: string[],
  since: Date,
  exclude: number[],
): Promise<Map<string, { n: number; last: Date | null }>> {
  const rows = await db
    .select({
      key: loginFailures.key,
      n: sql<number>`count(*)::int`,
      last: sql<Date | string | null>`max(${loginFailures.at})`,
    })
    .from(loginFailures)
    .where(
      and(
        inArray(loginFailures.key, keys),
        gt(loginFailures.at, since),
        exclude.length ? notInArray(loginFailures.id, exclude) : undefined,
      ),
    )
    .groupBy(loginFailures.key);
  return new Map(rows.map((r) => [r.key, { n: r.n, last: r.last ? new Date(r.last) : null }]));
}

export async function deleteAttempts(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
}

/** Forgets a key's rows up to and including `upToId` (rows of attempts that began later stay). */
export async function clearFailures(db: Db, key: string, upToId: number): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.key, key), lte(loginFailures.id, upToId)));
}
