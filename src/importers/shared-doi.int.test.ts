import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { systemActor } from '../auth/permissions';
import { auditEntries, publications } from '../db/schema';
import { RECORD_SOURCES } from '../kpi/fields';
import { commitImport, previewImport } from './commit';
import { tempDir } from './testing';

const dir = tempDir();
let t: AuthTestApp;
let coordinator: TestClient;
const system = systemActor('test');

beforeAll(async () => {
  t = await createAuthTestApp();
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
});
afterAll(async () => {
  await t?.close();
  dir.cleanup();
});

const request = (name: string, text: string) => ({
  actor: system,
  projectId: PROJECT,
  type: 'publication' as const,
  file: { path: dir.write(name, text), name },
  options: { defaults: { lead_partner: 'UNIA' } },
});

const VOLUME = `@proceedings{vol,
  title = {Proceedings of Ocean Week},
  year = {2024},
  publisher = {IEEE},
  doi = {10.1109/ocean.2024.0001},
}
@inproceedings{p1,
  author = {Silva, Ana},
  title = {Tidal Arrays in {\\"O}resund},
  crossref = {vol},
}
@inproceedings{p2,
  author = {Berg, Ola},
  title = {Grid Codes for <i>Tidal</i> Farms},
  crossref = {vol},
}
@article{p3,
  author = {Silva, Ana},
  title = {Wave Energy Markets},
  journal = {Energy Policy},
  year = {2024},
  doi = {10.1016/j.enpol.2024.000003},
}
@article{p1,
  author = {Doe, Jane},
  title = {Same Key Again},
  journal = {Energy Policy},
  year = {2024},
}
`;

/** The same DOI as p3 under another title, p3 itself again, and a new paper of the volume. */
const LATER = `@article{q1,
  author = {Silva, Ana},
  title = {Markets for Wave Energy: A Review},
  journal = {Energy Policy},
  year = {2024},
  doi = {10.1016/j.enpol.2024.000003},
}
@article{q2,
  author = {Silva, Ana},
  title = {Wave energy markets},
  journal = {Energy Policy},
  year = {2024},
  doi = {https://doi.org/10.1016/J.ENPOL.2024.000003},
}
@inproceedings{q3,
  author = {Sato, Yuki},
  title = {Mooring Loads},
  booktitle = {Proceedings of Ocean Week},
  year = {2024},
  doi = {10.1109/ocean.2024.0001},
}
`;

