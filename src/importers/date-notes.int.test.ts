/**
 * Dates in the import preview and wherever a publication is listed: approximate dates are listed and marked, rows
 * outside the project period (Tide-X: 2024-01-01 to 2025-12-31) are counted with a note that they will not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { publications } from '../db/schema';
import { recordToForm } from '../records/form-input';
import { rowToData } from '../records/kinds';
import { runImportJobs } from './testing';

let t: AuthTestApp;
let coordinator: TestClient;

beforeAll(async () => {
  t = await createAuthTestApp();
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
});
afterAll(async () => {
  await t?.close();
});

const entry = (key: string, date: string) =>
  `@article{${key}, author = {Silva, Ana}, title = {${key}}, journal = {Ocean Energy}, ${date}}\n`;
const BIB =
  entry('before2023', 'year = 2023') +
  entry('year2024', 'year = 2024') +
  entry('march2024', 'year = 2024, month = mar') +
  entry('exact2024', 'year = 2024, month = may, day = 3') +
  entry('after2026', 'year = 2026');

async function preview(client: TestClient, fields: Record<string, string>): Promise<string> {
  const res = await client.post(`/p/${PROJECT}/import`, fields);
  expect(res.status).toBe(303);
  return res.headers.get('location') ?? '';
}

/** The rows listed in a preview's note section, by row number. */
const noteRows = (html: string, id: string) =>
  [
    ...(html.match(new RegExp(`<section[^>]*id="${id}"[\\s\\S]*?</section>`))?.[0] ?? '').matchAll(
      /<tr data-row="(\d+)">/g,
    ),
  ].map((m) => Number(m[1]));

/** Previews and commits BIB in the background, as the upload page does. */
async function importBib(): Promise<void> {
  const location = await preview(coordinator, { type: 'publication', bibtex: BIB, partner: PARTNER_A });
  const res = await coordinator.post(location, { mode: 'all' });
  expect(res.status).toBe(303);
  await runImportJobs(t.db);
}

/** The publications of BIB, imported unless a test before this one did it already: each test seeds what it reads. */
async function seedPublications(): Promise<void> {
  const found = await t.db.select().from(publications).where(eq(publications.title, 'march2024'));
  if (found.length === 0) await importBib();
}

