/**
 * The mail preference pages.
 *   GET|POST /mail/preferences/:project/:user/:topic/:token   one topic, reached from a mail without signing in: the
 *            token (HMAC of user, project, topic; src/mail/preferences.ts) is the capability. GET shows the state and
 *            the buttons (never writes); POST acts as the system actor for that person. Mounted before the session
 *            and CSRF middleware (no cookie is read or set): the form carries a token signed by the instance, valid a
 *            day (the newsletter's pattern, src/newsletter/secrets.ts), and a POST from another origin is refused.
 *   POST …/one-click   RFC 8058: a body of `List-Unsubscribe=One-Click` unsubscribes from the topic; 200 text, no page.
 *   GET|POST /p/:id/mail   a member's own page: every topic with its state; the usual session and CSRF token.
 * A wrong or forged link answers a 404 page and changes nothing.
 */
import { Hono, type Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { denied, AppError } from '../errors';
import { requireUser, systemActor, type Actor, type Role } from '../auth/permissions';
import { keyFileOf, loadConfig } from '../config';
import type { Db } from '../db/client';
import { memberships } from '../db/schema';
import { setMailPreference } from '../mail/preference-service';
import {
  isPreferenceToken,
  isPreferenceTopic,
  MAIL_TOPICS,
  preferenceSecret,
  preferencesOf,
  type PreferenceSubject,
  type PreferenceTopic,
} from '../mail/preferences';
import { formToken, isFormToken } from '../newsletter/secrets';
import { getProject } from '../projects/repository';
import { kebabId } from '../schema-pieces';
import { navProject, pageCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import {
  changesOf,
  defaultOnFor,
  isPreferenceAction,
  topicState,
  type PreferenceAction,
} from './preference-state';
import { InvalidLinkPage, LinkPage, MinePage } from './preference-views';

type C = Context<AppEnv>;

const LINK = '/mail/preferences/:project/:user/:topic/:token';
const MAX_BODY = 4 * 1024;
const noStore = { 'cache-control': 'no-store' };

const db = (c: C): Db => c.var.deps.database.db;
const secretOf = (c: C) => preferenceSecret(c.var.deps.keyFile ?? keyFileOf(loadConfig()));

/** The member's role in the project (a direct membership), if any. */
async function roleIn(d: Db, q: { userId: string; projectId: string }): Promise<Role | undefined> {
  const [m] = await d
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, q.userId), eq(memberships.projectId, q.projectId)))
    .limit(1);
  return m?.role as Role | undefined;
}

interface Link extends PreferenceSubject {
  token: string;
  role: Role;
  acronym: string;
}

/** The link's subject when its token is this instance's and the person is still a member; else undefined. */
async function linkOf(c: C): Promise<Link | undefined> {
  const { project, user, topic, token } = c.req.param() as Record<string, string>;
  if (
    !kebabId.safeParse(project).success ||
    !/^[\w-]{1,100}$/.test(user ?? '') ||
    !/^[\w-]{43}$/.test(token ?? '')
  )
    return undefined;
  if (!isPreferenceTopic(topic ?? '')) return undefined;
  const subject: PreferenceSubject = { projectId: project!, userId: user!, topic: topic as PreferenceTopic };
  if (!isPreferenceToken(secretOf(c), subject, token!)) return undefined;
  const [role, p] = [await roleIn(db(c), subject), await getProject(db(c), subject.projectId)];
  return role && p ? { ...subject, token: token!, role, acronym: p.acronym } : undefined;
}

const invalid = (c: C) => c.html(<InvalidLinkPage {...pageCtx(c)} />, 404, noStore);

async function stateOf(
  d: Db,
  s: { userId: string; projectId: string; topic: PreferenceTopic; role: Role; today: string },
) {
  const rows = await preferencesOf(d, s);
  const defaultOn = s.topic === 'all' ? true : defaultOnFor(s.topic, s.role);
  return { rows, state: topicState(rows, { topic: s.topic, today: s.today, defaultOn }) };
}

async function formOf(c: C): Promise<Record<string, string>> {
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY)
    throw new AppError({ code: 'payload_too_large', status: 413, message: 'the form is too large' });
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

/** A POST from a page of this instance: no Origin, or one of ours, and not a cross-site fetch. */
function ownOrigin(c: C): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return false;
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  const own = new Set([new URL(c.req.url).origin]);
  if (c.var.deps.baseUrl) own.add(new URL(c.var.deps.baseUrl).origin);
  return own.has(origin);
}

