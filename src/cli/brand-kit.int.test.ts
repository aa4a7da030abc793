/** `herald brand kit`: the M-Sec communication kit written to a file, the same bytes as the page's; an unknown project fails. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const herald = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  expect((await herald('plan', 'import', 'plans/m-sec.yaml')).code).toBe(0);
});
afterAll(async () => {
  await cleanup();
});

describe('herald brand kit', () => {
  it('writes the kit zip, and names an unknown project', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'herald-kit-')), 'kit.zip');
    const res = await herald('brand', 'kit', '--project', 'm-sec', '--out', out);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(/^wrote .*kit\.zip \(\d+ bytes\)\n$/);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files)).toContain('templates/ja/M-Sec-slides.pptx');
    expect(await zip.file('funding/acknowledgement.en.txt')!.async('string')).toContain(
      '(contract No 814917)',
    );
    const missing = await herald('brand', 'kit', '--project', 'nope', '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not found');
  });
});
