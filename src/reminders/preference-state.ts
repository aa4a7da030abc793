/**
 * How a person's mail of one topic stands, for the preference pages (pure): on, unsubscribed (the topic or all of the
 * project's mail), snoozed until a day, or off until they opt in (opt-in topics, e.g. the digest for editors). The
 * actions of the pages, and the changes each makes through `setMailPreference`.
 */
import type { MailPreferenceRow } from '../db/schema';
import type { PreferenceChange } from '../mail/preference-service';
import type { MailTopic, PreferenceTopic } from '../mail/preferences';
import type { Role } from '../auth/permissions';

export type TopicState =
  { kind: 'on' } | { kind: 'off'; all: boolean } | { kind: 'snoozed'; until: string } | { kind: 'optIn' };

type Rows = readonly Pick<MailPreferenceRow, 'topic' | 'state' | 'snoozedUntil'>[];

/** Whether a topic is on for someone who chose nothing: the digest is opt-in for partner editors. */
export const defaultOnFor = (topic: MailTopic, role: Role): boolean =>
  !(topic === 'digest' && role !== 'coordinator');

export function topicState(
  rows: Rows,
  q: { topic: PreferenceTopic; today: string; defaultOn: boolean },
): TopicState {
  const all = rows.find((r) => r.topic === 'all');
  const own = q.topic === 'all' ? undefined : rows.find((r) => r.topic === q.topic);
  if (all?.state === 'off') return { kind: 'off', all: true };
  if (own?.state === 'off') return { kind: 'off', all: false };
  const until = [all?.snoozedUntil, own?.snoozedUntil]
    .filter((d): d is string => !!d && d > q.today)
    .sort()
    .at(-1);
  if (until) return { kind: 'snoozed', until };
  if (own?.state === 'on' || q.topic === 'all') return { kind: 'on' };
  return q.defaultOn ? { kind: 'on' } : { kind: 'optIn' };
}

export const PREFERENCE_ACTIONS = [
  'unsubscribe',
  'unsubscribe-all',
  'snooze-14',
  'snooze-30',
  'opt-in',
] as const;
export type PreferenceAction = (typeof PREFERENCE_ACTIONS)[number];
export const isPreferenceAction = (s: unknown): s is PreferenceAction =>
  typeof s === 'string' && (PREFERENCE_ACTIONS as readonly string[]).includes(s);

/**
 * The changes an action makes, in order. Opting back in turns the topic on, ends its snooze, and takes back an
 * unsubscribe or snooze of all the project's mail (otherwise the topic would stay silent).
 */
export function changesOf(
  action: PreferenceAction,
  topic: PreferenceTopic,
  rows: Rows,
): Array<{ topic: PreferenceTopic; change: PreferenceChange }> {
  switch (action) {
    case 'unsubscribe':
      return [{ topic, change: { state: 'off' } }];
    case 'unsubscribe-all':
      return [{ topic: 'all', change: { state: 'off' } }];
    case 'snooze-14':
      return [{ topic, change: { snoozeDays: 14 } }];
    case 'snooze-30':
      return [{ topic, change: { snoozeDays: 30 } }];
    case 'opt-in': {
      const all = rows.find((r) => r.topic === 'all');
      const out: Array<{ topic: PreferenceTopic; change: PreferenceChange }> = [
        { topic, change: { state: 'on', snoozeDays: 0 } },
      ];
      if (topic !== 'all' && (all?.state === 'off' || all?.snoozedUntil))
        out.push({ topic: 'all', change: { state: null, snoozeDays: 0 } });
      return out;
    }
  }
}
