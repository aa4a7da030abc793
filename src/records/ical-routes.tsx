/**
 * Events as iCalendar: the signed-in download (`/p/:id/records/events/export.ics`, record.read) and the
 * subscription feed calendar apps poll without signing in (`/p/:id/events.ics?key=…`, the key an HMAC of the
 * project id: src/records/ical.ts). A wrong or missing key answers 404, as for a project that does not exist.
 * Both answer an ETag (SHA-256 of the bytes) and 304 on a matching If-None-Match; neither writes.
 */
import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { can, authorize, type Actor } from '../auth/permissions';
import { keyFileOf, loadConfig } from '../config';
import { notFound } from '../errors';
import type { Translator } from '../i18n';
import { sha256 } from '../lib/ids';
import { getProject } from '../projects/repository';
import type { AppEnv } from '../web/env';
import { calendarHost, eventsCalendar, feedKey, feedSecret, isFeedKey, loadCalendarEvents } from './ical';

type C = Context<AppEnv>;

const keyFile = (c: C): string => c.var.deps.keyFile ?? keyFileOf(loadConfig());
const baseUrlOf = (c: C): string => (c.var.deps.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');

/** The project's feed address, for members who may read its records; undefined for others. */
export function feedUrlFor(c: C, actor: Actor, projectId: string): string | undefined {
  if (!can(actor, 'record.read', { projectId })) return undefined;
  return `${baseUrlOf(c)}/p/${projectId}/events.ics?key=${feedKey(feedSecret(keyFile(c)), projectId)}`;
}

async function calendarResponse(c: C, projectId: string, disposition: 'attachment' | 'inline') {
  const db = c.var.deps.database.db;
  const project = await getProject(db, projectId);
  if (!project) throw notFound('project');
  const baseUrl = baseUrlOf(c);
  const text = eventsCalendar({
    projectId,
    acronym: project.acronym,
    events: await loadCalendarEvents(db, projectId),
    host: calendarHost(baseUrl),
    lang: c.var.lang,
    baseUrl,
  });
  const etag = `"${sha256(text)}"`;
  const headers = {
    etag,
    'cache-control': 'private, no-cache',
    vary: 'accept-language, cookie',
  };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
  return c.body(text, 200, {
    ...headers,
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `${disposition}; filename="${projectId}-events.ics"`,
  });
}

export const icalRoutes = new Hono<AppEnv>();

icalRoutes.get('/p/:id/records/events/export.ics', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'record.read', { projectId });
  return calendarResponse(c, projectId, 'attachment');
});

icalRoutes.get('/p/:id/events.ics', async (c) => {
  const projectId = c.req.param('id');
  if (!isFeedKey(feedSecret(keyFile(c)), projectId, c.req.query('key'))) throw notFound('project');
  return calendarResponse(c, projectId, 'inline');
});

/** The events list's calendar box: the download link and, for members, the feed address in a copy field. */
export const CalendarLinks: FC<{ t: Translator; projectId: string; feedUrl: string | undefined }> = ({
  t,
  projectId,
  feedUrl,
}) => (
  <div class="calendar-feed">
    <p>
      <a href={`/p/${projectId}/records/events/export.ics`} hx-boost="false" download>
        {t('ical.download')}
      </a>
    </p>
    {feedUrl ? (
      <p>
        <label>
          {t('ical.feed')} <input type="text" readonly value={feedUrl} size={60} />
        </label>
        <br />
        <small>{t('ical.feedHint')}</small>
      </p>
    ) : null}
  </div>
);