/** Applies an action's changes (each one audited) for `userId`. */
async function act(
  c: C,
  o: { actor: Actor; userId: string; projectId: string; topic: PreferenceTopic; action: PreferenceAction },
) {
  const rows = await preferencesOf(db(c), o);
  for (const { topic, change } of changesOf(o.action, o.topic, rows))
    await setMailPreference(db(c), {
      actor: o.actor,
      userId: o.userId,
      projectId: o.projectId,
      topic,
      change,
      clock: c.var.clock,
    });
}

const formKey = (token: string) => `mail-preferences:${token}`;

async function linkPage(c: C, link: Link, o: { saved?: boolean; problem?: boolean; status?: number } = {}) {
  const { state } = await stateOf(db(c), { ...link, today: c.var.clock.today() });
  const token = formToken(secretOf(c), formKey(link.token), c.var.clock.now());
  return c.html(
    <LinkPage
      {...pageCtx(c)}
      project={link.acronym}
      projectId={link.projectId}
      topic={link.topic}
      state={state}
      formToken={token}
      saved={o.saved}
      problem={o.problem}
    />,
    (o.status ?? 200) as 200,
    noStore,
  );
}

/** The link routes: mounted before authentication and CSRF (src/web/app.tsx). */
export const preferenceLinkRoutes = new Hono<AppEnv>();

preferenceLinkRoutes.get(LINK, async (c) => {
  const link = await linkOf(c);
  return link ? linkPage(c, link) : invalid(c);
});

preferenceLinkRoutes.post(LINK, async (c) => {
  const link = await linkOf(c);
  if (!link) return invalid(c);
  const form = await formOf(c);
  if (!ownOrigin(c) || !isFormToken(secretOf(c), formKey(link.token), form.form, c.var.clock.now()))
    return linkPage(c, link, { problem: true, status: 403 });
  if (!isPreferenceAction(form.action)) return linkPage(c, link, { status: 422 });
  await act(c, { ...link, actor: systemActor('mail:preference-link'), action: form.action });
  return linkPage(c, link, { saved: true });
});

preferenceLinkRoutes.post(`${LINK}/one-click`, async (c) => {
  const link = await linkOf(c);
  if (!link) return c.text('unknown link', 404, noStore);
  const form = await formOf(c);
  if (form['List-Unsubscribe'] !== 'One-Click')
    return c.text('expected List-Unsubscribe=One-Click', 400, noStore);
  const rows = await preferencesOf(db(c), link);
  // Twice changes nothing (no second audit entry).
  if (rows.find((r) => r.topic === link.topic)?.state !== 'off')
    await setMailPreference(db(c), {
      actor: systemActor('mail:one-click'),
      userId: link.userId,
      projectId: link.projectId,
      topic: link.topic,
      change: { state: 'off' },
      clock: c.var.clock,
    });
  return c.text('unsubscribed', 200, noStore);
});

/** A member's own page (signed in; CSRF-checked by the middleware). */
export const preferenceMemberRoutes = new Hono<AppEnv>();

async function memberOf(c: C): Promise<{ userId: string; role: Role }> {
  const user = requireUser(c.var.actor);
  const role = await roleIn(db(c), { userId: user.userId, projectId: c.req.param('id') ?? '' });
  if (!role)
    throw denied({ anonymous: false, message: 'Only members of the project have mail settings here' });
  return { userId: user.userId, role };
}

preferenceMemberRoutes.get('/p/:id/mail', async (c) => {
  const project = await navProject(c);
  const { userId, role } = await memberOf(c);
  const today = c.var.clock.today();
  const rows = await preferencesOf(db(c), { userId, projectId: project.id });
  const topics = MAIL_TOPICS.map((topic) => ({
    topic,
    state: topicState(rows, { topic, today, defaultOn: defaultOnFor(topic, role) }),
  }));
  const all = topicState(rows, { topic: 'all', today, defaultOn: true });
  return c.html(<MinePage {...pageCtx(c)} project={project} topics={topics} all={all} />, 200, noStore);
});

const invalidField = (path: string, message: string) =>
  new AppError({ code: 'validation', status: 422, message, details: [{ path, message }] });

preferenceMemberRoutes.post('/p/:id/mail', async (c) => {
  const project = await navProject(c);
  const { userId } = await memberOf(c);
  const form = await formOf(c);
  if (!isPreferenceTopic(form.topic ?? ''))
    throw invalidField('topic', `unknown mail topic "${form.topic ?? ''}"`);
  if (!isPreferenceAction(form.action)) throw invalidField('action', 'unknown action');
  await act(c, {
    actor: c.var.actor,
    userId,
    projectId: project.id,
    topic: form.topic as PreferenceTopic,
    action: form.action,
  });
  return c.redirect(`/p/${project.id}/mail`, 303);
});
