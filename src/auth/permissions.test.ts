import { describe, expect, it } from 'vitest';
import {
  INSTANCE_PERMISSIONS,
  PROJECT_PERMISSIONS,
  actorId,
  actorLabel,
  authorize,
  can,
  partnersFor,
  type Actor,
  type Permission,
  type Scope,
} from './permissions';

const P = 'proj';
const user = (role: 'coordinator' | 'editor' | 'viewer', partnerCode: string | null = null): Actor => ({
  kind: 'user',
  userId: `${role}-${partnerCode ?? ''}`,
  isAdmin: false,
  memberships: [{ projectId: P, role, partnerCode }],
});

const actors = {
  admin: { kind: 'user', userId: 'admin', isAdmin: true, memberships: [] },
  coordinator: user('coordinator'),
  editorA: user('editor', 'A'),
  editorB: user('editor', 'B'),
  viewer: user('viewer'),
  outsider: {
    kind: 'user',
    userId: 'o',
    isAdmin: false,
    memberships: [{ projectId: 'other', role: 'coordinator', partnerCode: null }],
  },
  tokenReadA: { kind: 'token', tokenId: 1, projectId: P, partnerCode: 'A', access: 'read' },
  tokenWriteA: { kind: 'token', tokenId: 2, projectId: P, partnerCode: 'A', access: 'write' },
  system: { kind: 'system', name: 'cli:test' },
  anonymous: { kind: 'anonymous' },
} satisfies Record<string, Actor>;
type Who = keyof typeof actors;

/** Scopes each permission is asked in: project-wide, for partner A, for partner B, and in another project. */
const scopes = {
  project: { projectId: P },
  A: { projectId: P, partnerCode: 'A' },
  B: { projectId: P, partnerCode: 'B' },
  other: { projectId: 'other2' },
} satisfies Record<string, Scope>;
type Where = keyof typeof scopes;

/**
 * The expected matrix, written out by hand: for each permission, who may do it and where.
 * `P` = in the project for any scope, `A` = only for partner A in the project, `*` = everywhere.
 */
const expected: Record<Permission, Partial<Record<Who, 'P' | 'A' | '*'>>> = {
  'plan.read': {
    admin: '*',
    system: '*',
    coordinator: 'P',
    editorA: 'P',
    editorB: 'P',
    viewer: 'P',
    tokenReadA: 'P',
    tokenWriteA: 'P',
  },
  'plan.import': { admin: '*', system: '*', coordinator: 'P' },
  'record.read': {
    admin: '*',
    system: '*',
    coordinator: 'P',
    editorA: 'P',
    editorB: 'P',
    viewer: 'P',
    tokenReadA: 'P',
    tokenWriteA: 'P',
  },
  'record.create': { admin: '*', system: '*', coordinator: 'P', editorA: 'A', tokenWriteA: 'A' },
  'record.update': { admin: '*', system: '*', coordinator: 'P', editorA: 'A', tokenWriteA: 'A' },
  'record.delete': { admin: '*', system: '*', coordinator: 'P', editorA: 'A', tokenWriteA: 'A' },
  'member.invite': { admin: '*', system: '*', coordinator: 'P' },
  'member.manage': { admin: '*', system: '*', coordinator: 'P' },
  'token.manage': { admin: '*', system: '*', coordinator: 'P', editorA: 'A' },
  'audit.read': {
    admin: '*',
    system: '*',
    coordinator: 'P',
    editorA: 'P',
    editorB: 'P',
    viewer: 'P',
    tokenReadA: 'P',
    tokenWriteA: 'P',
  },
  'report.read': {
    admin: '*',
    system: '*',
    coordinator: 'P',
    editorA: 'P',
    editorB: 'P',
    viewer: 'P',
    tokenReadA: 'P',
    tokenWriteA: 'P',
  },
  'report.generate': { admin: '*', system: '*', coordinator: 'P', editorA: 'P', editorB: 'P' },
  'report.write': { admin: '*', system: '*', coordinator: 'P' },
  'report.submit': { admin: '*', system: '*', coordinator: 'P' },
  'year.close': { admin: '*', system: '*', coordinator: 'P' },
  'period.signoff': { admin: '*', system: '*', coordinator: 'P', editorA: 'A' },
  'alerts.read': { admin: '*', system: '*', coordinator: 'P' },
  'alerts.dismiss': { admin: '*', system: '*', coordinator: 'P' },
  'sources.manage': { admin: '*', system: '*', coordinator: 'P' },
  'newsletter.manage': { admin: '*', system: '*', coordinator: 'P' },
  'site.manage': { admin: '*', system: '*', coordinator: 'P' },
  'news.propose': { admin: '*', system: '*', coordinator: 'P', editorA: 'A' },
  'social.plan': { admin: '*', system: '*', coordinator: 'P', editorA: 'A' },
  'user.manage': { admin: '*', system: '*' },
  'outbox.read': { admin: '*', system: '*' },
  'jobs.manage': { admin: '*', system: '*' },
  'portfolio.manage': { admin: '*', system: '*' },
  'project.create': { admin: '*', system: '*' },
};
// editorB's own partner is B: where the table says A for editorA, B holds for editorB.
const mirrored: Partial<Record<Permission, true>> = {
  'record.create': true,
  'record.update': true,
  'record.delete': true,
  'token.manage': true,
  'news.propose': true,
  'social.plan': true,
  'period.signoff': true,
};

