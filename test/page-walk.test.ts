/** The walk's queue chooses the same pages in the same order whether pages are taken one or several at a time. */
import { describe, expect, it } from 'vitest';
import { shapeOf, WalkQueue, type WalkOptions } from './page-walk';

const ID = (n: number) => `0000000${n}-aaaa-bbbb-cccc-dddddddddddd`;

/** A small site: lists link to records (by uuid and by number), records link back, queries and fragments. */
const SITE: Record<string, string[]> = {
  '/': ['/p/x', '/p/x/records', '/login'],
  '/p/x': ['/p/x/records', '/p/x/dashboard', `/p/x/records/a/${ID(1)}`, '/p/x#top'],
  '/p/x/records': [
    `/p/x/records/a/${ID(1)}`,
    `/p/x/records/a/${ID(2)}`,
    '/p/x/records?page=2',
    '/p/x/records?page=3',
    '/p/x/records/a/new',
  ],
  '/p/x/dashboard': ['/p/x/dashboard/kpis/1', '/p/x/dashboard/kpis/2', '/p/x/dashboard?year=1'],
  [`/p/x/records/a/${ID(1)}`]: ['/p/x/records', `/p/x/records/a/${ID(1)}/edit`],
  [`/p/x/records/a/${ID(2)}`]: [`/p/x/records/a/${ID(2)}/edit`],
  '/p/x/dashboard/kpis/1': ['/p/x/dashboard', '/p/x/dashboard/kpis/1/records'],
  '/login': ['/reset', '/', '/p/x/history?from=1', '/p/x/history?from=2'],
};

function walk(opts: WalkOptions, tabs: number): string[] {
  const q = new WalkQueue(opts);
  const order: string[] = [];
  while (!q.done) {
    const batch = q.take(tabs);
    order.push(...batch);
    for (const url of batch) q.add(SITE[url] ?? []);
  }
  return order;
}

describe('WalkQueue', () => {
  const opts: WalkOptions = { seeds: ['/', '/p/x'], maxPages: 160, maxQueryVariants: 1, maxShapeVisits: 1 };

  it('visits one page of each shape, one visit per path (with or without a query), each page once', () => {
    const order = walk(opts, 1);
    expect(order).toContain(`/p/x/records/a/${ID(1)}`);
    expect(order).not.toContain(`/p/x/records/a/${ID(2)}`);
    // One query variant of a path no link names bare; none for paths already visited.
    expect(order.filter((u) => u.includes('?'))).toEqual(['/p/x/history?from=1']);
    expect(order.filter((u) => u === '/p/x')).toHaveLength(1);
    const bare = order.filter((u) => !u.includes('?'));
    expect(new Set(bare.map(shapeOf)).size).toBe(bare.length);
  });

  it('chooses the same pages in the same order with several tabs', () => {
    const one = walk(opts, 1);
    for (const tabs of [2, 3, 5]) expect(walk(opts, tabs)).toEqual(one);
  });

  it('stops at the page bound, whatever the number of tabs', () => {
    const bounded = { ...opts, maxPages: 4 };
    const one = walk(bounded, 1);
    expect(one).toHaveLength(4);
    expect(walk(bounded, 3)).toEqual(one);
  });
});
