/**
 * Each person's preferences for the mail Herald sends on its own about a project: reminders, sign-off requests,
 * digests and alerts. Every such mail carries links to unsubscribe from its topic or snooze it, made here; a sender
 * asks `mayMail` before queueing. (Account mail — invitations, password resets — and the newsletter are not topics:
 * the first are asked for, the second has its own subscription.)
 *
 * - A topic's default applies while the person has no row: every topic is on by default except those the caller
 *   says are opt-in (`defaultOn: false`, e.g. the digest for partner editors).
 * - `all` off turns every topic off for that project; a snooze of `all` snoozes every topic.
 * - The links carry an HMAC of (user, project, topic) under a secret derived from the instance key, so they work
 *   without signing in and cannot be forged for someone else; nothing secret is stored.
 *
 * @example
 * if (await mayMail(db, { userId, projectId, topic: 'reminder.monthly', today: clock.today() })) {
 *   const links = preferenceLinks({ baseUrl, secret: preferenceSecret(keyFile), userId, projectId, topic });
 *   await enqueueMail(tx, { message: { ..., headers: listUnsubscribeHeaders(links) }, clock });
 * }
 */
import { createHash, createHmac } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { mailPreferences, type MailPreferenceRow } from '../db/schema';
import { safeEqual } from '../lib/ids';
import { readOrCreateKeyFile } from '../signing';

/** The topics a person can unsubscribe from or snooze, per project. */
export const MAIL_TOPICS = [
  'reminder.monthly',
  'reminder.due',
  'reminder.silent',
  'reminder.year-end',
  'signoff.request',
  'digest',
  'alerts',
] as const;
export type MailTopic = (typeof MAIL_TOPICS)[number];
export type PreferenceTopic = MailTopic | 'all';

export const isPreferenceTopic = (s: string): s is PreferenceTopic =>
  s === 'all' || (MAIL_TOPICS as readonly string[]).includes(s);

export interface MayMailQuery {
  userId: string;
  projectId: string;
  topic: MailTopic;
  /** YYYY-MM-DD (the injected clock's `today()`). */
  today: string;
  /** The topic's default for this person when they chose nothing (default true). */
  defaultOn?: boolean;
}

/** The rows of one person in one project for `topic` and `all`. */
async function rowsFor(db: Db | Tx, q: { userId: string; projectId: string; topic: MailTopic }) {
  return db
    .select()
    .from(mailPreferences)
    .where(
      and(
        eq(mailPreferences.userId, q.userId),
        eq(mailPreferences.projectId, q.projectId),
        inArray(mailPreferences.topic, [q.topic, 'all']),
      ),
    );
}

/** Whether a mail of `topic` may go to this person today, from their rows (pure; see `mayMail`). */
export function allows(
  rows: readonly Pick<MailPreferenceRow, 'topic' | 'state' | 'snoozedUntil'>[],
  q: Pick<MayMailQuery, 'topic' | 'today' | 'defaultOn'>,
): boolean {
  const all = rows.find((r) => r.topic === 'all');
  const own = rows.find((r) => r.topic === q.topic);
  if (all?.state === 'off') return false;
  for (const r of [all, own]) if (r?.snoozedUntil && r.snoozedUntil > q.today) return false;
  if (own?.state === 'off') return false;
  if (own?.state === 'on') return true;
  return q.defaultOn ?? true;
}

/** Whether a mail of `topic` may go to this person today: not unsubscribed, not snoozed, opted in where needed. */
export async function mayMail(db: Db | Tx, q: MayMailQuery): Promise<boolean> {
  return allows(await rowsFor(db, q), q);
}

/** Every stored preference of one person in one project (for their preferences page). */
export async function preferencesOf(
  db: Db | Tx,
  q: { userId: string; projectId: string },
): Promise<MailPreferenceRow[]> {
  return db
    .select()
    .from(mailPreferences)
    .where(and(eq(mailPreferences.userId, q.userId), eq(mailPreferences.projectId, q.projectId)));
}

const secrets = new Map<string, Buffer>();

/** The preference links' secret, derived from the instance key in `keyFile` (cached per file, never stored). */
export function preferenceSecret(keyFile: string): Buffer {
  const hit = secrets.get(keyFile);
  if (hit) return hit;
  const der = readOrCreateKeyFile(keyFile).export({ type: 'pkcs8', format: 'der' });
  const secret = createHash('sha256').update('herald:mail-preferences:v1\u0000').update(der).digest();
  secrets.set(keyFile, secret);
  return secret;
}

export interface PreferenceSubject {
  userId: string;
  projectId: string;
  topic: PreferenceTopic;
}

/** The token of one person's preference link for one project and topic. */
export const preferenceToken = (secret: Buffer, s: PreferenceSubject): string =>
  createHmac('sha256', secret)
    .update(`prefs\u0000${s.userId}\u0000${s.projectId}\u0000${s.topic}`)
    .digest('base64url');

/** Whether `token` is this instance's token for the subject (constant-time). */
export const isPreferenceToken = (secret: Buffer, s: PreferenceSubject, token: string): boolean =>
  safeEqual(token, preferenceToken(secret, s));

export interface PreferenceLinks {
  /** The page: unsubscribe from this topic or from all, snooze, opt back in (GET shows, POST acts). */
  page: string;
  /** RFC 8058 one-click: a POST of `List-Unsubscribe=One-Click` here unsubscribes from the topic. */
  oneClick: string;
}

/** The path of a subject's preference page: `/mail/preferences/<project>/<user>/<topic>/<token>`. */
export const preferencePath = (secret: Buffer, s: PreferenceSubject): string =>
  `/mail/preferences/${[s.projectId, s.userId, s.topic, preferenceToken(secret, s)].map(encodeURIComponent).join('/')}`;

/** The links a mail of `topic` carries for its recipient. `baseUrl` has no trailing slash. */
export function preferenceLinks(o: PreferenceSubject & { baseUrl: string; secret: Buffer }): PreferenceLinks {
  const page = `${o.baseUrl}${preferencePath(o.secret, o)}`;
  return { page, oneClick: `${page}/one-click` };
}

/** The RFC 2369 / RFC 8058 headers for a topic mail. */
export const listUnsubscribeHeaders = (links: PreferenceLinks): Record<string, string> => ({
  'List-Unsubscribe': `<${links.oneClick}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
