/**
 * GET /p/:id/social/export.ics and /export.csv (?from=&to=, days in the strategy's time zone, default the project's
 * dates): record.read; both only read. The iCalendar answers with its sha256 as ETag (304 on a match).
 */
import { Hono, type Context } from 'hono';
import { authorize } from '../auth/permissions';
import { calendarHost } from '../records/ical';
import { sha256 } from '../lib/ids';
import { isoDate } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { socialCalendar, socialCsv, type SocialExportOptions } from './export';
import { listPosts, socialContext } from './service';
import { addDays, fromLocalInput } from './time';

type C = Context<AppEnv>;

export const SOCIAL_EXPORT_QUERY = { from: isoDate.optional(), to: isoDate.optional() };

async function exportOptions(c: C): Promise<SocialExportOptions> {
  const projectId = c.req.param('id') as string;
  const q = parseQuery(c, SOCIAL_EXPORT_QUERY);
  authorize(c.var.actor, 'record.read', { projectId });
  const db = c.var.deps.database.db;
  const { plan, tz, start, end } = await socialContext(db, projectId);
  const from = fromLocalInput(`${q.from ?? start}T00:00`, tz) as Date;
  const to = fromLocalInput(`${addDays(q.to ?? end, 1)}T00:00`, tz) as Date;
  const rows = await listPosts(db, { actor: c.var.actor, projectId, from, to });
  const baseUrl = (c.var.deps.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  return { projectId, plan, tz, rows, baseUrl, host: calendarHost(baseUrl), lang: c.var.lang };
}

export const exportRoutes = new Hono<AppEnv>();

exportRoutes.get('/p/:id/social/export.ics', async (c) => {
  const o = await exportOptions(c);
  const text = socialCalendar(o);
  const etag = `"${sha256(text)}"`;
  const headers = { etag, 'cache-control': 'private, no-cache', vary: 'accept-language, cookie' };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
  return c.body(text, 200, {
    ...headers,
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `attachment; filename="${o.projectId}-social.ics"`,
  });
});

exportRoutes.get('/p/:id/social/export.csv', async (c) => {
  const o = await exportOptions(c);
  return c.body(socialCsv(o), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${o.projectId}-social.csv"`,
    'cache-control': 'private, no-cache',
  });
});
