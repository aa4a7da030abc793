/** `herald lint` with a plan file (no database): formats, languages, contexts and exit codes 0 / 1 / 2. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';

const dir = mkdtempSync(join(tmpdir(), 'herald-lint-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const plan = 'plans/m-sec.yaml';
const ack = /funding_acknowledgement:\n\s+en: (.*)\n/.exec(readFileSync(plan, 'utf8'))![1]!;
const disclaimer =
  "This flyer reflects only the author's view and the Commission is not responsible for any use that may be made of the information it contains.";
const clean = write(
  'clean.html',
  `<p>M-Sec</p><img src="eu.png" alt="EU emblem"><img src="nict.png" alt="NICT emblem"><p>${ack}</p><p>${disclaimer}</p>`,
);
const warnOnly = write(
  'warn.html',
  `<p style="color:#FF00FF">M-Sec</p><img alt="EU emblem"><img alt="NICT emblem"><p>${ack}</p>`,
);
const flyer = write('flyer.txt', 'The MSec flyer\n');

describe('herald lint', () => {
  it('exits 0 on a clean file and on warnings only', async () => {
    const r = await runCli(['lint', clean, '--plan', plan]);
    expect([r.code, r.stdout]).toEqual([0, '0 error(s), 0 warning(s), 0 note(s) in 1 file(s)\n']);
    const w = await runCli(['lint', warnOnly, '--plan', plan]);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('warning [brand/colour-off-palette]');
  });

  it('exits 1 on errors, in text (en, ja), JSON and SARIF', async () => {
    const text = await runCli(['lint', flyer, '--plan', plan]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${flyer}:1:5: error [brand/name-spelling] "MSec" is a spelling of the project name`,
    );
    expect(text.stdout).toContain('  → Write "M-Sec".');
    const ja = await runCli(['lint', flyer, '--plan', plan, '--lang', 'ja']);
    expect(ja.stdout).toContain(
      'エラー [brand/name-spelling] 「MSec」は計画で禁止されたプロジェクト名の表記です',
    );
    const json = await runCli(['lint', flyer, '--plan', plan, '--format', 'json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as {
      files: { diagnostics: { ruleId: string; location: object }[] }[];
    };
    expect(parsed.files[0]!.diagnostics.map((d) => d.ruleId)).toEqual([
      'brand/funding-acknowledgement',
      'brand/funding-disclaimer',
      'brand/name-spelling',
    ]);
    expect(parsed.files[0]!.diagnostics[2]!.location).toEqual({ file: flyer, line: 1, column: 5 });
    const sarif = await runCli(['lint', flyer, clean, '--plan', plan, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    expect((JSON.parse(sarif.stdout) as { version: string }).version).toBe('2.1.0');
  });

  it('checks social posts and the patent context; an unreadable file is an error', async () => {
    const post = write('post.txt', 'New M-Sec release #MSecProject');
    expect((await runCli(['lint', post, '--plan', plan, '--social', 'x'])).code).toBe(0);
    const patent = await runCli(['lint', clean, '--plan', plan, '--context', 'patent']);
    expect(patent.code).toBe(1);
    expect(patent.stdout).toContain('The funding acknowledgement (patent application) is missing.');
    const missing = await runCli(['lint', join(dir, 'nope.pdf'), '--plan', plan]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('nope.pdf: cannot read the file (ENOENT).');
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['lint', flyer],
      ['lint', flyer, '--plan', plan, '--project', 'm-sec'],
      ['lint', flyer, '--plan', plan, '--format', 'xml'],
      ['lint', flyer, '--plan', plan, '--context', 'press'],
      ['lint', flyer, '--plan', plan, '--lang', 'fr'],
      ['lint', flyer, '--plan', plan, '--social', 'myspace'],
      ['lint', flyer, '--plan', join(dir, 'nope.yaml')],
      ['lint', '--plan', plan],
      ['lint', flyer, '--plan', plan, '--bogus'],
    ]) {
      const r = await runCli(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stdout).toBe('');
    }
  });
});
