/**
 * The request path of a download: the visitor hash of the day and ONE insert of the raw event, started after the
 * response is decided and never awaited by it (the bytes do not wait for the database). The day's salt is read or
 * created by one upsert the first time a process needs it for a project and day, then kept in memory for the day.
 * `downloadsSettled()` resolves when every started insert has finished (tests, and a clean shutdown).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { rowsOf } from '../../audit/chain';
import type { Db } from '../../db/client';
import { siteDownloadEvents } from '../../db/schema';
import { isoDay, type Clock } from '../../lib/clock';
import { isRobot, visitorHash } from './counter';

/** Salts by `project|day`, for the current day only (older days are dropped when the day changes). */
const salts = new Map<string, string>();
let saltDay = '';
const inFlight = new Set<Promise<void>>();

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
    await db.execute(sql`
      INSERT INTO site_download_salts (project_id, day, salt) VALUES (${projectId}, ${day}, ${fresh})
      ON CONFLICT (project_id, day) DO UPDATE SET salt = site_download_salts.salt
      RETURNING salt`),
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

async function insertEvent(hit: DownloadHit): Promise<void> {
  const at = hit.clock.now();
  const day = isoDay(at);
  const userAgent = hit.userAgent ?? '';
  const salt = await saltOf(hit.db, hit.projectId, day);
  await hit.db.insert(siteDownloadEvents).values({
    projectId: hit.projectId,
    fileId: hit.fileId,
    at,
    day,
    visitor: visitorHash({ salt, address: hit.address, userAgent }),
    robot: isRobot(hit.userAgent),
  });
}

/** Offers a served download to the counter, in the background; a failure is logged, never the visitor's. */
export function recordDownload(hit: DownloadHit): void {
  const p: Promise<void> = insertEvent(hit)
    .catch((err: unknown) => hit.log.warn({ err, file: hit.fileId }, 'download not recorded'))
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
}

/** Resolves when every download offered so far is written (or failed). */
export async function downloadsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
