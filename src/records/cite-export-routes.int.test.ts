/** The publication list as BibTeX, RIS and CSL-JSON over HTTP: filters kept, funding included, imports back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { importDir } from '../../test/factories/imports';
import { publicationInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import { previewImport } from '../importers/commit';
import { createRecord } from './service';

const dir = importDir();
let t: AuthTestApp;
let viewer: TestClient;

const JAPANESE = '潮力発電と沿岸マイクログリッド: {設計} & 評価';

beforeAll(async () => {
  t = await createAuthTestApp();
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  const make = (input: ReturnType<typeof publicationInput>) =>
    createRecord(t.db, { actor: systemActor('test'), projectId: PROJECT, kind: 'publication', input });
  await make(publicationInput({ lead_partner: PARTNER_A, licence: 'CC-BY-4.0' }));
  await make(
    publicationInput({
      lead_partner: PARTNER_A,
      title: JAPANESE,
      authors: [{ name: '山田, 花子', partner: PARTNER_A }],
      type: 'conference_paper',
      venue: 'Actes de la Conférence Énergies Marines',
      doi: '10.1000/tide.2024.42',
      date: '2024-09-01',
      date_precision: 'month',
      open_access: 'green',
      repository_url: 'https://zenodo.org/records/4242',
    }),
  );
  await make(
    publicationInput({
      lead_partner: PARTNER_B,
      authors: [{ name: 'Berg, Ola', partner: PARTNER_B }],
      title: 'Partner B only',
      doi: '10.1000/b.1',
    }),
  );
});
afterAll(async () => {
  await t?.close();
  dir.cleanup();
});

const FORMATS = [
  { ext: 'bib', type: 'application/x-bibtex; charset=utf-8' },
  { ext: 'ris', type: 'application/x-research-info-systems; charset=utf-8' },
  { ext: 'csl.json', type: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
] as const;

describe('publication citation exports', () => {
  for (const { ext, type } of FORMATS)
    it(`${ext}: the list's filter, funding text, and an import of it finds the same publications`, async () => {
      const res = await viewer.get(`/p/${PROJECT}/records/publications/export.${ext}?partner=${PARTNER_A}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(
          `^attachment; filename="tide-x-publications-\\d{4}-\\d{2}-\\d{2}\\.${ext.replace('.', '\\.')}"$`,
        ),
      );
      const text = await res.text();
      expect(text).not.toContain('Partner B only');
      expect(text).toContain('under grant agreement No 101000001');
      const path = dir.write(`export.${ext === 'csl.json' ? 'json' : ext}`, text);
      const r = await previewImport(t.db, {
        actor: systemActor('test'),
        projectId: PROJECT,
        type: 'publication',
        file: { path },
        options: { defaults: { lead_partner: PARTNER_A } },
      });
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ rows: 2, invalid: 0, duplicates: 2, valid: 0 });
      expect(r.duplicateRows.map((d) => d.label).sort()).toEqual(
        ['Tidal power for coastal micro-grids', JAPANESE].sort(),
      );
    });

  it('needs a membership, and only publications have citation exports', async () => {
    const anon = await new TestClient(t.app).get(`/p/${PROJECT}/records/publications/export.bib`);
    expect(anon.status).toBe(302);
    expect((await viewer.get(`/p/${PROJECT}/records/events/export.bib`)).status).toBe(404);
  });

  it('the publication list links to the three formats, with its filters', async () => {
    const page = await (await viewer.get(`/p/${PROJECT}/records/publications?partner=${PARTNER_A}`)).text();
    for (const { ext } of FORMATS)
      expect(page).toContain(`/p/${PROJECT}/records/publications/export.${ext}?partner=${PARTNER_A}`);
  });
});
