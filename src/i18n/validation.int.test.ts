/** Validation messages in Japanese: beside a record form's fields, and in an import preview's row errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthTestApp, TestClient } from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { recordInput } from '../../test/factories/records';
import { clientsFor, createRecordsTestApp, PARTNER_A, PROJECT, type Who } from '../../test/records';
import { recordToForm } from '../records/form-input';
import { KIND_SLUGS } from '../records/kinds';

let t: AuthTestApp;
let clients: Record<Who, TestClient>;
beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
});
afterAll(async () => {
  await t?.close();
});

/** The HTML of the field block `data-field="<name>"` of a form. */
const fieldBlock = (html: string, field: string): string =>
  new RegExp(
    `<(?:div|fieldset) class="field[^"]*" data-field="${field}">([\\s\\S]*?)</(?:div|fieldset)>`,
  ).exec(html)?.[0] ?? '';

describe('validation messages in Japanese', () => {
  it('shows a refused record form’s problems in Japanese beside each field', async () => {
    const c = clients.editorA;
    const values = recordToForm('event', recordInput('event', { lead_partner: PARTNER_A }));
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...values, participants: 'many', start_date: '2031-02-01' }))
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    body.set('_csrf', await c.csrfToken());
    const res = await t.app.request(`/p/${PROJECT}/records/${KIND_SLUGS.event}?lang=ja`, {
      method: 'POST',
      headers: { cookie: c.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldBlock(html, 'participants')).toContain('「many」は数値ではありません');
    expect(fieldBlock(html, 'participants')).not.toContain('is not a number');
    expect(fieldBlock(html, 'start_date')).toMatch(
      /2031-02-01 はプロジェクト終了日（\d{4}-\d{2}-\d{2}）より後です/,
    );
  });

  it('shows an import preview’s row errors in Japanese, row numbers unchanged', async () => {
    const c = clients.coordinator;
    const rows = [1, 2].map((n) => activityCells(n, { lead_partner: PARTNER_A }));
    const csv = csvOf([rows[0]!, { ...rows[1]!, date: '31/02/2024' }], { columns: ACTIVITY_COLUMNS });
    const form = new FormData();
    form.set('type', 'activity');
    form.set('file', new File([csv], 'news.csv'));
    const res = await t.app.request(`/p/${PROJECT}/import`, {
      method: 'POST',
      body: form,
      headers: { cookie: c.cookieHeader, 'x-csrf-token': await c.csrfToken(), 'x-forwarded-for': c.ip },
    });
    expect(res.status).toBe(303);
    const preview = await (await c.get(`${res.headers.get('location') ?? ''}?lang=ja`)).text();
    const row = /<tr data-row="3">[\s\S]*?<\/tr>/.exec(preview)?.[0] ?? '';
    expect(row).toContain('<td class="num">3</td>');
    expect(row).toContain(
      '「31/02/2024」は日付ではありません（YYYY-MM-DD または DD/MM/YYYY の形式で入力してください）',
    );
    // The English text stays what the CLI and the API print.
    const english = await (await c.get(`${res.headers.get('location') ?? ''}?lang=en`)).text();
    expect(english).toContain('&quot;31/02/2024&quot; is not a date (expected YYYY-MM-DD or DD/MM/YYYY)');
  });
});
