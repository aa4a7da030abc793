/**
 * GET /p/:id/dashboard: the default view's body (everything below the frame) rendered once per figure key and kept
 * in an in-process cache, so a request whose figures did not change costs the session and ONE key lookup (no payload)
 * and renders only the per-user frame. The key is exact: the cached row's own key and computation time, the current
 * audit head, plan version and date, so a write shows up on the very next request ("as of …" until refreshed).
 * Where every write is seen (`database.writes`: PGlite, this process its only writer; PostgreSQL, listening for every
 * Herald process's writes), the key read is reused while nothing was written since (a ReadMemo per project and
 * date): a hit then runs no statement at all.
 */
import type { Context } from 'hono';
import { authorize, can } from '../auth/permissions';
import { viewCtx } from '../ui/context';
import { ReadMemo } from '../db/write-generation';
import { randomToken } from '../lib/ids';
import { acceptsGzip, gzipPieces, packPiece, type PackedPiece } from '../web/gzip-parts';
import type { AppEnv } from '../web/env';
import { BodyCache } from './body-cache';
import { dashboardView, isPeriodView } from './dashboard-view';
import {
  DEFAULT_VARIANT,
  freshnessOf,
  lookupFigures,
  type FigureLookup,
  type Freshness,
} from './figure-cache';
import { DashboardBody, DashboardFrame, type DashboardQueryView } from './views/dashboard';

type C = Context<AppEnv>;

interface BodyMeta {
  acronym: string;
  source: Freshness;
}

interface Caches {
  bodies: BodyCache<BodyMeta>;
  /** The figures' version per project and date, while nothing was written since it was read. */
  versions: ReadMemo<string>;
  /**
   * The per-user frame around the body, per session, language, project and path, while nothing was written (it
   * shows the session's user and the actor's tabs, both read from the database).
   */
  frames: ReadMemo<Frame>;
}

/**
 * The frame's bytes before and after the body, each with its compressed run (packed once per frame, not per request),
 * and the last whole answer made with it: the same session asking again for the same body version gets those bytes.
 */
interface Frame {
  head: PackedPiece;
  tail: PackedPiece;
  last?: { key: string; bytes: Uint8Array<ArrayBuffer> };
}

/** One cache per app (its deps): two apps in one process (tests) never share bodies. */
const caches = new WeakMap<object, Caches>();

const cachesOf = (c: C): Caches => {
  let found = caches.get(c.get('deps'));
  if (!found) {
    const { writes } = c.get('deps').database;
    found = {
      bodies: new BodyCache<BodyMeta>(),
      versions: new ReadMemo(writes),
      frames: new ReadMemo(writes, 2_000),
    };
    caches.set(c.get('deps'), found);
  }
  return found;
};

/** Where the body goes in the rendered frame: a comment no page contains (random per process). */
const BODY_MARK = `<!--herald-body-${randomToken()}-->`;

/** The rendered frame cut at the body's place. */
function frameOf(html: string): Frame {
  const at = html.indexOf(BODY_MARK);
  if (at === -1) throw new Error('the dashboard frame lost its body mark');
  return {
    head: packPiece(Buffer.from(html.slice(0, at), 'utf8')),
    tail: packPiece(Buffer.from(html.slice(at + BODY_MARK.length), 'utf8')),
  };
}

/**
 * The page as bytes: the per-user frame around the body's pieces (the cached body is never joined into a string
 * again): gzip from the pieces' compressed runs when the client accepts it, else the plain bytes.
 */
function pageBytes(frame: Frame, body: (Buffer | PackedPiece)[], gzip: boolean): Uint8Array<ArrayBuffer> {
  const pieces: (Buffer | PackedPiece)[] = [frame.head, ...body, frame.tail];
  const bytes = gzip
    ? gzipPieces(pieces)
    : Buffer.concat(pieces.map((p) => (Buffer.isBuffer(p) ? p : p.raw)));
  return bytes as Uint8Array<ArrayBuffer>;
}

/** What the body varies on besides the figures: the project, the view, the language, the right to close years. */
const scopeOf = (o: { projectId: string; lang: string; canCloseYears: boolean }): string =>
  [o.projectId, DEFAULT_VARIANT, o.lang, o.canCloseYears ? 'close' : 'read'].join('\u0000');

/**
 * The figures' version: the cached row's key and computation time (its content) and the current key (whether the
 * page says "as of … recalculating"). Undefined when the row is unusable (the page is computed live).
 */
