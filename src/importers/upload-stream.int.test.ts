/**
 * Large web uploads stream to disk: a 32 MB, 20,000-row CSV (written to a temp file, streamed as the request body)
 * is received without being held in memory, whole and hashed; what the route receives is previewed and committed;
 * too large → 413 naming the file and the limit; a wrong or late CSRF token → 403; nothing is left in the upload
 * folder either way; other routes keep their small body limits.
 */
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells } from '../../test/factories/imports';
import { multipartBody, type Part } from '../../test/multipart';
import { activities } from '../db/schema';
import { MAX_BODY_BYTES, MAX_UPLOAD_BYTES } from '../auth/middleware';
import { runImportJobs } from './testing';
import { MIB } from './upload-stream';

// As large as the 31 MB, 100,000-row export the web used to refuse, in fewer, longer rows: the preview and the
// commit of 100,000 rows belong to the bench (`npm run bench -- --only import`), not to every test run.
const ROWS = 20_000;
let t: AuthTestApp;
let coordinator: TestClient;
let root: string;
let work: string;
let csvPath: string;
const saved = { dir: process.env.HERALD_UPLOAD_DIR, max: process.env.HERALD_MAX_UPLOAD_MB };

/** Writes the 20,000-row activities CSV row by row (about 1,800 bytes a row), never as one string. */
async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  const columns = [...ACTIVITY_COLUMNS, 'description'];
  const note = 'A post about the pilot, its partners and what the city learnt from it. '.repeat(22);
  const quote = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  out.write(`${columns.join(',')}\n`);
  for (let n = 1; n <= ROWS; n++) {
    const cells: Record<string, string | undefined> = {
      ...activityCells(n, { lead_partner: n % 2 ? PARTNER_A : PARTNER_B, title: `Bulk post ${n}` }),
      description: note,
    };
    if (!out.write(`${columns.map((c) => quote(cells[c] ?? '')).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'herald-uploads-'));
  work = mkdtempSync(join(tmpdir(), 'herald-upload-src-'));
  process.env.HERALD_UPLOAD_DIR = root;
  delete process.env.HERALD_MAX_UPLOAD_MB;
  t = await createAuthTestApp();
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  csvPath = join(work, 'bulk.csv');
  await writeCsv(csvPath);
});

afterAll(async () => {
  for (const [key, value] of [
    ['HERALD_UPLOAD_DIR', saved.dir],
    ['HERALD_MAX_UPLOAD_MB', saved.max],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  await t?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Posts a streamed multipart form to the upload route (the CSRF token as htmx sends it, unless `header` is false). */
async function post(
  parts: readonly Part[],
  opts: { header?: boolean; onPull?: (sent: number) => void } = {},
) {
  const { body, contentType } = multipartBody(parts, opts);
  const headers: Record<string, string> = {
    cookie: coordinator.cookieHeader,
    'content-type': contentType,
    'x-forwarded-for': coordinator.ip,
  };
  if (opts.header !== false) headers['x-csrf-token'] = await coordinator.csrfToken();
  return t.app.request(`/p/${PROJECT}/import`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
}

/** Every file under the upload folder (an upload's folder holds `incoming/`, `files/` and `meta.json`). */
const leftOnDisk = (): string[] => readdirSync(root, { recursive: true, encoding: 'utf8' });

/** The bytes of the file being received (the one upload folder's `incoming/0`), 0 before it exists. */
function receivedSoFar(): number {
  const [id] = readdirSync(root);
  const path = id ? join(root, id, 'incoming', '0') : '';
  return path && existsSync(path) ? statSync(path).size : 0;
}

describe('a large upload', () => {
  // Each test starts from an empty upload folder (so what one leaves behind never hides in the next).
  beforeEach(() => {
    for (const name of readdirSync(root)) rmSync(join(root, name), { recursive: true, force: true });
  });

  it('streams a 32 MB, 20,000-row CSV to disk without holding it, whole and hashed', async () => {
    const size = statSync(csvPath).size;
    expect(size).toBeGreaterThan(30 * MIB);
    // Far more than the old limits (10 MB per request, 21 MB for evidence files).
    expect(size).toBeGreaterThan(MAX_UPLOAD_BYTES + MAX_BODY_BYTES);
    // Retained memory after a full collection: what the server holds, not what it has not yet collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const retained = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const samples: number[] = [];
    let next = 4 * MIB;
    const res = await post(
      [
        { name: '_csrf', value: await coordinator.csrfToken() },
        { name: 'type', value: 'activity' },
        { name: 'file', filename: 'bulk.csv', path: csvPath },
      ],
      {
        header: false,
        onPull: (sent) => {
          if (sent < next) return;
          next += 8 * MIB;
          // What was handed over is on disk already, bar what is in flight between the streams.
          expect(receivedSoFar()).toBeGreaterThan(sent - 2 * MIB);
          samples.push(retained());
        },
      },
    );
    expect(res.status).toBe(303);
    // At 4, 12, 20 and 28 MB: 24 MB more of the body went by between the first and the last sample.
    expect(samples).toHaveLength(4);
    // Buffering would hold all 24 MB; what else the worker allocates meanwhile stays far below half of it.
    expect(Math.max(...samples) - (samples[0] ?? 0)).toBeLessThan(12 * MIB);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/p/${PROJECT}/import/[\\w-]{43}$`));
    // Kept whole, byte for byte, with the hash taken as it streamed by.
    const [id] = readdirSync(root);
    const meta = JSON.parse(readFileSync(join(root, id ?? '', 'meta.json'), 'utf8')) as { sha256?: string[] };
    const stored = readdirSync(join(root, id ?? '', 'files')).map((f) => join(root, id ?? '', 'files', f));
    expect(stored.map((f) => statSync(f).size)).toEqual([size]);
    expect(meta.sha256).toEqual([createHash('sha256').update(readFileSync(csvPath)).digest('hex')]);
  }, 300_000);

  it('previews and commits what the streamed route received, then clears the upload folder', async () => {
    // The large file's preview and commit are the importer's, measured by the bench (`--only import`); here the same
    // route with a small file proves the streamed upload feeds them.
    const rows = 40;
    const csv = [
      ACTIVITY_COLUMNS.join(','),
      ...Array.from({ length: rows }, (_, i) => {
        const cells = activityCells(i + 1, {
          lead_partner: i % 2 ? PARTNER_A : PARTNER_B,
          title: `Small post ${i}`,
        });
        return ACTIVITY_COLUMNS.map((c) => `"${(cells[c] ?? '').replace(/"/g, '""')}"`).join(',');
      }),
    ].join('\n');
    const res = await post([
      { name: 'type', value: 'activity' },
      { name: 'file', filename: 'small.csv', data: `${csv}\n` },
    ]);
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const preview = await (await coordinator.get(location)).text();
    expect(preview).toContain('Preview of small.csv');
    expect(preview).toMatch(/data-count="rows">40</);
    expect(preview).toMatch(/data-count="valid">40</);
    expect(preview).toMatch(/data-count="invalid">0</);

    expect((await coordinator.post(location, { mode: 'all' })).status).toBe(303);
    await runImportJobs(t.db);
    const done = await (await coordinator.get(`${location}/progress`)).text();
    expect(done).toContain('Imported 40, duplicates 0, invalid 0.');
    const [n] = await t.db.select({ n: count() }).from(activities);
    expect(n?.n).toBe(rows);
    // The committed upload is gone from the upload folder.
    expect(leftOnDisk()).toEqual([]);
  });

  it('refuses an upload over HERALD_MAX_UPLOAD_MB with 413 naming the file and the limit, keeping nothing', async () => {
    process.env.HERALD_MAX_UPLOAD_MB = '2';
    try {
      const res = await post([
        { name: 'type', value: 'activity' },
        { name: 'file', filename: 'small.csv', data: 'title\nOne\n' },
        { name: 'file', filename: 'bulk.csv', path: csvPath },
      ]);
      expect(res.status).toBe(413);
      const html = await res.text();
      expect(html).toContain('bulk.csv: the upload is larger than 2 MB, the most one import may take.');
      expect(html).toContain('id="upload"');
      expect(leftOnDisk()).toEqual([]);
      const ja = await t.app.request(`/p/${PROJECT}/import?lang=ja`, {
        method: 'POST',
        ...(() => {
          const { body, contentType } = multipartBody([
            { name: '_csrf', value: coordinator.csrf ?? '' },
            { name: 'type', value: 'activity' },
            { name: 'file', filename: 'bulk.csv', path: csvPath },
          ]);
          return {
            body,
            duplex: 'half',
            headers: { cookie: coordinator.cookieHeader, 'content-type': contentType },
          };
        })(),
      } as RequestInit);
      expect(ja.status).toBe(413);
      expect(await ja.text()).toContain(
        'bulk.csv: アップロードが 1 回のインポートの上限 2 MB を超えています。',
      );
      expect(leftOnDisk()).toEqual([]);
    } finally {
      delete process.env.HERALD_MAX_UPLOAD_MB;
    }
  });

  it('refuses a wrong CSRF token, or one sent after the file, with 403, keeping nothing', async () => {
    const file = { name: 'file', filename: 'bulk.csv', path: csvPath };
    const token = await coordinator.csrfToken();
    const wrong = await post(
      [{ name: '_csrf', value: 'x'.repeat(43) }, { name: 'type', value: 'activity' }, file],
      {
        header: false,
      },
    );
    expect(wrong.status).toBe(403);
    const late = await post([{ name: 'type', value: 'activity' }, file, { name: '_csrf', value: token }], {
      header: false,
    });
    expect(late.status).toBe(403);
    const none = await post([{ name: 'type', value: 'activity' }, file], { header: false });
    expect(none.status).toBe(403);
    expect(leftOnDisk()).toEqual([]);
    // A wrong header is refused before the route: nothing is read.
    const { body, contentType } = multipartBody([{ name: 'type', value: 'activity' }, file]);
    const header = await t.app.request(`/p/${PROJECT}/import`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: {
        cookie: coordinator.cookieHeader,
        'content-type': contentType,
        'x-csrf-token': 'x'.repeat(43),
      },
    } as RequestInit);
    expect(header.status).toBe(403);
    expect(leftOnDisk()).toEqual([]);
  });

  it('keeps the small body limits of every other request', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    // Pasted BibTeX is a plain form: the 10 MB request limit applies.
    const pasted = await coordinator.post(`/p/${PROJECT}/import`, { type: 'publication', bibtex: big });
    expect(pasted.status).toBe(413);
    // A multipart body anywhere else (here the commit of an upload) is not streamed either.
    const { body, contentType } = multipartBody([{ name: 'file', filename: 'bulk.csv', path: csvPath }]);
    const other = await t.app.request(`/p/${PROJECT}/import/${'a'.repeat(43)}`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: {
        cookie: coordinator.cookieHeader,
        'content-type': contentType,
        'x-csrf-token': await coordinator.csrfToken(),
      },
    } as RequestInit);
    expect(other.status).toBe(413);
    expect(leftOnDisk()).toEqual([]);
  });
});
