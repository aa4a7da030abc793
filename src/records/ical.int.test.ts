/**
 * Events as iCalendar: the download and the keyed feed parse with ical.js and match the live records (count,
 * summaries, all-day dates, Japanese text, escaping, folding); withdrawn and pending rows are absent; a wrong key is
 * a 404 like a missing project; the ETag answers 304.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { eventInput } from '../../test/factories/records';
import { createRecordsTestApp, PARTNER_A, PROJECT } from '../../test/records';
import { systemActor } from '../auth/permissions';
import { events } from '../db/schema';
import { newId } from '../lib/ids';
import { sql } from 'drizzle-orm';
import { createRecord, deleteRecord } from './service';

let t: AuthTestApp;
let coordinator: TestClient;
const ids: Record<string, string> = {};
const system = systemActor('ical-test');
const TRICKY = 'Panel: waves, tides; and currents\nsecond line — 第二行';
const LONG_NAME = `国際海洋エネルギー会議 ${'Ocean energy, the long view; '.repeat(4)}`.trim();

const add = async (key: string, overrides: Parameters<typeof eventInput>[0]) => {
  const r = await createRecord(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'event',
    input: eventInput({ lead_partner: PARTNER_A, ...overrides }),
  });
  ids[key] = r.id;
};

beforeAll(async () => {
  t = await createRecordsTestApp({ keyFile: join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem') });
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  await add('multi', {
    name: LONG_NAME,
    start_date: '2024-06-10',
    end_date: '2024-06-12',
    description: TRICKY,
  });
  await add('single', {
    name: 'Kick-off, Tokyo',
    city: '東京',
    country: 'JP',
    start_date: '2024-02-01',
    end_date: undefined,
    website: undefined,
  });
  await add('withdrawn', { name: 'Withdrawn event', start_date: '2024-03-01' });
  await deleteRecord(t.db, { actor: system, projectId: PROJECT, kind: 'event', id: ids.withdrawn! });
  await t.db.insert(events).values({
    projectId: PROJECT,
    leadPartner: PARTNER_A,
    createdBy: 'test',
    updatedBy: 'test',
    name: 'Pending import row',
    kind: 'conference',
    city: 'Lisbon',
    country: 'PT',
    startDate: '2024-04-01',
    status: 'attended',
    pendingBatch: newId(),
  });
});
afterAll(async () => {
  await t?.close();
});

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
const prop = (e: ICAL.Component, name: string) => e.getFirstPropertyValue(name);

async function feedUrl(): Promise<string> {
  const html = await (await coordinator.get(`/p/${PROJECT}/records/events?lang=en`)).text();
  const m = /value="(http[^"]*\/events\.ics\?key=[^"]+)"/.exec(html);
  expect(m, 'the events page shows the feed address').not.toBeNull();
  return new URL(m![1]!.replaceAll('&amp;', '&')).pathname + new URL(m![1]!).search;
}

describe('events as iCalendar', () => {
  it('downloads the live events, parsed back by ical.js', async () => {
    const res = await coordinator.get(`/p/${PROJECT}/records/events/export.ics?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="tide-x-events.ics"');
    const text = await res.text();
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Tide-X events');
    const list = vevents(text);
    expect(list.map((e) => prop(e, 'summary'))).toEqual(['Kick-off, Tokyo', LONG_NAME]);
    const [single, multi] = list as [ICAL.Component, ICAL.Component];
    expect(prop(multi, 'uid')).toBe(`${ids.multi}@localhost`);
    const start = prop(multi, 'dtstart') as ICAL.Time;
    const end = prop(multi, 'dtend') as ICAL.Time;
    expect(start.isDate).toBe(true);
    expect(start.toString()).toBe('2024-06-10');
    expect(end.toString()).toBe('2024-06-13'); // exclusive: the day after the last day
    expect((prop(single, 'dtstart') as ICAL.Time).toString()).toBe('2024-02-01');
    expect((prop(single, 'dtend') as ICAL.Time).toString()).toBe('2024-02-02');
    expect(prop(single, 'location')).toBe('東京, Japan');
    expect(prop(multi, 'url')).toBe('https://oee.example.org');
    const description = String(prop(multi, 'description'));
    expect(description).toContain(TRICKY);
    expect(description).toContain('Partners: UNIA, CORPB');
    expect(description).toContain(`http://localhost/p/${PROJECT}/records/events/${ids.multi}`);
    expect(text).not.toContain('Withdrawn event');
    expect(text).not.toContain('Pending import row');
  });

  it('escapes commas, semicolons and newlines and folds long lines at 75 octets', async () => {
    const text = await (await coordinator.get(`/p/${PROJECT}/records/events/export.ics`)).text();
    const unfolded = text.replaceAll('\r\n ', '');
    expect(unfolded).toContain('Panel: waves\\, tides\\; and currents\\nsecond line — 第二行');
    expect(unfolded).toContain('SUMMARY:Kick-off\\, Tokyo');
    const lines = text.split('\r\n');
    expect(lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('is the same bytes twice (times from the records, not the clock)', async () => {
    const a = await (await coordinator.get(`/p/${PROJECT}/records/events/export.ics`)).text();
    const b = await (await coordinator.get(`/p/${PROJECT}/records/events/export.ics`)).text();
    expect(a).toBe(b);
    const [, multi] = vevents(a) as [ICAL.Component, ICAL.Component];
    const [row] = await t.db.select().from(events).where(eqId(ids.multi!));
    expect((prop(multi, 'last-modified') as ICAL.Time).toJSDate().getTime()).toBe(
      Math.floor(row!.updatedAt.getTime() / 1000) * 1000,
    );
  });

  it('speaks Japanese on a Japanese request', async () => {
    const text = await (await coordinator.get(`/p/${PROJECT}/records/events/export.ics?lang=ja`)).text();
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Tide-X のイベント');
    const [single] = vevents(text) as [ICAL.Component];
    expect(String(prop(single, 'description'))).toContain('パートナー: UNIA, CORPB');
    expect(prop(single, 'location')).toBe('東京, 日本');
  });

  it('refuses the download to visitors who are not signed in', async () => {
    const res = await t.app.request(`/p/${PROJECT}/records/events/export.ics`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?/);
  });
});

describe('the subscription feed', () => {
  it('serves the calendar without a session for the right key, and 304 for its ETag', async () => {
    const path = await feedUrl();
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(vevents(await res.text())).toHaveLength(2);
    const again = await t.app.request(path, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await t.app.request(path, { headers: { 'if-none-match': '"abc"' } });
    expect(other.status).toBe(200);
  });

  it('is shown to every member on the events list, in Japanese too', async () => {
    const viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
    const html = await (await viewer.get(`/p/${PROJECT}/records/events?lang=ja`)).text();
    expect(html).toContain('カレンダーフィード');
    expect(html).toContain('カレンダーをダウンロード（.ics）');
    expect(html).toContain(`/p/${PROJECT}/events.ics?key=`);
    const publications = await (await viewer.get(`/p/${PROJECT}/records/publications`)).text();
    expect(publications).not.toContain('events.ics');
  });

  it('answers 404 for a wrong, missing or other project’s key', async () => {
    const path = await feedUrl();
    const key = new URLSearchParams(path.split('?')[1]).get('key')!;
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const p of [
      `/p/${PROJECT}/events.ics?key=${wrong}`,
      `/p/${PROJECT}/events.ics`,
      `/p/${PROJECT}/events.ics?key=`,
      `/p/other-project/events.ics?key=${key}`,
    ])
      expect((await t.app.request(p)).status, p).toBe(404);
  });

  it('changes its ETag when an event changes', async () => {
    const path = await feedUrl();
    const before = (await t.app.request(path)).headers.get('etag');
    await add('later', { name: 'Later event', start_date: '2025-01-10', end_date: undefined });
    const res = await t.app.request(path, { headers: { 'if-none-match': before! } });
    expect(res.status).toBe(200);
    expect(vevents(await res.text()).map((e) => prop(e, 'summary'))).toContain('Later event');
  });
});

function eqId(id: string) {
  return sql`${events.id} = ${id}`;
}
