/**
 * Changing a mail preference: unsubscribe from a topic (or all), opt back in, snooze for some days, clear a snooze.
 * A person changes only their own preferences, signed in or through their signed link (the link's route has checked
 * the token and acts as the system actor for that person). Every change is one audit entry in the project's chain.
 *
 * @example
 * await setMailPreference(db, { actor, userId, projectId: 'm-sec', topic: 'reminder.monthly',
 *   change: { snoozeDays: 14 }, clock });
 */
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { mailPreferences, memberships, type MailPreferenceRow } from '../db/schema';
import { AppError, denied, notFound } from '../errors';
import type { Clock } from '../lib/clock';
import { isPreferenceTopic, type PreferenceTopic } from './preferences';

export const SNOOZE_MAX_DAYS = 180;

/** What to change: the state (`null` back to the topic's default), and/or a snooze of N days from today (0 ends it). */
export interface PreferenceChange {
  state?: 'on' | 'off' | null;
  snoozeDays?: number;
}

export interface SetPreferenceOptions {
  actor: Actor;
  userId: string;
  projectId: string;
  topic: string;
  change: PreferenceChange;
  clock: Clock;
}

const invalid = (path: string, message: string) =>
  new AppError({ code: 'validation', status: 422, message, details: [{ path, message }] });

/** YYYY-MM-DD `days` after `day`. */
const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Sets one preference of one person in one project; returns the row as it now is. */
export async function setMailPreference(db: Db, o: SetPreferenceOptions): Promise<MailPreferenceRow> {
  const self = o.actor.kind === 'user' && o.actor.userId === o.userId;
  if (!self && o.actor.kind !== 'system')
    throw denied({
      anonymous: o.actor.kind === 'anonymous',
      message: 'You may change only your own mail settings',
    });
  if (!isPreferenceTopic(o.topic)) throw invalid('topic', `unknown mail topic "${o.topic}"`);
  const topic: PreferenceTopic = o.topic;
  const { state, snoozeDays } = o.change;
  if (state !== undefined && state !== null && state !== 'on' && state !== 'off')
    throw invalid('state', 'state must be on, off or default');
  if (
    snoozeDays !== undefined &&
    !(Number.isInteger(snoozeDays) && snoozeDays >= 0 && snoozeDays <= SNOOZE_MAX_DAYS)
  )
    throw invalid('snoozeDays', `a snooze is 0 to ${SNOOZE_MAX_DAYS} days`);
  const now = o.clock.now();
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, o.userId), eq(memberships.projectId, o.projectId)))
      .limit(1);
    if (!member) throw notFound('membership');
    const key = and(
      eq(mailPreferences.userId, o.userId),
      eq(mailPreferences.projectId, o.projectId),
      eq(mailPreferences.topic, topic),
    );
    const [before] = await tx.select().from(mailPreferences).where(key).for('update');
    const next = {
      state: state === undefined ? (before?.state ?? null) : state,
      snoozedUntil:
        snoozeDays === undefined
          ? (before?.snoozedUntil ?? null)
          : snoozeDays === 0
            ? null
            : addDays(o.clock.today(), snoozeDays),
    };
    const [row] = await tx
      .insert(mailPreferences)
      .values({ userId: o.userId, projectId: o.projectId, topic, ...next, updatedAt: now })
      .onConflictDoUpdate({
        target: [mailPreferences.userId, mailPreferences.projectId, mailPreferences.topic],
        set: { ...next, updatedAt: now },
      })
      .returning();
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'mail.preference',
      entityType: 'mail_preference',
      entityId: `${o.userId}:${topic}`,
      before: before ? { state: before.state, snoozedUntil: before.snoozedUntil } : null,
      after: next,
      at: now,
    });
    return row as MailPreferenceRow;
  });
}