function allowed(p: Permission, who: Who, where: Where): boolean {
  let rule = expected[p][who];
  if (who === 'editorB' && mirrored[p]) rule = 'A';
  if (rule === '*') return true;
  if (where === 'other' || !rule) return false;
  if (rule === 'P') return true;
  return where === (who === 'editorB' ? 'B' : 'A');
}

describe('permissions: the whole role × permission × scope matrix', () => {
  const all = [...PROJECT_PERMISSIONS, ...INSTANCE_PERMISSIONS];
  const isInstance = (p: Permission) => (INSTANCE_PERMISSIONS as readonly string[]).includes(p);
  const matrix = (who: Who, decide: (p: Permission, where: Where) => boolean) =>
    Object.fromEntries(
      all.flatMap((p) =>
        (Object.keys(scopes) as Where[]).map((where) => [`${p} @${where}`, decide(p, where)]),
      ),
    );

  it.each(Object.keys(actors) as Who[])('%s', (who) => {
    const got = matrix(who, (p, where) => can(actors[who], p, isInstance(p) ? {} : scopes[where]));
    const want = matrix(who, (p, where) =>
      isInstance(p) ? expected[p][who] === '*' : allowed(p, who, where),
    );
    expect(got).toEqual(want);
  });

  it('has a row for every permission', () => {
    expect(Object.keys(expected).sort()).toEqual([...all].sort());
  });
});

describe('authorize', () => {
  it('throws unauthenticated (401) for anonymous and forbidden (403) for others', () => {
    expect(() => authorize(actors.anonymous, 'plan.read', scopes.project)).toThrow(
      expect.objectContaining({ code: 'unauthenticated', status: 401 }),
    );
    expect(() => authorize(actors.viewer, 'plan.import', scopes.project)).toThrow(
      expect.objectContaining({ code: 'forbidden', status: 403 }),
    );
    expect(() => authorize(actors.coordinator, 'plan.import', scopes.project)).not.toThrow();
  });
});

describe('partnersFor', () => {
  it('names the partners an actor may act for', () => {
    expect(partnersFor(actors.coordinator, 'record.create', P)).toBe('all');
    expect(partnersFor(actors.editorA, 'record.create', P)).toEqual(['A']);
    expect(partnersFor(actors.editorA, 'token.manage', 'other')).toEqual([]);
    expect(partnersFor(actors.viewer, 'token.manage', P)).toEqual([]);
    expect(partnersFor(actors.tokenWriteA, 'record.update', P)).toEqual(['A']);
    expect(partnersFor(actors.admin, 'token.manage', 'any')).toBe('all');
  });
});

describe('actor ids and labels', () => {
  it('are stable and carry no personal data', () => {
    expect(actorId(actors.editorA)).toBe('user:editor-A');
    expect(actorId(actors.tokenWriteA)).toBe('token:2');
    expect(actorId(actors.system)).toBe('cli:test');
    expect(actorLabel(actors.editorA, P)).toBe('editor of A');
    expect(actorLabel(actors.coordinator, P)).toBe('coordinator');
    expect(actorLabel(actors.admin, P)).toBe('admin');
    expect(actorLabel(actors.tokenReadA)).toBe('API token 1 of A (read)');
  });
});
