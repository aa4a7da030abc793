/**
 * `herald import dois.txt`: a DOI list is recognised, each DOI looked up at a loopback fake of Crossref and
 * DataCite (HERALD_CROSSREF_URL / HERALD_DATACITE_URL), its status printed, the found ones imported with the usual
 * output; DOIs left out (not found, rate limited) make exit 2; a line that is not a DOI is located (exit 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { importDir, importPlanYaml } from '../../test/factories/imports';
import { startFakeService, type FakeService } from '../sources/testing/fake-service';
import { crossrefPath, serveDois } from '../sources/doi/testing/recordings';

const dir = importDir();
let env: Record<string, string>;
let cleanup: () => Promise<void>;
let fake: FakeService;

const ARTICLE = '10.1016/j.oceaneng.2025.118';
const LIMITED = '10.1016/j.oceaneng.2025.429';
const NOWHERE = '10.9999/nothing';

beforeAll(async () => {
  fake = await startFakeService();
  ({ env, cleanup } = await createTestDatabaseEnv());
  env = {
    ...env,
    HERALD_CROSSREF_URL: fake.url,
    HERALD_DATACITE_URL: fake.url,
    HERALD_CONTACT_EMAIL: 'dissemination@example.org',
  };
  expect((await runCli(['plan', 'import', dir.write('tide-x.yaml', importPlanYaml())], env)).code).toBe(0);
});
afterAll(async () => {
  await fake?.close();
  await cleanup?.();
  dir.cleanup();
});

const herald = (file: string, ...args: string[]) =>
  runCli(['import', file, '--project', 'tide-x', '--type', 'publication', '--partner', 'UNIA', ...args], env);
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('herald import DOI-LIST', () => {
  it('looks each DOI up, prints its status, imports the found ones and exits 2 for those left out', async () => {
    serveDois(fake, { crossref: { [ARTICLE]: 'Tidal energy in small harbours' } });
    // A long Retry-After is not slept: the DOI is reported with when to try again.
    fake.on('GET', crossrefPath(LIMITED), { status: 429, headers: { 'retry-after': '3600' } });
    const file = dir.write(
      'dois.txt',
      `# our papers\ndoi:${ARTICLE}\n\n${LIMITED}\nhttps://doi.org/${NOWHERE}\n`,
    );

    const dry = await herald(file, '--dry-run');
    expect(dry.stdout).toContain(`${file}: ${ARTICLE}: found at crossref: Tidal energy in small harbours\n`);
    expect(dry.stderr).toMatch(new RegExp(`${LIMITED}: rate limited: will retry later \\(try again after `));
    expect(dry.stderr).toContain(`${file}: ${NOWHERE}: not found`);
    expect(dry.stdout).toContain('dry run: nothing written; an import would add 1 record');
    expect(dry.stderr).toContain(`${file}: 2 of 3 DOIs not imported`);
    expect(dry.code).toBe(2);
    expect(fake.requests[0]?.headers['user-agent']).toContain('mailto:dissemination@example.org');

    const real = await herald(file);
    expect(real.code).toBe(2);
    expect(real.stdout).toContain('imported 1, duplicates 0, invalid 0');

    // Once the service answers, the same list imports what is left; the article is a duplicate now.
    fake.reset();
    serveDois(fake, { crossref: { [ARTICLE]: 'Tidal energy in small harbours', [LIMITED]: 'Storm loads' } });
    const later = await herald(file);
    expect(later.stdout).toContain(`${LIMITED}: found at crossref: Storm loads`);
    expect(lastLine(later.stdout)).toBe('imported 1, duplicates 1, invalid 0');
    expect(later.stderr).toContain(`${file} (doi-lookup-`);
    expect(later.code).toBe(2);
  });

  it('names a line of a DOI list that is not a DOI and asks nobody (exit 1); a CSV is no DOI list', async () => {
    fake.reset();
    const file = dir.write('mixed.txt', `${ARTICLE}\nSmith et al. 2024\n`);
    const r = await herald(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${file}: line 2: "Smith et al. 2024" is not a DOI\n`);
    const csv = dir.write('refs.csv', `title,doi,type,year\nA paper,${ARTICLE},journal_article,2024\n`);
    const plain = await herald(csv, '--dry-run');
    // Read as the CSV it is (its own problems are the CSV importer's), never looked up.
    expect(plain.stdout).toContain('dry run: nothing written');
    expect(plain.stdout + plain.stderr).not.toContain('found at');
    expect(fake.requests).toHaveLength(0);
  });
});
