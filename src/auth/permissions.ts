/**
 * Who may do what: the Actor type every service receives, the permission vocabulary, the role → permission table,
 * and `can` / `authorize`. Plain data and functions, no database: services load the actor once and ask here.
 *
 * @example
 * authorize(actor, 'record.update', { projectId: 'm-sec', partnerCode: 'WLI' }); // throws 401/403 AppError
 * if (can(actor, 'member.invite', { projectId })) showInviteForm();
 */
import { denied } from '../errors';

export const ROLES = ['coordinator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Membership {
  projectId: string;
  role: Role;
  /** The partner a partner editor works for; null for coordinators and viewers. */
  partnerCode: string | null;
  /** Set when the role comes from a portfolio (src/portfolio) rather than a direct membership of the project. */
  portfolioId?: string;
}

/** Who is acting. Passed explicitly, in an options object, to every service. */
export type Actor =
  | { kind: 'user'; userId: string; isAdmin: boolean; memberships: Membership[] }
  | { kind: 'token'; tokenId: number; projectId: string; partnerCode: string; access: 'read' | 'write' }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

export const anonymous: Actor = { kind: 'anonymous' };
export const systemActor = (name: string): Actor => ({ kind: 'system', name });

/** Project permissions (scoped by project, some also by partner) and instance permissions (admin only). */
export const PROJECT_PERMISSIONS = [
  'plan.read',
  'plan.import',
  'record.read',
  'record.create',
  'record.update',
  'record.delete',
  'member.invite',
  'member.manage',
  'token.manage',
  'audit.read',
  'report.read',
  'report.generate',
  'report.write',
  'report.submit',
  'year.close',
  'period.signoff',
  'newsletter.manage',
  'site.manage',
  'news.propose',
  'social.plan',
  'alerts.read',
  'alerts.dismiss',
  // Live sources (src/sources): configure them, run them by hand, accept or reject OpenAIRE's suggested outputs.
  'sources.manage',
] as const;
export const INSTANCE_PERMISSIONS = [
  'user.manage',
  'outbox.read',
  'jobs.manage',
  'portfolio.manage',
  // Starting a new project (`herald init`, /projects/new): admins.
  'project.create',
] as const;
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];
export type InstancePermission = (typeof INSTANCE_PERMISSIONS)[number];
export type Permission = ProjectPermission | InstancePermission;

/** `all`: anywhere in the project; `own`: only for the member's own partner. */
export type Grant = 'all' | 'own';

/** The role table. A permission missing from a role's row is denied. */
export const ROLE_PERMISSIONS: Record<Role, Partial<Record<ProjectPermission, Grant>>> = {
  coordinator: {
    'plan.read': 'all',
    'plan.import': 'all',
    'record.read': 'all',
    'record.create': 'all',
    'record.update': 'all',
    'record.delete': 'all',
    'member.invite': 'all',
    'member.manage': 'all',
    'token.manage': 'all',
    'audit.read': 'all',
    // Reports: read and download, generate drafts, write the report's texts, deviations and recommendations, submit.
    'report.read': 'all',
    'report.generate': 'all',
    'report.write': 'all',
    'report.submit': 'all',
    // Closing, re-opening and re-baselining a project year's frozen figures.
    'year.close': 'all',
    // Period sign-off (src/signoff): for any partner, on its behalf (the audit entry says so).
    'period.signoff': 'all',
    // The newsletter's subscribers: their addresses, consent evidence and erasure (src/newsletter).
    'newsletter.manage': 'all',
    // The public site: news (write, publish, withdraw; approve or reject partners' proposals), deliverable
    // files (upload, publish) and their download counts.
    'site.manage': 'all',
    'news.propose': 'all',
    // The social-media calendar (src/social): draft, plan, cancel, mark posted on every channel.
    'social.plan': 'all',
    // Records that contradict each other (src/records/consistency.ts): see them, dismiss one with a reason.
    'alerts.read': 'all',
    'alerts.dismiss': 'all',
    'sources.manage': 'all',
  },
  editor: {
    'plan.read': 'all',
    'record.read': 'all',
    'record.create': 'own',
    'record.update': 'own',
    'record.delete': 'own',
    'token.manage': 'own',
    'audit.read': 'all',
    'report.read': 'all',
    'report.generate': 'all',
    // A partner editor signs off its own partner's records of an ended period (src/signoff).
    'period.signoff': 'own',
    // A partner editor proposes news for their own partner; the coordinator publishes it.
    'news.propose': 'own',
    // A partner editor drafts social posts for their own partner; on a channel their partner is `responsible` for,
    // they also plan, cancel and mark posted (src/social/service.ts).
    'social.plan': 'own',
  },
  viewer: {
    'plan.read': 'all',
    'record.read': 'all',
    'audit.read': 'all',
    'report.read': 'all',
  },
};

