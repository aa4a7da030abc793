import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { tempDir } from '../importers/testing';
import { expandPaths, expandPattern, namePattern } from './glob';

const dir = tempDir();
afterAll(() => dir.cleanup());

describe('file patterns', () => {
  it('matches names with *, ? and sets, not hidden files', () => {
    expect(namePattern('*.csv').test('2024-01.csv')).toBe(true);
    expect(namePattern('*.csv').test('2024-01.csv.bak')).toBe(false);
    expect(namePattern('2024-0?.csv').test('2024-07.csv')).toBe(true);
    expect(namePattern('[ab].csv').test('b.csv')).toBe(true);
    expect(namePattern('[!ab].csv').test('b.csv')).toBe(false);
    expect(namePattern('a+b(1).csv').test('a+b(1).csv')).toBe(true);
  });

  it('expands a pattern to the sorted files it names, and ** to any depth', async () => {
    mkdirSync(dir.path('exports/old'), { recursive: true });
    for (const name of [
      'exports/b.csv',
      'exports/a.csv',
      'exports/.hidden.csv',
      'exports/notes.txt',
      'exports/old/c.csv',
    ])
      dir.write(name, 'x');
    expect(await expandPattern(dir.path('exports/*.csv'))).toEqual([
      dir.path('exports/a.csv'),
      dir.path('exports/b.csv'),
    ]);
    expect(await expandPattern(dir.path('exports/**/*.csv'))).toEqual([
      dir.path('exports/a.csv'),
      dir.path('exports/b.csv'),
      dir.path('exports/old/c.csv'),
    ]);
    const { paths, unmatched } = await expandPaths([
      dir.path('exports/b.csv'),
      dir.path('exports/*.csv'),
      dir.path('none/*.csv'),
    ]);
    expect(paths).toEqual([dir.path('exports/b.csv'), dir.path('exports/a.csv')]);
    expect(unmatched).toEqual([dir.path('none/*.csv')]);
  });
});
