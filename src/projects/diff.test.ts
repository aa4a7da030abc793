import { describe, expect, it } from 'vitest';
import { diffPlans, slugify } from './diff';

describe('slugify', () => {
  it('makes a project id from an acronym', () => {
    expect(slugify('M-Sec')).toBe('m-sec');
    expect(slugify('  Ñandú 2 ')).toBe('nandu-2');
    expect(slugify('SMART_City++')).toBe('smart-city');
  });
});

describe('diffPlans', () => {
  it('reports nothing for equal plans', () => {
    expect(diffPlans({ a: [{ id: 'x', v: 1 }] }, { a: [{ id: 'x', v: 1 }] })).toEqual([]);
  });

  it('matches keyed rows by id, so a reorder is not a change', () => {
    const before = {
      kpis: [
        { id: 'a', target: 1 },
        { id: 'b', target: 2 },
      ],
    };
    const after = {
      kpis: [
        { id: 'b', target: 2 },
        { id: 'a', target: 1 },
      ],
    };
    expect(diffPlans(before, after)).toEqual([]);
  });

  it('locates changed, added and removed values', () => {
    const before = {
      project: { title: 'Old' },
      kpis: [
        { id: 'a', target: 1 },
        { id: 'gone', target: 9 },
      ],
    };
    const after = {
      project: { title: 'New' },
      kpis: [
        { id: 'a', target: 4 },
        { id: 'new', target: 2 },
      ],
    };
    expect(diffPlans(before, after)).toEqual([
      { path: 'project.title', kind: 'changed', before: 'Old', after: 'New' },
      { path: 'kpis.[id=a].target', kind: 'changed', before: 1, after: 4 },
      { path: 'kpis.[id=gone]', kind: 'removed', before: { id: 'gone', target: 9 } },
      { path: 'kpis.[id=new]', kind: 'added', after: { id: 'new', target: 2 } },
    ]);
  });

  it('treats an unkeyed list as one value', () => {
    expect(diffPlans({ tags: ['a', 'b'] }, { tags: ['a', 'c'] })).toEqual([
      { path: 'tags', kind: 'changed', before: ['a', 'b'], after: ['a', 'c'] },
    ]);
  });
});