function versionOf(l: FigureLookup | undefined): string | undefined {
  const r = l?.row;
  if (!l || !r || freshnessOf(l) === 'missing') return undefined;
  const { current } = l;
  return [
    l.planHash,
    current.planVersion,
    current.auditSeq,
    current.asOf,
    r.key.planVersion,
    r.key.auditSeq,
    r.key.asOf,
    r.computedAt.getTime(),
  ].join('|');
}

export async function dashboardPage(c: C, query: DashboardQueryView): Promise<Response> {
  const projectId = c.req.param('id') ?? '';
  const { actor, lang, clock } = c.var;
  const { db } = c.get('deps').database;
  authorize(actor, 'record.read', { projectId });
  const ctx = viewCtx(c);
  const canCloseYears = can(actor, 'year.close', { projectId });
  const scope = scopeOf({ projectId, lang, canCloseYears });
  const { bodies: cache, versions, frames } = cachesOf(c);
  const writes = c.get('deps').database.writes;
  const today = clock.today();
  const versionKey = `${projectId}\u0000${today}`;
  const period = isPeriodView({ year: query.year, from: query.from, at: query.to });
  const gzip = acceptsGzip(c.req.header('accept-encoding'));
  const respond = async (o: {
    acronym: string;
    /** The body's pieces (made only when the answer is not kept). */
    body: () => (Buffer | PackedPiece)[];
    /** The body's scope and version when it comes from the body cache: the answer is then kept with the frame. */
    kept?: string;
    source: Freshness;
    cached: 'hit' | 'miss' | 'none';
  }) => {
    const session = c.get('session');
    const frameKey = session
      ? [session.idHash, c.get('csrfToken'), lang, projectId, o.acronym, c.req.path].join('\u0000')
      : undefined;
    let frame = frameKey === undefined ? undefined : frames.get(frameKey);
    if (!frame) {
      const mark = writes?.mark();
      frame = frameOf(
        await (
          <DashboardFrame ctx={ctx} projectId={projectId} acronym={o.acronym} body={BODY_MARK} />
        ).toString(),
      );
      if (frameKey !== undefined) frames.set(frameKey, mark, frame);
    }
    // The whole answer depends on the frame (this session, token, language, path), the body (scope, version) and
    // the encoding: kept with the frame for the next request of the same session.
    const pageKey = o.kept === undefined ? undefined : `${o.kept}\u0000${gzip ? 'gzip' : 'identity'}`;
    let bytes = pageKey !== undefined && frame.last?.key === pageKey ? frame.last.bytes : undefined;
    if (!bytes) {
      bytes = pageBytes(frame, o.body(), gzip);
      frame.last = pageKey === undefined ? undefined : { key: pageKey, bytes };
    }
    return c.body(bytes, 200, {
      'content-type': 'text/html; charset=UTF-8',
      vary: 'Accept-Encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'x-herald-figures': o.source,
      'x-herald-body': o.cached,
    });
  };

  if (!period) {
    let version = versions.get(versionKey);
    if (version === undefined) {
      // The key alone: no payload, no charts.
      const mark = writes?.mark();
      version = versionOf(await lookupFigures(db, { projectId, today, payload: false }));
      if (version !== undefined) versions.set(versionKey, mark, version);
    }
    const hit = version ? cache.get(scope, version) : undefined;
    if (hit)
      return respond({
        ...hit.meta,
        body: () => hit.pieces(c.get('csrfToken')),
        kept: `${scope}\u0000${version}`,
        cached: 'hit',
      });
  }

  const mark = writes?.mark();
  const view = await dashboardView(db, {
    actor,
    projectId,
    lang,
    year: query.year,
    from: query.from,
    at: query.to,
    clock,
  });
  const body = await (
    <DashboardBody
      ctx={ctx}
      projectId={projectId}
      d={view.d}
      charts={view.charts}
      query={query}
      staleSince={view.staleSince}
    />
  ).toString();
  const acronym = view.d.report.plan.project.acronym;
  const version = period ? undefined : versionOf(view.lookup);
  if (version !== undefined) versions.set(versionKey, mark, version);
  const stored =
    version !== undefined &&
    cache.set(scope, version, body, { hole: c.get('csrfToken'), meta: { acronym, source: view.source } })
      ? cache.get(scope, version)
      : undefined;
  return respond({
    acronym,
    body: () => (stored ? stored.pieces(c.get('csrfToken')) : [Buffer.from(body, 'utf8')]),
    ...(stored ? { kept: `${scope}\u0000${version}` } : {}),
    source: view.source,
    cached: stored ? 'miss' : 'none',
  });
}