describe('the import preview’s date notes', () => {
  it('lists approximate dates and counts rows outside the project period, in English and Japanese', async () => {
    const location = await preview(coordinator, { type: 'publication', bibtex: BIB, partner: PARTNER_A });
    const html = await (await coordinator.get(location)).text();
    expect(html).toMatch(/id="dates-before-start" data-count="1"/);
    expect(html).toContain(
      'Rows dated before the project start (1 January 2024): 1. They are imported but will not count in any KPI.',
    );
    expect(noteRows(html, 'dates-before-start')).toEqual([1]);
    expect(html).toMatch(/id="dates-after-end" data-count="1"/);
    expect(html).toContain('Rows dated after the project end (31 December 2025): 1.');
    expect(noteRows(html, 'dates-after-end')).toEqual([5]);
    expect(html).toMatch(/id="dates-approximate" data-count="4"/);
    expect(noteRows(html, 'dates-approximate')).toEqual([1, 2, 3, 5]);
    expect(html).toContain('March 2024 <span class="badge approximate" data-precision="month"');
    expect(html).toContain('approximate date</span>');

    const ja = await (await coordinator.get(`${location}?lang=ja`)).text();
    expect(ja).toContain(
      'プロジェクト開始日（2024年1月1日）より前の日付の行：1。取り込まれますが、どの KPI にも数えられません。',
    );
    expect(ja).toContain('プロジェクト終了日（2025年12月31日）より後の日付の行：1。');
    expect(ja).toContain('おおよその日付（年月または年のみ）の行：4');
    expect(ja).toContain('2024年3月 <span class="badge approximate"');
    await coordinator.get(`${location}?lang=en`); // back to English (the choice is a cookie)
  });

  it('notes other record types too: a metric snapshot before the start', async () => {
    const csv =
      'channel,channel kind,metric,value,date,lead partner\n' +
      'https://x.com/tidex,twitter,followers,10,2023-12-31,UNIA\n' +
      'https://x.com/tidex,twitter,followers,12,2024-01-31,UNIA\n';
    const form = new FormData();
    form.set('type', 'metric');
    form.set('file', new File([csv], 'followers.csv'));
    const res = await t.app.request(`/p/${PROJECT}/import`, {
      method: 'POST',
      body: form,
      headers: {
        cookie: coordinator.cookieHeader,
        'x-csrf-token': await coordinator.csrfToken(),
        'x-forwarded-for': coordinator.ip,
      },
    });
    const html = await (await coordinator.get(res.headers.get('location') ?? '')).text();
    expect(html).toMatch(/id="dates-before-start" data-count="1"/);
    expect(noteRows(html, 'dates-before-start')).toEqual([2]);
    expect(html).not.toContain('id="dates-approximate"');
  });

  it('stores the precision and marks the date wherever the publication is listed', async () => {
    await importBib();
    const rows = await t.db.select().from(publications).where(eq(publications.projectId, PROJECT));
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, [r.date, r.datePrecision]]));
    expect(byTitle).toMatchObject({
      before2023: ['2023-01-01', 'year'],
      year2024: ['2024-01-01', 'year'],
      march2024: ['2024-03-01', 'month'],
      exact2024: ['2024-05-03', 'day'],
      after2026: ['2026-01-01', 'year'],
    });

    const list = await (await coordinator.get(`/p/${PROJECT}/records/publications`)).text();
    expect(list.match(/class="badge approximate"/g)).toHaveLength(4);
    expect(list).toMatch(/<td class="date">March 2024 <span class="badge approximate"/);
    expect(list).toMatch(/<td class="date">2026 <span class="badge approximate"/);

    const march = rows.find((r) => r.title === 'march2024')!;
    const page = await (await coordinator.get(`/p/${PROJECT}/records/publications/${march.id}`)).text();
    expect(page).toMatch(/data-field="date">March 2024 <span class="badge approximate"/);
    expect(page).toContain('Month only (approximate)');
    const pageJa = await (
      await coordinator.get(`/p/${PROJECT}/records/publications/${march.id}?lang=ja`)
    ).text();
    expect(pageJa).toContain('おおよその日付');
    await coordinator.get(`/p/${PROJECT}/records/publications?lang=en`);

    // The KPI drill-down lists them with the mark (Tide-X counts papers over the whole project).
    const drill = await (await coordinator.get(`/p/${PROJECT}/dashboard/kpis/papers?to=2025-12-31`)).text();
    expect(drill).toMatch(/2024 <span class="badge approximate" data-precision="year"/);
    expect(drill).not.toContain('>after2026<');
  });

  it('lets the record form make an approximate date exact', async () => {
    await seedPublications();
    const [march] = await t.db.select().from(publications).where(eq(publications.title, 'march2024'));
    const href = `/p/${PROJECT}/records/publications/${march!.id}`;
    const form = await (await coordinator.get(`${href}/edit`)).text();
    expect(form).toMatch(/<option value="month" selected="">Month only \(approximate\)<\/option>/);
    expect(form).toContain('Entering a full date makes it exact.');
    // Saving the form with the full date makes it exact.
    const values = recordToForm('publication', rowToData('publication', march!));
    const fields = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : v]),
    );
    const saved = await coordinator.post(href, {
      ...fields,
      date: '2024-03-17',
      version: String(march!.version),
    });
    expect(saved.status).toBe(303);
    const [after] = await t.db.select().from(publications).where(eq(publications.id, march!.id));
    expect([after?.date, after?.datePrecision]).toEqual(['2024-03-17', 'day']);
  });

  it('takes and gives date_precision through the API; a patched date without it is exact', async () => {
    await seedPublications();
    const [year] = await t.db.select().from(publications).where(eq(publications.title, 'year2024'));
    const path = `/api/v1/projects/${PROJECT}/publications/${year!.id}`;
    const got = (await (await coordinator.json('GET', path)).json()) as Record<string, unknown>;
    expect(got).toMatchObject({ date: '2024-01-01', date_precision: 'year' });
    const bad = await coordinator.json('PATCH', path, {
      date: '2024-06-01',
      date_precision: 'year',
      version: 1,
    });
    expect(bad.status).toBe(422);
    const res = await coordinator.json('PATCH', path, { date: '2024-06-10', version: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ date: '2024-06-10', date_precision: 'day' });
  });
});
