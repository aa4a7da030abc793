/**
 * The templates page and downloads through the app: members read (viewer included), outsiders get 403, anonymous
 * visitors the sign-in page; downloads carry their content type, file name and a strong ETag (304 on a match, the
 * same ETag on a second request); unknown templates are 404; nothing is written.
 */
import { count } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../../test/auth-helpers';
import { auditEntries } from '../../db/schema';

let t: AuthTestApp;
let viewer: TestClient;
let outsider: TestClient;
beforeAll(async () => {
  t = await createAuthTestApp();
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  outsider = await TestClient.signedIn(t, (await makeUser(t.db)).id);
});
afterAll(async () => {
  await t?.close();
});

const base = `/p/${PROJECT}/brand`;

describe('the templates page', () => {
  it('lists the four templates and the kit for a viewer, in English and Japanese', async () => {
    const res = await viewer.get(`${base}/templates?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Templates and communication kit');
    for (const f of ['deliverable.docx', 'agenda.docx', 'minutes.docx', 'slides.pptx'])
      expect(html).toContain(`href="${base}/templates/${f}"`);
    expect(html).toContain(`href="${base}/kit.zip"`);
    const ja = await (await viewer.get(`${base}/templates?lang=ja`)).text();
    expect(ja).toContain('テンプレートとコミュニケーションキット');
  });

  it('is refused to a signed-in outsider and sends an anonymous visitor to sign in', async () => {
    expect((await outsider.get(`${base}/templates`)).status).toBe(403);
    const anon = await new TestClient(t.app).get(`${base}/templates/deliverable.docx`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toContain('/login');
  });
});

describe('downloads', () => {
  it('answer each template with its content type, file name and an ETag; 304 on a match; nothing written', async () => {
    const [before] = await t.db.select({ n: count() }).from(auditEntries);
    for (const [file, type] of [
      ['deliverable.docx', 'wordprocessingml.document'],
      ['slides.pptx', 'presentationml.presentation'],
    ] as const) {
      const res = await viewer.get(`${base}/templates/${file}?lang=en`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toContain(`Tide-X-${file}`);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
      expect((await JSZip.loadAsync(await res.arrayBuffer())).file('[Content_Types].xml')).not.toBeNull();
      const again = await viewer.get(`${base}/templates/${file}?lang=en`);
      expect(again.headers.get('etag')).toBe(etag);
      const cached = await viewer.get(`${base}/templates/${file}?lang=en`, { 'if-none-match': etag });
      expect(cached.status).toBe(304);
      expect(await cached.text()).toBe('');
    }
    const ja = await viewer.get(`${base}/templates/deliverable.docx?lang=ja`);
    expect(ja.headers.get('content-disposition')).toContain('Tide-X-deliverable-ja.docx');
    const [after] = await t.db.select({ n: count() }).from(auditEntries);
    expect(after!.n).toBe(before!.n);
  });

  it('give the kit as a zip with its README, palette, funding texts and templates', async () => {
    const res = await viewer.get(`${base}/kit.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('Tide-X-communication-kit.zip');
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining([
        'README.md',
        'README.ja.md',
        'palette/palette.css',
        'funding/acknowledgement.en.txt',
        'templates/en/Tide-X-slides.pptx',
        'templates/ja/Tide-X-deliverable.docx',
      ]),
    );
    expect(await zip.file('funding/acknowledgement.en.txt')!.async('string')).toContain('101000001');
    const cached = await viewer.get(`${base}/kit.zip`, { 'if-none-match': res.headers.get('etag')! });
    expect(cached.status).toBe(304);
  });

  it('answer 404 for an unknown template or the wrong extension, and 403 to an outsider', async () => {
    expect((await viewer.get(`${base}/templates/poster.docx`)).status).toBe(404);
    expect((await viewer.get(`${base}/templates/slides.docx`)).status).toBe(404);
    expect((await outsider.get(`${base}/kit.zip`)).status).toBe(403);
  });
});
