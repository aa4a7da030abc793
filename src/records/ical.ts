/**
 * A project's live events as an RFC 5545 calendar (ical-generator): one VEVENT per record, UID `<record id>@<host>`,
 * all-day dates (events carry dates only; DTEND is the day after the last day, exclusive), DTSTAMP and LAST-MODIFIED
 * from the record's own `updated_at`, so the same records always give the same bytes. Also the subscription feed's
 * key: an HMAC-SHA256 of the project id under a secret derived from the instance's private key (src/signing.ts).
 */
import { createHash, createHmac } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { events } from '../db/schema';
import { translate, type Lang } from '../i18n';
import { safeEqual } from '../lib/ids';
import { readOrCreateKeyFile } from '../signing';
import { countryName } from '../ui/parts';
import { isVisible } from './visibility';
import { valueLabel } from './views/shared';

export type CalendarEvent = typeof events.$inferSelect;

/** The project's live events (not deleted or withdrawn, not in a pending import batch), by date then id. */
export async function loadCalendarEvents(db: Db, projectId: string): Promise<CalendarEvent[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), isNull(events.deletedAt), isVisible(events.pendingBatch)))
    .orderBy(asc(events.startDate), asc(events.id));
}

const dayAfter = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);

export interface CalendarOptions {
  projectId: string;
  acronym: string;
  events: CalendarEvent[];
  /** The UIDs' domain: the instance's host name (else `herald`). */
  host: string;
  lang: Lang;
  /** The app's address, for each event's link back to its record page; omitted: no link. */
  baseUrl?: string;
  /**
   * The public site's feed (src/site): only what a visitor may read (name, dates, place, type, partners, website);
   * no status, roles, participants, internal description or link to the signed-in record page.
   */
  publicOnly?: boolean;
}

/** The calendar's text: deterministic for the same records and options. */
export function eventsCalendar(opts: CalendarOptions): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(opts.lang, key, params);
  const cal = ical({
    name: t('ical.calendarName', { acronym: opts.acronym }),
    prodId: { company: 'Herald', product: 'Herald', language: opts.lang === 'ja' ? 'JA' : 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const e of opts.events) {
    const partners = [e.leadPartner, ...e.partners.filter((p) => p !== e.leadPartner)];
    const common = [
      `${t('ical.type')}: ${valueLabel(opts.lang, 'kind', e.kind)}`,
      `${t('ical.partners')}: ${partners.join(', ')}`,
    ];
    const description = (
      opts.publicOnly
        ? common
        : [
            ...common,
            `${t('ical.status')}: ${valueLabel(opts.lang, 'status', e.status)}`,
            ...(e.roles.length > 0
              ? [`${t('ical.roles')}: ${e.roles.map((r) => valueLabel(opts.lang, 'roles', r)).join(', ')}`]
              : []),
            ...(e.participants !== null ? [`${t('ical.participants')}: ${e.participants}`] : []),
            ...(e.description ? ['', e.description] : []),
            ...(opts.baseUrl ? ['', `${opts.baseUrl}/p/${opts.projectId}/records/events/${e.id}`] : []),
          ]
    ).join('\n');
    cal.createEvent({
      id: `${e.id}@${opts.host}`,
      sequence: e.version,
      summary: e.name,
      start: new Date(`${e.startDate}T00:00:00Z`),
      end: dayAfter(e.endDate ?? e.startDate),
      allDay: true,
      location: [e.city, countryName(opts.lang, e.country)].filter((x) => x !== '').join(', '),
      url: e.website ?? null,
      description,
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      created: e.createdAt,
    });
  }
  return cal.toString();
}

/** The UIDs' domain: the host of the app's address, or `herald`. */
export function calendarHost(baseUrl: string | undefined): string {
  try {
    return baseUrl ? new URL(baseUrl).hostname || 'herald' : 'herald';
  } catch {
    return 'herald';
  }
}

const secrets = new Map<string, Buffer>();

/**
 * The feed secret: SHA-256 of a fixed label and the instance's private key (PKCS#8 DER), so it is never stored,
 * changes with the key, and differs from anything the key signs. Read once per key file.
 */
export function feedSecret(keyFile: string): Buffer {
  const hit = secrets.get(keyFile);
  if (hit) return hit;
  const der = readOrCreateKeyFile(keyFile).export({ type: 'pkcs8', format: 'der' });
  const secret = createHash('sha256').update('herald:ical-feed:v1\u0000').update(der).digest();
  secrets.set(keyFile, secret);
  return secret;
}

/** The feed key of a project: HMAC-SHA256 of its id under the feed secret, base64url (43 characters). */
export const feedKey = (secret: Buffer, projectId: string): string =>
  createHmac('sha256', secret).update(projectId).digest('base64url');

/** Whether `key` is the project's feed key (constant time). */
export const isFeedKey = (secret: Buffer, projectId: string, key: string | undefined): boolean =>
  key !== undefined && safeEqual(feedKey(secret, projectId), key);
