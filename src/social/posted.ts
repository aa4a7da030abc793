/**
 * Marking a post posted: in ONE transaction the post becomes `posted` with its URL and time, and the communication
 * activity that counts it is recorded through the records' create use case (kind social_post, channel Social media,
 * Delivered, the URL as its link), so KPIs counting social posts move with it. Coordinators and the editors of the
 * channel's responsible partners may; a bad URL or a time outside the project is a field error and changes nothing.
 */
import { appendAudit } from '../audit/chain';
import { actorId, can, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { isAppError } from '../errors';
import { systemClock } from '../lib/clock';
import { localize, type Plan, type ProjectChannel } from '../plan/schema';
import { createRecord } from '../records/service';
import { audiencesFor, vocabularyFor } from '../records/vocabularies';
import { validationError } from '../records/validate';
import { parseInput } from '../reports/inputs-shared';
import type { SocialPostRow } from './repository';
import { postedInputSchema } from './schema';
import { field, lockForRunner, refuse, socialContext, stateError, type SocialBase } from './service';
import { updatePostRow } from './repository';
import { fromLocalInput, zonedParts } from './time';

/** The partner the activity is recorded for: the first of the channel's responsible partners, the post's partner,
 * the coordinator, the dissemination leads, the first partner, that the actor may record for. */
function leadFor(actor: Actor, plan: Plan, post: SocialPostRow, channel: ProjectChannel | undefined): string {
  const candidates = [
    ...(channel?.responsible ?? []),
    post.partnerCode,
    plan.project.coordinator,
    ...plan.project.dissemination_leads,
    plan.partners[0]?.code,
  ].filter((p): p is string => typeof p === 'string');
  const lead = candidates.find((p) =>
    can(actor, 'record.create', { projectId: post.projectId, partnerCode: p }),
  );
  if (!lead) throw refuse();
  return lead;
}

/**
 * Marks a draft or planned post posted with its URL (and time, default now): in ONE transaction the post and the
 * communication activity that counts it. A bad URL, or a time outside the project, is a field error; nothing changes.
 */
export async function markPosted(
  db: Db,
  o: SocialBase & { id: string; version: number; input: unknown },
): Promise<SocialPostRow> {
  const clock = o.clock ?? systemClock;
  const v = parseInput(postedInputSchema, o.input);
  const { plan, tz } = await socialContext(db, o.projectId);
  let postedAt = clock.now();
  if (v.posted_at) {
    const at = fromLocalInput(v.posted_at, tz);
    if (!at) throw field('posted_at', 'is not a date and time (YYYY-MM-DDTHH:MM)', 'social.error.plannedAt');
    postedAt = at;
  }
  return db.transaction(async (tx) => {
    const { before, channel } = await lockForRunner(tx, o, plan);
    if (before.state !== 'draft' && before.state !== 'planned') throw stateError(before.state, 'posted');
    const vocabulary = vocabularyFor(plan.project.programme);
    const audiences = audiencesFor(vocabulary, 'communication');
    const audience =
      audiences.find((a) => /general public|citizens/i.test(a)) ?? audiences[audiences.length - 1];
    const label = channel ? localize(channel.label, 'en') : before.channelId;
    const firstLine = before.text.split('\n')[0]?.trim() ?? '';
    let activityId: string;
    try {
      const record = await createRecord(tx, {
        actor: o.actor,
        projectId: o.projectId,
        kind: 'activity',
        source: 'social',
        clock,
        input: {
          lead_partner: leadFor(o.actor, plan, before, channel),
          title: `${label}: ${firstLine.length > 200 ? `${firstLine.slice(0, 199)}…` : firstLine}`,
          description: before.text.slice(0, 2000),
          start_date: zonedParts(postedAt, tz).date,
          kind: 'social_post',
          category: 'communication',
          type: vocabulary.activityTypes.find((t) => /social media/i.test(t)) ?? 'Other',
          audiences: [audience],
          channels: [vocabulary.channels.find((c) => /social media/i.test(c)) ?? 'Other'],
          status: 'Delivered',
          links: [v.url],
        },
      });
      activityId = record.id;
    } catch (e) {
      // The activity's date is the posted time's day: a date the records refuse is the form's `posted_at`.
      const date =
        isAppError(e) && e.code === 'validation' ? e.details.find((d) => d.path === 'start_date') : undefined;
      if (date) throw validationError([{ ...date, path: 'posted_at' }]);
      throw e;
    }
    const row = await updatePostRow(tx, before.id, {
      state: 'posted',
      postedUrl: v.url,
      postedAt,
      activityId,
      version: before.version + 1,
      updatedBy: actorId(o.actor),
      updatedAt: clock.now(),
    });
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'social.posted',
      entityType: 'social_post',
      entityId: row.id,
      before: { state: before.state },
      after: { state: 'posted', url: v.url, posted_at: postedAt.toISOString(), activity: activityId },
    });
    return row;
  });
}
