/** Which pages a breadth-first site walk visits next: one of each page shape, a bounded count, several at a time. */

/** Pages of one shape (ids replaced) are the same template: one of each is enough to see its strings. */
export const shapeOf = (path: string): string =>
  path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');

export interface WalkOptions {
  seeds: string[];
  maxPages: number;
  /** Visits of one path with a query string. */
  maxQueryVariants: number;
  /** Visits of one shape (seeds are always visited). */
  maxShapeVisits: number;
}

/**
 * The walk's queue. `take(n)` chooses up to n pages among those already queued, in queue order, by the same rule a
 * walk taking one page at a time applies; `add` queues a visited page's links. Taking several pages at a time, then
 * adding their links in that order, chooses the same pages in the same order as taking one at a time.
 */
export class WalkQueue {
  private readonly queue: string[];
  private readonly seen = new Set<string>();
  private readonly variants = new Map<string, number>();
  private readonly shapes = new Map<string, number>();

  constructor(private readonly opts: WalkOptions) {
    this.queue = [...opts.seeds];
  }

  get done(): boolean {
    return this.queue.length === 0 || this.seen.size >= this.opts.maxPages;
  }

  take(n: number): string[] {
    const batch: string[] = [];
    while (batch.length < n && !this.done) {
      const url = (this.queue.shift() ?? '').replace(/#.*$/, '');
      if (this.seen.has(url)) continue;
      const path = url.split('?')[0] ?? url;
      const variants = this.variants.get(path) ?? 0;
      if (url.includes('?') && variants >= this.opts.maxQueryVariants) continue;
      const shape = shapeOf(path);
      const visits = this.shapes.get(shape) ?? 0;
      if (!url.includes('?') && visits >= this.opts.maxShapeVisits && !this.opts.seeds.includes(url))
        continue;
      this.variants.set(path, variants + 1);
      this.shapes.set(shape, visits + 1);
      this.seen.add(url);
      batch.push(url);
    }
    return batch;
  }

  add(links: readonly string[]): void {
    for (const l of links) if (!this.seen.has(l)) this.queue.push(l);
  }
}
