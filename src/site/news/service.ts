/**
 * News posts' use cases: every change checks permission and writes its audit entry (entity `news_post`) in the same
 * transaction. Coordinators (`site.manage`) write, publish, withdraw, and approve or reject proposals; a partner
 * editor (`news.propose`, own partner) writes proposals (state `proposed`) and may change them until the coordinator
 * decides; a rejected proposal goes back to draft with the reason, for the partner to change and propose again.
 * Reading in the app needs `record.read`. Stale forms (another version) are conflicts.
 */
import { appendAudit } from '../../audit/chain';
import { actorId, authorize, can, partnersFor, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { AppError, denied, notFound } from '../../errors';
import { systemClock, type Clock } from '../../lib/clock';
import { inputConflict, parseInput } from '../../reports/inputs-shared';
import { validationError } from '../../records/validate';
import { uuidParam } from '../../schema-pieces';
import { checkNewsImage, siteImagesDir, storeNewsImage } from './images';
import { allPosts, findPost, insertPost, lockPost, slugTaken, updatePost, type NewsRow } from './repository';
import { newsInputSchema, rejectSchema, type NewsState } from './schema';

export type { NewsRow };

interface Base {
  actor: Actor;
  projectId: string;
  clock?: Clock;
}

/** An image sent with the form (its bytes; an empty file input sends none). */
export interface ImageUpload {
  bytes: Uint8Array;
}

export interface SaveNewsOptions extends Base {
  input: unknown;
  image?: ImageUpload | undefined;
  /** The files folder (`HERALD_DATA_DIR/files`); images go to its `site/` folder. */
  filesDir: string;
}

/** What the audit trail keeps of a post (texts, state, image hash; never bytes). */
const auditView = (r: NewsRow | Omit<NewsRow, 'id' | 'createdAt' | 'updatedAt' | 'version'>) => ({
  slug: r.slug,
  state: r.state,
  publish_on: r.publishOn,
  title: { en: r.titleEn, ja: r.titleJa },
  summary: { en: r.summaryEn, ja: r.summaryJa },
  body: { en: r.bodyEn, ja: r.bodyJa },
  image: r.imageSha256
    ? { sha256: r.imageSha256, type: r.imageType, alt: { en: r.imageAltEn, ja: r.imageAltJa } }
    : null,
  partner: r.partnerCode,
  rejection_reason: r.rejectionReason,
});

const stateError = (state: string, action: string) =>
  new AppError({
    code: 'news_state',
    status: 409,
    message: `A post in state ${state} cannot be ${action}`,
    messageKey: 'news.error.state',
    params: { state, action },
  });

/** The partner a non-coordinator proposes for (their own), or a 403. */
function proposerPartner(actor: Actor, projectId: string): string {
  const partners = partnersFor(actor, 'news.propose', projectId);
  if (partners === 'all' || partners.length !== 1)
    throw denied({ anonymous: actor.kind === 'anonymous', message: 'You do not have permission to do this' });
  return partners[0] as string;
}

export function listNews(db: Db, o: Base): Promise<NewsRow[]> {
  authorize(o.actor, 'record.read', { projectId: o.projectId });
  return allPosts(db, o.projectId);
}

export async function getNews(db: Db, o: Base & { id: string }): Promise<NewsRow> {
  authorize(o.actor, 'record.read', { projectId: o.projectId });
  const row = uuidParam.safeParse(o.id).success ? await findPost(db, o.projectId, o.id) : undefined;
  if (!row) throw notFound('news');
  return row;
}

/** Whether `actor` may change `post` (coordinators: any; its partner's editor: while draft or proposed). */
export function canEditNews(actor: Actor, post: NewsRow): boolean {
  if (can(actor, 'site.manage', { projectId: post.projectId })) return true;
  return (
    (post.state === 'draft' || post.state === 'proposed') &&
    post.partnerCode !== null &&
    can(actor, 'news.propose', { projectId: post.projectId, partnerCode: post.partnerCode })
  );
}

/** The validated form, the image checked and stored (before the transaction: content-addressed, harmless). */
async function prepared(o: SaveNewsOptions) {
  const v = parseInput(newsInputSchema, o.input);
  const image = o.image && o.image.bytes.length > 0 ? checkNewsImage(o.image.bytes) : undefined;
  if (image && o.image) await storeNewsImage(siteImagesDir(o.filesDir), image.sha256, o.image.bytes);
  return {
    fields: {
      slug: v.slug,
      titleEn: v.title_en,
      titleJa: v.title_ja,
      summaryEn: v.summary_en,
      summaryJa: v.summary_ja,
      bodyEn: v.body_en,
      bodyJa: v.body_ja,
      publishOn: v.publish_on,
      imageAltEn: v.image_alt_en,
      imageAltJa: v.image_alt_ja,
    },
    image,
    removeImage: v.remove_image === '1',
  };
}

const slugInUse = (slug: string) =>
  validationError([
    {
      path: 'slug',
      message: `"${slug}" is used by another post`,
      key: 'news.error.slugTaken',
      params: { slug },
    },
  ]);

/** An image needs its English alternative text (the Japanese falls back to it). */
function checkAlt(hasImage: boolean, altEn: string | null): void {
  if (hasImage && !altEn)
    throw validationError([
      { path: 'image_alt_en', message: 'is required with an image', key: 'news.error.altRequired' },
    ]);
}

/** A new post: a coordinator's draft, or a partner editor's proposal. */
export async function createNews(db: Db, o: SaveNewsOptions): Promise<NewsRow> {
  const { actor, projectId } = o;
  const manager = can(actor, 'site.manage', { projectId });
  const partner = manager ? null : proposerPartner(actor, projectId);
  authorize(actor, manager ? 'site.manage' : 'news.propose', { projectId, partnerCode: partner });
  const { fields, image } = await prepared(o);
  checkAlt(image !== undefined, fields.imageAltEn);
  const now = (o.clock ?? systemClock).now();
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    if (await slugTaken(tx, { projectId, slug: fields.slug })) throw slugInUse(fields.slug);
    const row = await insertPost(tx, {
      projectId,
      ...fields,
      imageSha256: image?.sha256 ?? null,
      imageType: image?.contentType ?? null,
      state: manager ? 'draft' : 'proposed',
      partnerCode: partner,
      authorId: who,
      createdAt: now,
      updatedAt: now,
      updatedBy: who,
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: manager ? 'news.create' : 'news.propose',
      entityType: 'news_post',
      entityId: row.id,
      after: auditView(row),
    });
    return row;
  });
}

