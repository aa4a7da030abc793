/**
 * The calendar's exports (GET, never write): iCalendar (ical-generator; one VEVENT per post that is not cancelled,
 * UID `<post id>@<host>`, SEQUENCE its version, DTSTAMP/LAST-MODIFIED its `updated_at`, so the same posts give the
 * same bytes; drafts TENTATIVE, planned and posted CONFIRMED; 15 minutes long) and CSV for scheduling tools
 * (UTF-8 with BOM, formula injection neutralised, as the records' exports). CSV columns, in order:
 * `date` (YYYY-MM-DD) and `time` (HH:MM) in the strategy's `timezone` (the next column), `network` (channel kind:
 * twitter, linkedin, …), `channel` (the plan's channel id), `account` (the account's URL), `text`, `hashtags` and
 * `mentions` (`; `-separated), `image_url` (the image in Herald: needs a signed-in session), `image_alt`, `link`
 * (the first URL in the text), `state`, `posted_url`, `id`. A cell starting with = + - @ gets a leading `'`
 * (formula injection, as every export): `mentions` reads `'@a; @b`.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { translate, type Lang } from '../i18n';
import { localize, type Plan } from '../plan/schema';
import { rowsToCsv, type ExportColumn } from '../records/export';
import { URL_PATTERN } from './length';
import type { SocialPostRow } from './repository';
import { zonedParts } from './time';

export interface SocialExportOptions {
  projectId: string;
  plan: Plan;
  tz: string;
  rows: readonly SocialPostRow[];
  /** The app's address (links back, image URLs). */
  baseUrl: string;
  host: string;
  lang: Lang;
}

const postUrl = (o: SocialExportOptions, r: SocialPostRow) => `${o.baseUrl}/p/${o.projectId}/social/${r.id}`;
const firstLine = (text: string, max: number) => {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function socialCalendar(o: SocialExportOptions): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(o.lang, key, params);
  const cal = ical({
    name: `${o.plan.project.acronym}: ${t('social.title')}`,
    prodId: { company: 'Herald', product: 'Herald', language: o.lang === 'ja' ? 'JA' : 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const r of o.rows) {
    if (r.state === 'cancelled') continue;
    const channel = o.plan.channels.find((c) => c.id === r.channelId);
    const label = channel ? localize(channel.label, o.lang) : r.channelId;
    cal.createEvent({
      id: `${r.id}@${o.host}`,
      sequence: r.version,
      summary: `${label}: ${firstLine(r.text, 80)}`,
      start: r.plannedAt,
      end: new Date(r.plannedAt.getTime() + 15 * 60_000),
      status: r.state === 'draft' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      description: [
        r.text,
        '',
        `${t('social.state.' + r.state)}${r.postedUrl ? `: ${r.postedUrl}` : ''}`,
        postUrl(o, r),
      ].join('\n'),
      url: postUrl(o, r),
      stamp: r.updatedAt,
      lastModified: r.updatedAt,
      created: r.createdAt,
    });
  }
  return cal.toString();
}

export const SOCIAL_CSV_COLUMNS: readonly ExportColumn[] = [
  'date',
  'time',
  'timezone',
  'network',
  'channel',
  'account',
  'text',
  'hashtags',
  'mentions',
  'image_url',
  'image_alt',
  'link',
  'state',
  'posted_url',
  'id',
].map((key) => ({ key, header: key }));

export function socialCsv(o: SocialExportOptions): string {
  const rows = o.rows.map((r) => {
    const channel = o.plan.channels.find((c) => c.id === r.channelId);
    const z = zonedParts(r.plannedAt, o.tz);
    return {
      date: z.date,
      time: `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`,
      timezone: o.tz,
      network: channel?.kind ?? '',
      channel: r.channelId,
      account: channel?.url ?? '',
      text: r.text,
      hashtags: r.hashtags,
      mentions: r.mentions,
      image_url: r.imageSha256 ? `${postUrl(o, r)}/image` : '',
      image_alt: r.imageAlt,
      link: r.text.match(URL_PATTERN)?.[0] ?? '',
      state: r.state,
      posted_url: r.postedUrl,
      id: r.id,
    };
  });
  return rowsToCsv(rows, SOCIAL_CSV_COLUMNS);
}
