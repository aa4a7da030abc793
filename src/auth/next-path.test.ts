/** The `next` path check: every way to leave the site (or break the Location header) falls back to the default. */
import { describe, expect, it } from 'vitest';
import { HOSTILE_NEXT } from '../../test/hostile-next';
import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it.each(HOSTILE_NEXT)('refuses %j', (v) => {
    expect(safeNextPath(v)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect([undefined, null, 3, ['/ok'], { toString: () => '/ok' }].map(safeNextPath)).toEqual(
      Array(5).fill(undefined),
    );
  });

  it('keeps same-site paths with their query and fragment, as plain ASCII', () => {
    expect(safeNextPath('/ok?x=1#y')).toBe('/ok?x=1#y');
    expect(safeNextPath('/p/m-sec/members')).toBe('/p/m-sec/members');
    expect(safeNextPath('/')).toBe('/');
    expect(safeNextPath('/invite/abc_DEF-123')).toBe('/invite/abc_DEF-123');
    expect(safeNextPath('/p/a/../b')).toBe('/p/b');
    expect(safeNextPath('/p/日本')).toBe('/p/%E6%97%A5%E6%9C%AC');
    expect(safeNextPath('/search?q=a b')).toBe('/search?q=a%20b');
  });
});
