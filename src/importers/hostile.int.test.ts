/** Hostile files through the web: refused with a located 4xx while /healthz keeps answering; nothing written. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf, importDir } from '../../test/factories/imports';
import { activities, importBatches, publications } from '../db/schema';
import { systemActor } from '../auth/permissions';
import { commitImport } from './commit';
import { damagedXlsx, macroBomb } from './hostile-files';
import { templateFor } from './template';
import { vocabularyFor } from '../records/vocabularies';

let t: AuthTestApp;
let editor: TestClient;
const dir = importDir();

beforeAll(async () => {
  t = await createAuthTestApp();
  editor = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A })).id,
  );
});
afterAll(async () => {
  dir.cleanup();
  await t?.close();
});

async function upload(
  fields: Record<string, string>,
  file?: { name: string; data: string | Uint8Array },
  query = '',
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.data], file.name));
  return t.app.request(`/p/${PROJECT}/import${query}`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: editor.cookieHeader,
      'x-csrf-token': await editor.csrfToken(),
      'x-forwarded-for': editor.ip,
    },
  });
}

/** Runs `hostile` and asks /healthz again and again until it settles: every answer must be a 200. */
async function whileHealthz(hostile: Promise<Response>): Promise<{ res: Response; healthz: number[] }> {
  let done = false;
  const settled = hostile.finally(() => (done = true));
  const healthz: number[] = [];
  do {
    healthz.push((await t.app.request('/healthz')).status);
    // As requests arriving over the network would, let the event loop turn (the worker's replies come in on it).
    await new Promise((resolve) => setImmediate(resolve));
  } while (!done);
  return { res: await settled, healthz };
}

const count = async (table: typeof publications | typeof activities) =>
  (await t.db.select({ id: table.id }).from(table).where(eq(table.projectId, PROJECT))).length;

describe('hostile files through the web', () => {
  it('refuses a pasted BibTeX macro bomb with a located 400 while /healthz answers', async () => {
    const { res, healthz } = await whileHealthz(
      editor.post(`/p/${PROJECT}/import`, { type: 'publication', bibtex: macroBomb() }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(
      'pasted BibTeX, line 21: the @string macro &quot;m21&quot; would expand to 2,097,152',
    );
    expect(healthz.length).toBeGreaterThan(0);
    expect(healthz.every((s) => s === 200)).toBe(true);
  });

  it('refuses an uploaded macro bomb the same way, in Japanese too', async () => {
    const { res, healthz } = await whileHealthz(
      upload({ type: 'publication' }, { name: 'bomb.bib', data: macroBomb() }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('bomb.bib, line 21: the @string macro &quot;m21&quot;');
    expect(healthz.every((s) => s === 200)).toBe(true);
    const ja = await upload({ type: 'publication' }, { name: 'bomb.bib', data: macroBomb() }, '?lang=ja');
    expect(ja.status).toBe(400);
    expect(await ja.text()).toContain('bomb.bib の 21 行目: @string マクロ「m21」を展開すると');
    expect(await count(publications)).toBe(0);
  });

  it('names the damaged sheet of an uploaded XLSX within the request', async () => {
    const template = await templateFor('activity', 'xlsx', {
      partners: [PARTNER_A],
      vocabulary: vocabularyFor('HORIZON_EUROPE'),
    });
    const res = await upload(
      { type: 'activity' },
      { name: 'damaged.xlsx', data: damagedXlsx(template.data) },
    );
    expect(res.status).toBe(303);
    const page = await (await editor.get(res.headers.get('location') ?? '')).text();
    expect(page).toContain('cannot be unpacked (part xl/worksheets/sheet1.xml)');
    expect(page).toContain('activity');
  });

  it('shows an unclosed quote in a CSV header as a located file error, not a 500', async () => {
    const res = await upload(
      { type: 'activity' },
      { name: 'quote.csv', data: 'title,"type,start_date\nx,y,z\n' },
    );
    expect(res.status).toBe(303);
    const page = await (await editor.get(res.headers.get('location') ?? '')).text();
    expect(page).toContain('the header line is not valid CSV');
  });

  it('writes nothing when a file breaks after valid rows (all or nothing)', async () => {
    const valid = csvOf([activityCells(1), activityCells(2), activityCells(3)], {
      columns: ACTIVITY_COLUMNS,
    });
    const path = dir.write('broken.csv', `${valid}\n"unclosed,talk,2024-01-01\n${'x,'.repeat(10)}`);
    const before = await t.db.select().from(importBatches);
    const result = await commitImport(t.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      type: 'activity',
      file: { path, name: 'broken.csv' },
    });
    expect(result.status).toBe('rejected');
    expect(result.fileErrors.length + result.invalid).toBeGreaterThan(0);
    expect(await count(activities)).toBe(0);
    expect(await t.db.select().from(importBatches)).toHaveLength(before.length);
  });
});