describe('shared DOIs through commit', () => {
  it('imports each paper of a volume with its container DOI, keys and original titles; reports the repeated key', async () => {
    const rejected = await commitImport(t.db, request('volume.bib', VOLUME));
    expect(rejected).toMatchObject({ status: 'rejected', invalid: 1, rows: 4 });
    expect(rejected.errors[0]).toMatchObject({
      line: 24,
      message:
        'BibTeX key "p1" on line 24 is already used by the entry on line 7: only that first entry is imported',
    });
    const r = await commitImport(t.db, { ...request('volume.bib', VOLUME), skipInvalid: true });
    expect(r).toMatchObject({ status: 'imported', imported: 3, duplicates: 0, conflicts: 0 });
    const rows = await t.db
      .select({
        key: publications.sourceKey,
        title: publications.title,
        original: publications.titleOriginal,
        doi: publications.doi,
        container: publications.containerDoi,
        oa: publications.openAccess,
      })
      .from(publications)
      .where(eq(publications.projectId, PROJECT))
      .orderBy(publications.sourceKey);
    expect(rows).toEqual([
      {
        key: 'p1',
        title: 'Tidal Arrays in Öresund',
        original: 'Tidal Arrays in {\\"O}resund',
        doi: null,
        container: '10.1109/ocean.2024.0001',
        oa: 'unknown',
      },
      {
        key: 'p2',
        title: 'Grid Codes for Tidal Farms',
        original: 'Grid Codes for <i>Tidal</i> Farms',
        doi: null,
        container: '10.1109/ocean.2024.0001',
        oa: 'unknown',
      },
      {
        key: 'p3',
        title: 'Wave Energy Markets',
        original: null,
        doi: '10.1016/j.enpol.2024.000003',
        container: null,
        oa: 'unknown',
      },
    ]);
  });

  it('lists a DOI under another title as a conflict, neither merged nor dropped silently', async () => {
    const [p3] = await t.db.select().from(publications).where(eq(publications.sourceKey, 'p3'));
    const preview = await previewImport(t.db, request('later.bib', LATER));
    expect(preview).toMatchObject({ rows: 3, valid: 1, duplicates: 1, conflicts: 1, invalid: 0 });
    expect(preview.conflictRows).toEqual([
      {
        row: 1,
        line: 1,
        file: 'later.bib',
        doi: '10.1016/j.enpol.2024.000003',
        title: 'Markets for Wave Energy: A Review',
        of: 'database',
        otherTitle: 'Wave Energy Markets',
        otherId: p3?.id,
      },
    ]);
    expect(preview.duplicateRows).toEqual([
      { row: 2, file: 'later.bib', label: 'Wave energy markets', of: 'database' },
    ]);

    const result = await commitImport(t.db, request('later.bib', LATER));
    expect(result).toMatchObject({ status: 'imported', imported: 1, duplicates: 1, conflicts: 1 });
    const withDoi = await t.db
      .select({ title: publications.title })
      .from(publications)
      .where(eq(publications.doi, '10.1016/j.enpol.2024.000003'));
    expect(withDoi).toEqual([{ title: 'Wave Energy Markets' }]);
    // The volume's DOI, already known as a container DOI, is not the new paper's own either.
    const [q3] = await t.db.select().from(publications).where(eq(publications.sourceKey, 'q3'));
    expect(q3).toMatchObject({ doi: null, containerDoi: '10.1109/ocean.2024.0001', title: 'Mooring Loads' });
    const audit = await t.db.select().from(auditEntries).where(eq(auditEntries.action, 'import.commit'));
    expect(audit.at(-1)?.after).toMatchObject({ imported: 1, duplicates: 1, conflicts: 1 });
  });

  it('shows the conflict on the preview page, in English and Japanese, and the source key on the record page', async () => {
    const form = new FormData();
    form.set('type', 'publication');
    form.set('partner', 'UNIA');
    form.set('file', new File([LATER], 'later.bib'));
    const res = await t.app.request(`/p/${PROJECT}/import`, {
      method: 'POST',
      body: form,
      headers: {
        cookie: coordinator.cookieHeader,
        'x-csrf-token': await coordinator.csrfToken(),
        'x-forwarded-for': coordinator.ip,
      },
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const en = await (await coordinator.get(location)).text();
    expect(en).toContain('Conflicts: same DOI, another title (1)');
    expect(en).toMatch(/<tr data-row="1"><td class="num">1<\/td><td>Markets for Wave Energy: A Review<\/td>/);
    const ja = await (await coordinator.get(`${location}?lang=ja`)).text();
    expect(ja).toContain('競合: DOI が同じでタイトルが異なる（1 件）');
    expect(ja).toContain('レコード「Wave Energy Markets」');

    const [p1] = await t.db.select().from(publications).where(eq(publications.sourceKey, 'p1'));
    const page = await (await coordinator.get(`/p/${PROJECT}/records/publications/${p1?.id}?lang=en`)).text();
    expect(page).toMatch(/<dd data-field="source_key">p1<\/dd>/);
    expect(page).toContain('<dd data-field="title_original">Tidal Arrays in {\\&quot;O}resund</dd>');
    expect(page).toMatch(/<dd data-field="container_doi">10\.1109\/ocean\.2024\.0001<\/dd>/);
    expect(page).toMatch(/<dd data-field="open_access">Not known yet<\/dd>/);
    const [p3] = await t.db.select().from(publications).where(eq(publications.sourceKey, 'p3'));
    const plain = await (await coordinator.get(`/p/${PROJECT}/records/publications/${p3?.id}`)).text();
    expect(plain).not.toContain('data-field="title_original"');
  });

  it('lists publications whose open access is still unknown, and does not count them as open', async () => {
    await t.db.update(publications).set({ openAccess: 'green' }).where(eq(publications.sourceKey, 'p2'));
    const list = await (
      await coordinator.get(`/api/v1/projects/${PROJECT}/publications?open_access=unknown`)
    ).json();
    const keys = (list as { data: { source_key?: string }[] }).data.map((r) => r.source_key).sort();
    expect(keys).toEqual(['p1', 'p3', 'q3']);
    const open = RECORD_SOURCES.publication.fields.open_access;
    const counted = await t.db
      .select({ open: sql<number>`count(*) filter (where ${open})::int` })
      .from(publications);
    expect(counted).toEqual([{ open: 1 }]);
    const page = await (
      await coordinator.get(`/p/${PROJECT}/records/publications?open_access=unknown`)
    ).text();
    expect(page).toContain('<option value="unknown" selected="">Not known yet</option>');
  });
});
