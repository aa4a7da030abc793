/**
 * What views may read from the current request without threading props: the actor, the session and the CSRF token
 * (through hono's context storage, set up first in createApp). Outside a request (unit-rendered views) they fall back
 * to an anonymous visitor.
 */
import { tryGetContext } from 'hono/context-storage';
import type { AppEnv, RequestSession } from '../../web/env';
import { anonymous, can, partnersFor, type Actor } from '../permissions';

export interface RequestView {
  actor: Actor;
  session: RequestSession | null;
  csrfToken: string;
}

export function requestView(): RequestView {
  const c = tryGetContext<AppEnv>();
  // c.get, not c.var: hono builds a new object of every variable on each `var` read (views read this per tab).
  return {
    actor: c?.get('actor') ?? anonymous,
    session: c?.get('session') ?? null,
    csrfToken: c?.get('csrfToken') ?? '',
  };
}

/** Project tabs that need a membership, after the plan's tabs. */
export const memberTabs = [
  ['/members', 'nav.members'],
  ['/tokens', 'nav.tokens'],
  ['/audit', 'nav.audit'],
] as const;

/** Whether the current actor gets a project tab (plan tabs are public; history, members, tokens, audit are not). */
export function tabVisible(suffix: string, projectId: string): boolean {
  const { actor } = requestView();
  switch (suffix) {
    case '/history':
      return can(actor, 'plan.read', { projectId });
    case '/dashboard':
    case '/records':
    case '/social':
      return can(actor, 'record.read', { projectId });
    case '/members':
      return can(actor, 'member.manage', { projectId });
    case '/tokens': {
      const p = partnersFor(actor, 'token.manage', projectId);
      return p === 'all' || p.length > 0;
    }
    case '/audit':
      return can(actor, 'audit.read', { projectId });
    case '/alerts':
      return can(actor, 'alerts.read', { projectId });
    case '/sources':
      return can(actor, 'sources.manage', { projectId });
    case '/news': {
      const p = partnersFor(actor, 'news.propose', projectId);
      return can(actor, 'site.manage', { projectId }) || p === 'all' || p.length > 0;
    }
    case '/site/deliverables':
      return can(actor, 'site.manage', { projectId });
    case '/newsletter/issues':
      return can(actor, 'newsletter.manage', { projectId });
    default:
      return true;
  }
}
