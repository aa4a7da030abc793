/**
 * The plan's social strategy checked against the calendar: pure functions over posts and the plan (the plan is
 * data: nothing here knows M-Sec). Rules:
 * - `frequency`: an ISO week (Monday first) inside the viewed range and the project with fewer posts than
 *   `posts_per_week` (cancelled ones do not count) → warning on the week;
 * - `best_time`: a post outside its network's `best_times[].hours` in the strategy's time zone → warning;
 * - `image`: `requires_image` and a post without an image → warning;
 * - `hashtag`: a project hashtag (`hashtags[]`) missing from the post → warning (`suggested_hashtags` never warn);
 * - `length`: over the network's limit (length.ts) → error.
 * Only drafts and planned posts are checked one by one; posted and cancelled ones are history.
 */
import type { MessageKey } from '../i18n';
import type { Plan, ProjectChannel } from '../plan/schema';
import { postLength } from './length';
import { hasHashtag, parseTags } from './tags';
import { addDays, isoWeek, weeksBetween, zonedParts } from './time';

export type SocialRule = 'frequency' | 'best_time' | 'image' | 'hashtag' | 'length';

export interface SocialFinding {
  rule: SocialRule;
  severity: 'warning' | 'error';
  messageKey: MessageKey;
  params: Record<string, string | number>;
  /** The post it concerns, or the week (its Monday) for `frequency`. */
  postId?: string;
  week?: string;
}

/** What the checks read of a post. */
export interface CheckedPost {
  id: string;
  channelId: string;
  plannedAt: Date;
  text: string;
  hasImage: boolean;
  state: string;
}

export interface CheckOptions {
  plan: Plan;
  posts: readonly CheckedPost[];
  /** The viewed days, `YYYY-MM-DD` inclusive. */
  from: string;
  to: string;
  /** The project's first and last day. */
  projectStart: string;
  projectEnd: string;
}

export const DEFAULT_TIMEZONE = 'UTC';
export const timezoneOf = (plan: Plan): string => plan.social_strategy?.timezone ?? DEFAULT_TIMEZONE;

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The findings of one post (drafts and planned posts; none for others). */
export function checkPost(plan: Plan, post: CheckedPost): SocialFinding[] {
  if (post.state !== 'draft' && post.state !== 'planned') return [];
  const strategy = plan.social_strategy;
  const channel: ProjectChannel | undefined = plan.channels.find((c) => c.id === post.channelId);
  const out: SocialFinding[] = [];
  const at = (f: Omit<SocialFinding, 'postId'>) => out.push({ ...f, postId: post.id });
  if (channel) {
    const length = postLength(post.text, channel.kind);
    if (length && length.length > length.max)
      at({
        rule: 'length',
        severity: 'error',
        messageKey: 'social.finding.length',
        params: { length: length.length, max: length.max, network: channel.kind },
      });
    const best = strategy?.best_times.find((b) => b.channel_kind === channel.kind && b.hours);
    if (best?.hours) {
      const tz = timezoneOf(plan);
      const { hour } = zonedParts(post.plannedAt, tz);
      const [from, to] = best.hours;
      if (hour < from || hour >= to)
        at({
          rule: 'best_time',
          severity: 'warning',
          messageKey: 'social.finding.bestTime',
          params: { network: channel.kind, from: hh(from), to: hh(to), zone: tz },
        });
    }
  }
  if (strategy?.requires_image && !post.hasImage)
    at({ rule: 'image', severity: 'warning', messageKey: 'social.finding.image', params: {} });
  const { hashtags } = parseTags(post.text);
  for (const tag of strategy?.hashtags ?? [])
    if (!hasHashtag(hashtags, tag))
      at({
        rule: 'hashtag',
        severity: 'warning',
        messageKey: 'social.finding.hashtag',
        params: { hashtag: tag },
      });
  return out;
}

/** Weeks inside the range and the project with fewer posts than the strategy asks for. */
export function checkWeeks(o: CheckOptions): SocialFinding[] {
  const wanted = o.plan.social_strategy?.posts_per_week;
  if (!wanted) return [];
  const tz = timezoneOf(o.plan);
  const perWeek = new Map<string, number>();
  for (const p of o.posts) {
    if (p.state === 'cancelled') continue;
    const key = isoWeek(zonedParts(p.plannedAt, tz).date).key;
    perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
  }
  const out: SocialFinding[] = [];
  for (const monday of weeksBetween(o.from, o.to)) {
    const sunday = addDays(monday, 6);
    if (monday < o.from || sunday > o.to) continue; // a week only partly shown is the other view's
    if (sunday < o.projectStart || monday > o.projectEnd) continue;
    const week = isoWeek(monday);
    const n = perWeek.get(week.key) ?? 0;
    if (n < wanted)
      out.push({
        rule: 'frequency',
        severity: 'warning',
        messageKey: 'social.finding.frequency',
        params: { week: week.key, count: n, wanted },
        week: monday,
      });
  }
  return out;
}

/** Every finding of the range: each post's, then the weeks'. */
export function checkCalendar(o: CheckOptions): SocialFinding[] {
  return [...o.posts.flatMap((p) => checkPost(o.plan, p)), ...checkWeeks(o)];
}
