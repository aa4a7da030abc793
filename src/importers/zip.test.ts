import { describe, expect, it } from 'vitest';
import { tempDir, zipOf } from './testing';
import { MAX_ZIP_BYTES, MAX_ZIP_FILES, readZip, readZipFile, unsafeEntryName } from './zip';

const names = (files: { name: string }[]) => files.map((f) => f.name);
const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');

describe('readZip', () => {
  it('reads stored and deflated files and skips folders, macOS forks and hidden files', () => {
    const zip = zipOf([
      { name: 'exports/', data: '', stored: true },
      { name: 'exports/2024-01.csv', data: 'a,b\n1,2\n' },
      { name: 'exports/2024-02.csv', data: 'a,b\n3,4\n', stored: true },
      { name: '__MACOSX/exports/._2024-01.csv', data: 'junk' },
      { name: 'exports/.DS_Store', data: 'junk' },
    ]);
    const files = readZip('exports.zip', zip);
    expect(names(files)).toEqual(['exports/2024-01.csv', 'exports/2024-02.csv']);
    expect(files.map((f) => text(f.data))).toEqual(['a,b\n1,2\n', 'a,b\n3,4\n']);
  });

  it('refuses the whole archive when an entry points outside it', () => {
    for (const name of ['../evil.csv', 'a/../../evil.csv', '/etc/passwd', 'C:/x.csv', 'a\\..\\b.csv']) {
      expect(unsafeEntryName(name)).toBe(true);
      const zip = zipOf([
        { name: 'fine.csv', data: 'x' },
        { name, data: 'y' },
      ]);
      expect(() => readZip('bad.zip', zip)).toThrow(
        `bad.zip: the entry "${name}" points outside the archive`,
      );
    }
    expect(unsafeEntryName('a/b..c/d.csv')).toBe(false);
  });

  it('refuses an archive that unpacks too large, by its declared sizes or by what it inflates to', () => {
    const declared = zipOf([{ name: 'big.csv', data: 'x', size: MAX_ZIP_BYTES + 1 }]);
    expect(() => readZip('big.zip', declared)).toThrow('big.zip: the archive unpacks to more than 200 MB');
    // A bomb that lies about its size: 8 MB of zeros (8 kB packed) that claims to be 10 bytes; the limit is 2 MB.
    const bomb = zipOf([{ name: 'bomb.csv', data: Buffer.alloc(8 * 1024 * 1024), size: 10 }]);
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(() => readZip('bomb.zip', bomb, { maxBytes: 2 * 1024 * 1024 })).toThrow(
      'bomb.zip: the archive unpacks to more than 2 MB',
    );
  });

  it('refuses too many files, an empty archive and bytes that are not a zip', () => {
    const many = zipOf(
      Array.from({ length: MAX_ZIP_FILES + 1 }, (_, i) => ({ name: `${i}.csv`, data: 'x' })),
    );
    expect(() => readZip('many.zip', many)).toThrow(`more than ${MAX_ZIP_FILES} files`);
    expect(() => readZip('empty.zip', zipOf([{ name: 'folder/', data: '' }]))).toThrow(
      'empty.zip holds no file to import',
    );
    expect(() => readZip('x.zip', Buffer.from('not a zip'))).toThrow('x.zip is not a readable zip file');
  });

  it('carries an i18n key and params for the form', () => {
    try {
      readZip('bad.zip', zipOf([{ name: '../x.csv', data: 'x' }]));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        status: 400,
        messageKey: 'import.zip.traversal',
        params: { zip: 'bad.zip', name: '../x.csv' },
      });
    }
  });
});

describe('readZipFile', () => {
  it('reads an archive on disk entry by entry, refusing a bad directory before the first file', () => {
    const dir = tempDir();
    try {
      const path = dir.write(
        'exports.zip',
        zipOf([
          { name: 'a.csv', data: 'a,b\n1,2\n' },
          { name: 'b.csv', data: 'c\n3\n', stored: true },
        ]),
      );
      const entries = readZipFile('exports.zip', path);
      const first = entries.next();
      expect(first.done ? undefined : { name: first.value.name, text: text(first.value.data) }).toEqual({
        name: 'a.csv',
        text: 'a,b\n1,2\n',
      });
      expect(names([...entries])).toEqual(['b.csv']);
      const evil = dir.write(
        'evil.zip',
        zipOf([
          { name: 'ok.csv', data: 'x' },
          { name: '../evil.csv', data: 'x' },
        ]),
      );
      expect(() => readZipFile('evil.zip', evil).next()).toThrow('the entry "../evil.csv" points outside');
      expect(() => readZipFile('x.zip', dir.write('x.zip', 'not a zip')).next()).toThrow(
        'x.zip is not a readable zip file',
      );
    } finally {
      dir.cleanup();
    }
  });
});
