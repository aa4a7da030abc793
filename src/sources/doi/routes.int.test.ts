/**
 * "Add publications by DOI" in the web and the API, against a loopback fake of Crossref and DataCite: statuses,
 * the import preview through the import pages' upload, the commit, duplicates, the container-DOI guard, title
 * conflicts, the network down (nothing typed is lost), non-DOIs located.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../../test/auth-helpers';
import { publicationInput } from '../../../test/factories/records';
import { systemActor } from '../../auth/permissions';
import { auditEntries, publications } from '../../db/schema';
import { runImportJobs } from '../../importers/testing';
import { createRecord } from '../../records/service';
import type { SourceDeps } from '../env';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { serveDois } from './testing/recordings';

let t: AuthTestApp;
let fake: FakeService;
let coordinator: TestClient;
let editorA: TestClient;
const sources: SourceDeps = { sleep: recordingSleep().sleep };
const PAGE = `/p/${PROJECT}/records/publications/doi`;
const API = `/api/v1/projects/${PROJECT}/publications/doi`;

/** Publications already in the project: one to repeat, one whose DOI comes back under another title, a volume's papers. */
const KNOWN = { doi: '10.1016/j.renene.2024.000001', title: 'Tidal power for coastal micro-grids' };
const TAKEN = { doi: '10.1016/j.renene.2024.000002', title: 'Mooring loads in storms' };
const VOLUME = '10.1109/ocean.2024.0001';

beforeAll(async () => {
  fake = await startFakeService();
  sources.endpoints = { crossref: fake.url, datacite: fake.url };
  t = await createAuthTestApp({ sources });
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  editorA = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A })).id,
  );
  const actor = systemActor('test');
  for (const input of [
    publicationInput(KNOWN),
    publicationInput(TAKEN),
    publicationInput({ title: 'Paper one of the volume', doi: undefined, container_doi: VOLUME }),
    publicationInput({ title: 'Paper two of the volume', doi: undefined, container_doi: VOLUME }),
  ])
    await createRecord(t.db, { actor, projectId: PROJECT, kind: 'publication', input });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});
beforeEach(() => fake.reset());

const ARTICLE = '10.1016/j.oceaneng.2025.118';
const DATASET = '10.5281/zenodo.8226636';
const NOWHERE = '10.9999/nothing';

const textareaOf = (html: string) => /<textarea name="dois"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
const uploadOf = (html: string) => /href="(\/p\/[^/]+\/import\/[\w-]{43})"/.exec(html)?.[1];

