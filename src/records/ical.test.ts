/** eventsCalendar and the feed key, without a database: dates, determinism, UIDs, keys. */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarHost, eventsCalendar, feedKey, isFeedKey, type CalendarEvent } from './ical';

const at = new Date('2024-05-01T08:30:00Z');
const event = (over: Partial<CalendarEvent>): CalendarEvent => ({
  id: '11111111-1111-4111-8111-111111111111',
  projectId: 'p',
  leadPartner: 'UNIA',
  partners: [],
  wp: null,
  deliverable: null,
  timelineItem: null,
  kpi: null,
  source: 'form',
  createdAt: at,
  createdBy: 'u',
  updatedAt: at,
  updatedBy: 'u',
  deletedAt: null,
  deletedBy: null,
  version: 3,
  pendingBatch: null,
  name: 'Leap day workshop',
  kind: 'workshop',
  city: 'Porto',
  country: 'PT',
  startDate: '2024-02-29',
  endDate: null,
  website: null,
  roles: [],
  participants: null,
  international: false,
  jointWithOtherProjects: false,
  status: 'planned',
  description: null,
  ...over,
});

const opts = { projectId: 'p', acronym: 'P-1', host: 'herald.example.org', lang: 'en' as const };

describe('eventsCalendar', () => {
  it('gives an all-day event ending the next day (across a month end), its UID and sequence', () => {
    const text = eventsCalendar({ ...opts, events: [event({})] });
    expect(text).toContain('DTSTART;VALUE=DATE:20240229\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20240301\r\n');
    const [e] = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent') as [ICAL.Component];
    expect(e.getFirstPropertyValue('uid')).toBe('11111111-1111-4111-8111-111111111111@herald.example.org');
    expect(e.getFirstPropertyValue('sequence')).toBe(3);
    expect(String(e.getFirstPropertyValue('dtstamp'))).toBe('2024-05-01T08:30:00Z');
  });

  it('is the same text for the same events, and an empty calendar for none', () => {
    const events = [event({}), event({ id: '22222222-2222-4222-8222-222222222222', name: 'B' })];
    expect(eventsCalendar({ ...opts, events })).toBe(eventsCalendar({ ...opts, events }));
    const empty = new ICAL.Component(ICAL.parse(eventsCalendar({ ...opts, events: [] })));
    expect(empty.getAllSubcomponents('vevent')).toHaveLength(0);
    expect(empty.getFirstPropertyValue('x-wr-calname')).toBe('P-1 events');
  });
});

describe('the feed key', () => {
  const secret = Buffer.alloc(32, 7);
  it('is a 43-character HMAC, different per project and per secret', () => {
    expect(feedKey(secret, 'a')).toMatch(/^[\w-]{43}$/);
    expect(feedKey(secret, 'a')).not.toBe(feedKey(secret, 'b'));
    expect(feedKey(Buffer.alloc(32, 8), 'a')).not.toBe(feedKey(secret, 'a'));
  });
  it('accepts only the project’s own key', () => {
    expect(isFeedKey(secret, 'a', feedKey(secret, 'a'))).toBe(true);
    expect(isFeedKey(secret, 'a', feedKey(secret, 'b'))).toBe(false);
    expect(isFeedKey(secret, 'a', undefined)).toBe(false);
    expect(isFeedKey(secret, 'a', '')).toBe(false);
  });
});

describe('calendarHost', () => {
  it('is the base URL’s host name, else herald', () => {
    expect(calendarHost('https://herald.example.org:8443/x')).toBe('herald.example.org');
    expect(calendarHost(undefined)).toBe('herald');
    expect(calendarHost('not a url')).toBe('herald');
  });
});
