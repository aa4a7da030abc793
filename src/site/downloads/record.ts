/**
 * The request path of a download: the event is queued with its instant and written after the response is decided,
 * never awaited by it (the bytes do not wait for the database): ONE insert per batch of queued downloads, the visitor
 * hash made from the day's salt, which is read or created by one upsert the first time a process needs it for a
 * project and day, then kept in memory for the day. `downloadsSettled()` resolves when every queued download is
 * written (tests, and a clean shutdown). Both statements are unobserved writes (src/db/write-generation.ts): nothing a
 * reused read serves depends on them (only the rollup job reads these tables, afresh), so a download does not drop
 * the public site's cached pages.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { rowsOf } from '../../audit/chain';
import type { Db } from '../../db/client';
import { siteDownloadEvents } from '../../db/schema';
import { unobservedWrites } from '../../db/write-generation';
import { isoDay, type Clock } from '../../lib/clock';
import { isRobot, visitorHash } from './counter';

/** The tables the recorder writes, as unobserved writes. */
export const DOWNLOAD_TABLES = ['site_download_salts', 'site_download_events'] as const;
const unobserved = <T>(run: () => PromiseLike<T>): Promise<T> => unobservedWrites(DOWNLOAD_TABLES, run);

/** Salts by `project|day`, for the current day only (older days are dropped when the day changes). */
const salts = new Map<string, string>();
let saltDay = '';

/** The project's salt of the day: the stored one, or a new random one stored now (one statement either way). */
export async function saltOf(db: Db, projectId: string, day: string): Promise<string> {
  if (day !== saltDay) {
    salts.clear();
    saltDay = day;
  }
  const key = `${projectId}|${day}`;
  const known = salts.get(key);
  if (known) return known;
  const fresh = randomBytes(32).toString('hex');
  const rows = rowsOf<{ salt: string }>(
    await unobserved(() =>
      db.execute(sql`
        INSERT INTO site_download_salts (project_id, day, salt) VALUES (${projectId}, ${day}, ${fresh})
        ON CONFLICT (project_id, day) DO UPDATE SET salt = site_download_salts.salt
        RETURNING salt`),
    ),
  );
  const salt = rows[0]?.salt ?? fresh;
  if (saltDay === day) salts.set(key, salt);
  return salt;
}

/** Forgets the cached salts (the rollup deleted a day's; a test moved the clock back). */
export function forgetSalts(): void {
  salts.clear();
  saltDay = '';
}

export interface DownloadHit {
  db: Db;
  clock: Clock;
  log: Logger;
  projectId: string;
  fileId: string;
  /** The client's address as the app sees it (never stored). */
  address: string;
  userAgent: string | undefined;
}

interface Pending {
  hit: DownloadHit;
  at: Date;
}

let queue: Pending[] = [];
let flushing: Promise<void> | undefined;

/** Writes every queued download in one multi-row INSERT per database (salts read or made first). */
async function flush(): Promise<void> {
  while (queue.length > 0) {
    const batch = queue;
    queue = [];
    const byDb = new Map<Db, Pending[]>();
    for (const p of batch) byDb.set(p.hit.db, [...(byDb.get(p.hit.db) ?? []), p]);
    for (const [db, items] of byDb) {
      try {
        const rows: (typeof siteDownloadEvents.$inferInsert)[] = [];
        for (const { hit, at } of items) {
          const day = isoDay(at);
          const salt = await saltOf(db, hit.projectId, day);
          rows.push({
            projectId: hit.projectId,
            fileId: hit.fileId,
            at,
            day,
            visitor: visitorHash({ salt, address: hit.address, userAgent: hit.userAgent ?? '' }),
            robot: isRobot(hit.userAgent),
          });
        }
        await unobserved(() => db.insert(siteDownloadEvents).values(rows));
      } catch (err) {
        items[0]?.hit.log.warn({ err, downloads: items.length }, 'downloads not recorded');
      }
    }
  }
}

/**
 * Offers a served download to the counter: queued with its instant, written in the background. While a write is
 * in flight the next downloads gather, so under load one INSERT carries many; a failure is logged, never the
 * visitor's. (A process that dies loses at most the downloads of the write in flight and those queued behind it: GATHER_MS.)
 */
export function recordDownload(hit: DownloadHit): void {
  queue.push({ hit, at: hit.clock.now() });
  if (!flushing) startFlush();
}

/**
 * How long the first download of a batch waits for others before the batch is written: under load the downloads of
 * this window share one INSERT (the statement, not the row, is what costs on PGlite); a lone one waits this long.
 */
const GATHER_MS = 25;

/** One writer at a time; a download queued as the last batch finished starts the next. */
function startFlush(): void {
  flushing = new Promise<void>((done) => setTimeout(done, GATHER_MS)).then(flush).finally(() => {
    flushing = undefined;
    if (queue.length > 0) startFlush();
  });
}

/** Resolves when every download offered so far is written (or failed). */
export async function downloadsSettled(): Promise<void> {
  while (flushing) await flushing;
}