describe('the "Add by DOI" page', () => {
  it('is linked from the publications list and the import page, for importers only', async () => {
    expect(await (await coordinator.get(`/p/${PROJECT}/records/publications`)).text()).toContain(
      `href="${PAGE}"`,
    );
    expect(await (await coordinator.get(`/p/${PROJECT}/import`)).text()).toContain(`href="${PAGE}"`);
    const page = await editorA.get(PAGE);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The publications are led by UNIA.');
    const viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
    expect((await viewer.post(PAGE, { dois: ARTICLE })).status).toBe(403);
    expect(fake.requests).toHaveLength(0);
  });

  it('looks the DOIs up, shows each status, previews the found ones and commits them through the import pages', async () => {
    serveDois(fake, {
      crossref: { [ARTICLE]: 'Tidal energy in small harbours' },
      datacite: { [DATASET]: 'Harbour sensor readings' },
    });
    const res = await coordinator.post(PAGE, {
      dois: `# ours\ndoi:${ARTICLE}\nhttps://doi.org/${DATASET}\n${NOWHERE}\n${ARTICLE}\n`,
      partner: PARTNER_A,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`data-doi="${ARTICLE}" data-status="found"[^]*?found at Crossref`));
    expect(html).toMatch(new RegExp(`data-doi="${DATASET}" data-status="found"[^]*?found at DataCite`));
    expect(html).toMatch(new RegExp(`data-doi="${NOWHERE}" data-status="not_found"[^]*?not found`));
    expect(html).toContain(`Line 5 repeats the DOI ${ARTICLE} of line 2: it is looked up once.`);
    expect(html).toContain('Ready to import: 2 new, 0 already in the project, 0 with a DOI');
    // What is left to do stays in the box: the DOI nobody knows.
    expect(textareaOf(html).trim()).toBe(NOWHERE);
    const upload = uploadOf(html);
    expect(upload).toBeDefined();

    const preview = await coordinator.get(upload as string);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('doi-lookup-');
    expect((await coordinator.post(upload as string, { mode: 'all' })).status).toBe(303);
    await runImportJobs(t.db);
    const rows = await t.db
      .select({ title: publications.title, lead: publications.leadPartner, source: publications.source })
      .from(publications)
      .where(eq(publications.doi, ARTICLE));
    expect(rows).toEqual([
      { title: 'Tidal energy in small harbours', lead: PARTNER_A, source: expect.stringMatching(/^import:/) },
    ]);
    const audit = await t.db.select().from(auditEntries).where(eq(auditEntries.action, 'import.commit'));
    expect(audit.some((a) => JSON.stringify(a).includes('doi-lookup-'))).toBe(true);

    // Asked again (from the cache: nobody is asked), the same DOIs are duplicates: nothing is imported twice.
    fake.reset();
    const again = await (
      await coordinator.post(PAGE, { dois: `${ARTICLE}\n${DATASET}`, partner: PARTNER_A })
    ).text();
    expect(again).toContain('Ready to import: 0 new, 2 already in the project');
    expect(again).toContain('Already in the project: Tidal energy in small harbours');
    expect(fake.requests).toHaveLength(0);
  });

  it('shows a title conflict, never merged, and a known duplicate', async () => {
    serveDois(fake, { crossref: { [KNOWN.doi]: KNOWN.title, [TAKEN.doi]: 'A different paper entirely' } });
    const html = await (
      await coordinator.post(PAGE, { dois: `${KNOWN.doi}\n${TAKEN.doi}`, partner: PARTNER_A })
    ).text();
    expect(html).toContain('Ready to import: 0 new, 1 already in the project, 1 with a DOI already used');
    expect(html).toContain(
      `DOI ${TAKEN.doi} is already used by “${TAKEN.title}” under another title: “A different paper entirely” will not be imported`,
    );
  });

  it('keeps the typed text with each status when the network is down, and "Try again" sends it again', async () => {
    const closed = await startFakeService();
    const url = closed.url;
    await closed.close();
    sources.endpoints = { crossref: url, datacite: url };
    try {
      const res = await coordinator.post(PAGE, { dois: `${ARTICLE}\n10.1000/never-typed-before` });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Crossref or DataCite could not be asked about 2 DOIs');
      expect(html).toMatch(/data-status="network"[^]*?network down: will retry later/);
      expect(textareaOf(html).trim().split('\n')).toEqual([ARTICLE, '10.1000/never-typed-before']);
      expect(html).toContain('>Try again</button>');
      expect(html).toContain('Nothing was found: there is nothing to import.');
    } finally {
      sources.endpoints = { crossref: fake.url, datacite: fake.url };
    }
  });

  it('names the lines that are not DOIs (422) and gives the text back as typed; asks nobody', async () => {
    const typed = `${ARTICLE}\nSmith et al. 2024\n`;
    const res = await coordinator.post(PAGE, { dois: typed });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Line 2: “Smith et al. 2024” is not a DOI');
    expect(textareaOf(html)).toBe(typed);
    expect((await coordinator.post(PAGE, { dois: '# nothing\n' })).status).toBe(422);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('a DOI list uploaded on the import page', () => {
  it('is named for what it is, with the way to the DOI page, instead of being misread as a CSV', async () => {
    const form = new FormData();
    form.set('type', 'publication');
    form.set('file', new File([`# ours\n${ARTICLE}\n${DATASET}\n`], 'dois.txt'));
    const res = await t.app.request(`/p/${PROJECT}/import`, {
      method: 'POST',
      body: form,
      headers: {
        cookie: coordinator.cookieHeader,
        'x-csrf-token': await coordinator.csrfToken(),
        'x-forwarded-for': coordinator.ip,
      },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('dois.txt is a list of DOIs: add them on the “Add by DOI” page');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('POST /api/v1/projects/:id/publications/doi', () => {
  it('previews, then commits; the statuses say what was found', async () => {
    const doi = '10.1016/j.oceaneng.2025.200';
    serveDois(fake, { crossref: { [doi]: 'Breakwater monitoring' } });
    const dry = await coordinator.json('POST', API, { dois: [doi, NOWHERE], lead_partner: PARTNER_A });
    expect(dry.status).toBe(200);
    const body = (await dry.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      committed: false,
      items: [
        { doi, status: 'found', agency: 'crossref', title: 'Breakwater monitoring' },
        { doi: NOWHERE, status: 'not_found', agency: null },
      ],
      import: { rows: 1, valid: 1, duplicates: 0, conflicts: 0 },
    });
    expect(await t.db.select().from(publications).where(eq(publications.doi, doi))).toHaveLength(0);

    const done = await coordinator.json('POST', API, { dois: [doi], lead_partner: PARTNER_A, commit: true });
    expect(await done.json()).toMatchObject({ committed: true, import: { status: 'imported', imported: 1 } });
    const twice = await coordinator.json('POST', API, { dois: [doi], lead_partner: PARTNER_A, commit: true });
    expect(await twice.json()).toMatchObject({ import: { status: 'imported', imported: 0, duplicates: 1 } });
  });

  it("a partner editor's publications are led by their own partner, whatever they ask", async () => {
    const doi = '10.1016/j.oceaneng.2025.300';
    serveDois(fake, { crossref: { [doi]: 'Harbour seiches' } });
    const res = await editorA.json('POST', API, { dois: [doi], lead_partner: 'CORPB', commit: true });
    expect(await res.json()).toMatchObject({ import: { status: 'imported', imported: 1 } });
    const [row] = await t.db
      .select({ lead: publications.leadPartner })
      .from(publications)
      .where(eq(publications.doi, doi));
    expect(row).toEqual({ lead: PARTNER_A });
  });

  it('gives a looked-up volume DOI the container-DOI guard of a file import', async () => {
    serveDois(fake, { crossref: { [VOLUME]: 'Proceedings of Ocean Week' } });
    const res = await coordinator.json('POST', API, {
      dois: [VOLUME],
      lead_partner: PARTNER_A,
      commit: true,
    });
    expect(await res.json()).toMatchObject({ import: { status: 'imported', imported: 1 } });
    const [row] = await t.db
      .select({ doi: publications.doi, container: publications.containerDoi })
      .from(publications)
      .where(and(eq(publications.projectId, PROJECT), eq(publications.title, 'Proceedings of Ocean Week')));
    expect(row).toEqual({ doi: null, container: VOLUME });
  });

  it('locates a value that is not a DOI (422 dois[1]) and asks nobody', async () => {
    const res = await coordinator.json('POST', API, { dois: [ARTICLE, 'nope'] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
    expect(body.error.details).toEqual([
      expect.objectContaining({ path: 'dois[1]', message: 'dois[1]: "nope" is not a DOI' }),
    ]);
    expect((await coordinator.json('POST', API, { dois: [] })).status).toBe(422);
    expect((await coordinator.json('POST', API, { dois: [ARTICLE], extra: 1 })).status).toBe(422);
    expect(fake.requests).toHaveLength(0);
  });
});
