/**
 * The calendar's JSON API: GET /api/v1/projects/:id/social/posts?from=&to= (days in the strategy's time zone, default
 * the project's dates; record.read: members and read tokens) → the posts planned in the range, each with its
 * findings, and the weeks with too few posts (whole weeks inside the range and the project). Reads only.
 */
import { Hono } from 'hono';
import { authorize } from '../auth/permissions';
import { translate } from '../i18n';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { checkCalendar, type SocialFinding } from './checks';
import { SOCIAL_EXPORT_QUERY } from './export-routes';
import type { SocialPostRow } from './repository';
import { listPosts, socialContext } from './service';
import { addDays, fromLocalInput } from './time';

const findingJson = (f: SocialFinding) => ({
  rule: f.rule,
  severity: f.severity,
  message: translate('en', f.messageKey, f.params),
  message_ja: translate('ja', f.messageKey, f.params),
  params: f.params,
  ...(f.week ? { week: f.week } : {}),
});

const postJson = (projectId: string, r: SocialPostRow, findings: SocialFinding[]) => ({
  id: r.id,
  channel: r.channelId,
  planned_at: r.plannedAt.toISOString(),
  state: r.state,
  text: r.text,
  hashtags: r.hashtags,
  mentions: r.mentions,
  image: r.imageSha256 ? { sha256: r.imageSha256, type: r.imageType, alt: r.imageAlt } : null,
  partner: r.partnerCode,
  posted_url: r.postedUrl,
  posted_at: r.postedAt?.toISOString() ?? null,
  activity_id: r.activityId,
  version: r.version,
  findings: findings.filter((f) => f.postId === r.id).map(findingJson),
  web: `/p/${projectId}/social/${r.id}`,
});

export const socialApi = new Hono<AppEnv>();

socialApi.get('/api/v1/projects/:id/social/posts', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, SOCIAL_EXPORT_QUERY);
  authorize(c.var.actor, 'record.read', { projectId });
  const db = c.var.deps.database.db;
  const { plan, tz, start, end } = await socialContext(db, projectId);
  const from = q.from ?? start;
  const to = q.to ?? end;
  const rows = await listPosts(db, {
    actor: c.var.actor,
    projectId,
    from: fromLocalInput(`${from}T00:00`, tz) as Date,
    to: fromLocalInput(`${addDays(to, 1)}T00:00`, tz) as Date,
  });
  const findings = checkCalendar({
    plan,
    posts: rows.map((r) => ({ ...r, hasImage: r.imageSha256 !== null })),
    from,
    to,
    projectStart: start,
    projectEnd: end,
  });
  return c.json({
    project_id: projectId,
    timezone: tz,
    from,
    to,
    data: rows.map((r) => postJson(projectId, r, findings)),
    weeks: findings.filter((f) => f.week).map(findingJson),
  });
});