/**
 * What an API token may do, by its access level; write tokens act only for their own partner. Both read the
 * project's reports (list, files, signed manifests, pre-flight findings), as every member of the project may: a
 * funder's or an organisation's own system collects them. Generating a draft and submitting stay with signed-in
 * people (report.generate, report.submit).
 */
export const TOKEN_PERMISSIONS: Record<'read' | 'write', Partial<Record<ProjectPermission, Grant>>> = {
  read: { 'plan.read': 'all', 'record.read': 'all', 'audit.read': 'all', 'report.read': 'all' },
  write: {
    'plan.read': 'all',
    'record.read': 'all',
    'audit.read': 'all',
    'report.read': 'all',
    'record.create': 'own',
    'record.update': 'own',
    'record.delete': 'own',
  },
};

export interface Scope {
  /** Required for project permissions. */
  projectId?: string;
  /** The partner the action is for (a record's lead partner, a token's partner). Omitted: not partner-specific. */
  partnerCode?: string | null;
}

const isInstancePermission = (p: Permission): p is InstancePermission =>
  (INSTANCE_PERMISSIONS as readonly string[]).includes(p);

function allowedBy(grant: Grant | undefined, own: string | null, scope: Scope): boolean {
  if (grant === 'all') return true;
  if (grant === 'own') return own !== null && scope.partnerCode !== undefined && scope.partnerCode === own;
  return false;
}

/** Whether `actor` may do `permission` within `scope`. */
export function can(actor: Actor, permission: Permission, scope: Scope = {}): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'anonymous':
      return false;
    case 'user': {
      if (actor.isAdmin) return true;
      if (isInstancePermission(permission) || !scope.projectId) return false;
      const m = actor.memberships.find((x) => x.projectId === scope.projectId);
      return m ? allowedBy(ROLE_PERMISSIONS[m.role][permission], m.partnerCode, scope) : false;
    }
    case 'token': {
      if (isInstancePermission(permission) || scope.projectId !== actor.projectId) return false;
      return allowedBy(TOKEN_PERMISSIONS[actor.access][permission], actor.partnerCode, scope);
    }
  }
}

/**
 * The partners for which `actor` may do `permission` in a project: `all`, a list (a partner editor's own), or none.
 * For pages that offer a partner choice (tokens, new record).
 */
export function partnersFor(
  actor: Actor,
  permission: ProjectPermission,
  projectId: string,
): 'all' | string[] {
  if (actor.kind === 'system' || (actor.kind === 'user' && actor.isAdmin)) return 'all';
  let grant: Grant | undefined;
  let own: string | null = null;
  if (actor.kind === 'user') {
    const m = actor.memberships.find((x) => x.projectId === projectId);
    if (!m) return [];
    grant = ROLE_PERMISSIONS[m.role][permission];
    own = m.partnerCode;
  } else if (actor.kind === 'token' && actor.projectId === projectId) {
    grant = TOKEN_PERMISSIONS[actor.access][permission];
    own = actor.partnerCode;
  }
  if (grant === 'all') return 'all';
  return grant === 'own' && own !== null ? [own] : [];
}

/** Throws `unauthenticated` (401) for anonymous visitors and `forbidden` (403) for others who may not. */
export function authorize(actor: Actor, permission: Permission, scope: Scope = {}): void {
  if (can(actor, permission, scope)) return;
  throw denied({
    anonymous: actor.kind === 'anonymous',
    message: 'You do not have permission to do this',
    params: { permission },
  });
}

/** Throws `unauthenticated` unless someone is signed in (or a token/system acts); returns the narrowed actor. */
export function requireUser(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind === 'user') return actor;
  throw denied({ anonymous: actor.kind === 'anonymous', message: 'Only a signed-in person can do this' });
}

/** The role a user actor holds in a project, if any. */
export const membershipIn = (actor: Actor, projectId: string): Membership | undefined =>
  actor.kind === 'user' ? actor.memberships.find((m) => m.projectId === projectId) : undefined;

/** The stable id recorded as "who" (audit trail, plan history): `user:<id>`, `token:<id>`, or the system name. */
export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'token':
      return `token:${actor.tokenId}`;
    case 'system':
      return actor.name;
    case 'anonymous':
      return 'anonymous';
  }
}

/** A label without personal data, frozen into audit entries ("coordinator", "editor of WLI", "admin"). */
export function actorLabel(actor: Actor, projectId?: string): string {
  switch (actor.kind) {
    case 'user': {
      const m = projectId ? membershipIn(actor, projectId) : undefined;
      if (m) return m.role === 'editor' && m.partnerCode ? `editor of ${m.partnerCode}` : m.role;
      return actor.isAdmin ? 'admin' : 'user';
    }
    case 'token':
      return `API token ${actor.tokenId} of ${actor.partnerCode} (${actor.access})`;
    case 'system':
      return actor.name;
    case 'anonymous':
      return 'anonymous';
  }
}