/** Changes a post at the version the form showed; a partner's change (re)proposes it. */
export async function updateNews(
  db: Db,
  o: SaveNewsOptions & { id: string; version: number },
): Promise<NewsRow> {
  const { actor, projectId } = o;
  const current = await getNews(db, o);
  if (!canEditNews(actor, current)) authorize(actor, 'site.manage', { projectId }); // throws: 401/403 as everywhere
  const { fields, image, removeImage } = await prepared(o);
  const now = (o.clock ?? systemClock).now();
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const before = await lockPost(tx, projectId, o.id);
    if (!before) throw notFound('news');
    if (before.version !== o.version) throw inputConflict(before.version, o.version);
    if (!canEditNews(actor, before)) authorize(actor, 'site.manage', { projectId });
    if (await slugTaken(tx, { projectId, slug: fields.slug, except: before.id }))
      throw slugInUse(fields.slug);
    const manager = can(actor, 'site.manage', { projectId });
    const imageSha256 = image ? image.sha256 : removeImage ? null : before.imageSha256;
    const imageType = image ? image.contentType : removeImage ? null : before.imageType;
    checkAlt(imageSha256 !== null, fields.imageAltEn);
    const row = await updatePost(tx, before.id, {
      ...fields,
      imageSha256,
      imageType,
      ...(manager ? {} : { state: 'proposed', rejectionReason: null }),
      version: before.version + 1,
      updatedAt: now,
      updatedBy: who,
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'news.update',
      entityType: 'news_post',
      entityId: row.id,
      before: auditView(before),
      after: auditView(row),
    });
    return row;
  });
}

export type NewsTransition = 'publish' | 'withdraw' | 'reject';

/** Which states each decision starts from, and where it leads. */
const TRANSITIONS: Record<NewsTransition, { from: readonly NewsState[]; to: NewsState }> = {
  publish: { from: ['draft', 'proposed', 'withdrawn'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
  reject: { from: ['proposed'], to: 'draft' },
};

/** Publishes (approves a proposal), withdraws, or rejects a proposal with a reason: coordinators only. */
export async function decideNews(
  db: Db,
  o: Base & { id: string; version: number; decision: NewsTransition; input?: unknown },
): Promise<NewsRow> {
  const { actor, projectId, decision } = o;
  authorize(actor, 'site.manage', { projectId });
  const reason = decision === 'reject' ? parseInput(rejectSchema, o.input ?? {}).reason : null;
  const now = (o.clock ?? systemClock).now();
  const who = actorId(actor);
  if (!uuidParam.safeParse(o.id).success) throw notFound('news');
  return db.transaction(async (tx) => {
    const before = await lockPost(tx, projectId, o.id);
    if (!before) throw notFound('news');
    if (before.version !== o.version) throw inputConflict(before.version, o.version);
    const rule = TRANSITIONS[decision];
    if (!(rule.from as readonly string[]).includes(before.state)) throw stateError(before.state, decision);
    const row = await updatePost(tx, before.id, {
      state: rule.to,
      rejectionReason: reason,
      version: before.version + 1,
      updatedAt: now,
      updatedBy: who,
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: `news.${decision}`,
      entityType: 'news_post',
      entityId: row.id,
      before: { state: before.state },
      after: { state: row.state, ...(reason ? { reason } : {}) },
    });
    return row;
  });
}
