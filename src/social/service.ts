/**
 * The social calendar's use cases: every change checks permission and writes its audit entry (entity
 * `social_post`) in the same transaction; the clock is injected. Who may do what (`social.plan`):
 * - coordinators: everything, on every channel;
 * - a partner editor: drafts for their own partner (and changes them while they are drafts); on a channel their
 *   partner is `responsible` for in the plan, also changes, plans, cancels and marks posted any post.
 * Reading needs `record.read`. A stale form (another version) is a 409. Marking posted: posted.ts.
 */
import { appendAudit } from '../audit/chain';
import { actorId, authorize, can, partnersFor, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { AppError, denied, notFound } from '../errors';
import { systemClock, type Clock } from '../lib/clock';
import type { Plan, ProjectChannel } from '../plan/schema';
import { projectEnd } from '../plan/time';
import { getCurrentPlan } from '../projects/repository';
import { validationError } from '../records/validate';
import { inputConflict, parseInput } from '../reports/inputs-shared';
import { uuidParam } from '../schema-pieces';
import { checkNewsImage, siteImagesDir, storeNewsImage } from '../site/news/images';
import { timezoneOf } from './checks';
import {
  findPost,
  insertPost,
  lockPost,
  postsBetween,
  updatePostRow,
  type SocialPostRow,
} from './repository';
import { NOT_SOCIAL, socialInputSchema, type SocialState } from './schema';
import { parseTags } from './tags';
import { fromLocalInput } from './time';

export type { SocialPostRow };

export interface SocialBase {
  actor: Actor;
  projectId: string;
  clock?: Clock | undefined;
}

export interface SavePostOptions extends SocialBase {
  input: unknown;
  /** An image sent with the form (an empty file input sends none). */
  image?: { bytes: Uint8Array } | undefined;
  /** The files folder; images go to its `site/` folder (content-addressed, shared with news images). */
  filesDir: string;
}

/** The project's plan, time zone and dates, or 404. */
export async function socialContext(db: Db | Tx, projectId: string) {
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  const { plan } = current;
  return {
    plan,
    tz: timezoneOf(plan),
    start: plan.project.start_date,
    end: projectEnd(plan.project.start_date, plan.project.duration_months),
  };
}

/** The plan's channels posts can be planned on (social networks and communities, not the website or newsletter). */
export const socialChannels = (plan: Plan): ProjectChannel[] =>
  plan.channels.filter((c) => !(NOT_SOCIAL as readonly string[]).includes(c.kind));

const coordinates = (actor: Actor, projectId: string) => can(actor, 'social.plan', { projectId });

/** Coordinators, and the editors of a partner the channel names `responsible`. */
export function runsChannel(actor: Actor, projectId: string, channel: ProjectChannel | undefined): boolean {
  if (coordinates(actor, projectId)) return true;
  return (channel?.responsible ?? []).some((p) => can(actor, 'social.plan', { projectId, partnerCode: p }));
}

/** Whether `actor` may change `post` (see the header). */
export function canEditPost(actor: Actor, plan: Plan, post: SocialPostRow): boolean {
  if (post.state !== 'draft' && post.state !== 'planned') return false;
  const channel = plan.channels.find((c) => c.id === post.channelId);
  if (runsChannel(actor, post.projectId, channel)) return true;
  return (
    post.state === 'draft' &&
    post.partnerCode !== null &&
    can(actor, 'social.plan', { projectId: post.projectId, partnerCode: post.partnerCode })
  );
}

export const refuse = () => denied({ anonymous: false, message: 'You do not have permission to do this' });
export const field = (path: string, message: string, key: string, params?: Record<string, string>) =>
  validationError([{ path, message, key, ...(params ? { params } : {}) }]);

/** The posts planned from `from` to before `to` (record.read). */
export async function listPosts(db: Db, o: SocialBase & { from: Date; to: Date }): Promise<SocialPostRow[]> {
  authorize(o.actor, 'record.read', { projectId: o.projectId });
  return postsBetween(db, o);
}

export async function getPost(db: Db, o: SocialBase & { id: string }): Promise<SocialPostRow> {
  authorize(o.actor, 'record.read', { projectId: o.projectId });
  const row = uuidParam.safeParse(o.id).success ? await findPost(db, o.projectId, o.id) : undefined;
  if (!row) throw notFound('post');
  return row;
}

/** What the audit trail keeps of a post (never image bytes). */
const auditView = (r: SocialPostRow) => ({
  channel: r.channelId,
  planned_at: r.plannedAt.toISOString(),
  text: r.text,
  hashtags: r.hashtags,
  mentions: r.mentions,
  image: r.imageSha256 ? { sha256: r.imageSha256, type: r.imageType, alt: r.imageAlt } : null,
  partner: r.partnerCode,
  state: r.state,
  ...(r.postedUrl ? { posted_url: r.postedUrl, posted_at: r.postedAt?.toISOString() } : {}),
});

/** The validated form against the plan; the image checked and stored (content-addressed: harmless if refused). */
async function prepared(o: SavePostOptions, plan: Plan, tz: string) {
  const v = parseInput(socialInputSchema, o.input);
  const channel = socialChannels(plan).find((c) => c.id === v.channel);
  if (!channel)
    throw field('channel', `"${v.channel}" is not a social channel of the plan`, 'social.error.channel', {
      value: v.channel,
    });
  const plannedAt = fromLocalInput(v.planned_at, tz);
  if (!plannedAt)
    throw field('planned_at', 'is not a date and time (YYYY-MM-DDTHH:MM)', 'social.error.plannedAt');
  if (v.partner && !plan.partners.some((p) => p.code === v.partner))
    throw field('partner', `"${v.partner}" is not a partner of the plan`, 'social.error.partner', {
      value: v.partner,
    });
  const image = o.image && o.image.bytes.length > 0 ? checkNewsImage(o.image.bytes) : undefined;
  if (image && o.image) await storeNewsImage(siteImagesDir(o.filesDir), image.sha256, o.image.bytes);
  const tags = parseTags(v.text);
  return {
    channel,
    fields: {
      channelId: channel.id,
      plannedAt,
      text: v.text,
      hashtags: tags.hashtags,
      mentions: tags.mentions,
      imageAlt: v.image_alt,
    },
    partner: v.partner,
    image,
    removeImage: v.remove_image === '1',
  };
}

function checkAlt(hasImage: boolean, alt: string | null): void {
  if (hasImage && !alt) throw field('image_alt', 'is required with an image', 'social.error.altRequired');
}

/** The partner a post is for: the coordinator's choice, else the editor's own partner. */
function partnerOf(actor: Actor, projectId: string, chosen: string | null): string | null {
  if (coordinates(actor, projectId)) return chosen;
  const own = partnersFor(actor, 'social.plan', projectId);
  if (own === 'all' || own.length !== 1) throw refuse();
  return own[0] as string;
}

/** A new draft. */
export async function createPost(db: Db, o: SavePostOptions): Promise<SocialPostRow> {
  const { actor, projectId } = o;
  const own = partnersFor(actor, 'social.plan', projectId);
  if (own !== 'all' && own.length === 0) authorize(actor, 'social.plan', { projectId }); // throws 401/403
  const { plan, tz } = await socialContext(db, projectId);
  const p = await prepared(o, plan, tz);
  checkAlt(p.image !== undefined, p.fields.imageAlt);
  const partnerCode = partnerOf(actor, projectId, p.partner);
  const now = (o.clock ?? systemClock).now();
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const row = await insertPost(tx, {
      projectId,
      ...p.fields,
      imageSha256: p.image?.sha256 ?? null,
      imageType: p.image?.contentType ?? null,
      partnerCode,
      state: 'draft',
      createdBy: who,
      createdAt: now,
      updatedBy: who,
      updatedAt: now,
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'social.create',
      entityType: 'social_post',
      entityId: row.id,
      after: auditView(row),
    });
    return row;
  });
}

/** Changes a draft or planned post at the version the form showed. */
export async function updatePost(
  db: Db,
  o: SavePostOptions & { id: string; version: number },
): Promise<SocialPostRow> {
  const { actor, projectId } = o;
  const current = await getPost(db, o);
  const { plan, tz } = await socialContext(db, projectId);
  if (!canEditPost(actor, plan, current)) throw editRefused(current);
  const p = await prepared(o, plan, tz);
  const now = (o.clock ?? systemClock).now();
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const before = await lockPost(tx, projectId, current.id);
    if (!before) throw notFound('post');
    if (before.version !== o.version) throw inputConflict(before.version, o.version);
    if (!canEditPost(actor, plan, before)) throw editRefused(before);
    // Moving a post to another channel needs the right to that channel too (an own-partner draft may move freely).
    const ownDraft = !runsChannel(
      actor,
      projectId,
      plan.channels.find((c) => c.id === before.channelId),
    );
    if (!ownDraft && !runsChannel(actor, projectId, p.channel)) throw refuse();
    const imageSha256 = p.image ? p.image.sha256 : p.removeImage ? null : before.imageSha256;
    const imageType = p.image ? p.image.contentType : p.removeImage ? null : before.imageType;
    checkAlt(imageSha256 !== null, p.fields.imageAlt);
    const row = await updatePostRow(tx, before.id, {
      ...p.fields,
      imageSha256,
      imageType,
      ...(coordinates(actor, projectId) ? { partnerCode: p.partner } : {}),
      version: before.version + 1,
      updatedBy: who,
      updatedAt: now,
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'social.update',
      entityType: 'social_post',
      entityId: row.id,
      before: auditView(before),
      after: auditView(row),
    });
    return row;
  });
}

/** A post no longer editable is a state conflict; otherwise the actor may not (403). */
function editRefused(post: SocialPostRow): AppError {
  return post.state !== 'draft' && post.state !== 'planned' ? stateError(post.state, 'changed') : refuse();
}

export const stateError = (state: string, action: string) =>
  new AppError({
    code: 'social_state',
    status: 409,
    message: `A post in state ${state} cannot be ${action}`,
    messageKey: 'social.error.state',
    params: { state, action },
  });

export type SocialTransition = 'plan' | 'cancel';
const TRANSITIONS: Record<SocialTransition, { from: readonly SocialState[]; to: SocialState }> = {
  plan: { from: ['draft'], to: 'planned' },
  cancel: { from: ['draft', 'planned'], to: 'cancelled' },
};

/** Locks the post at `version` for a channel runner's change (plan, cancel, mark posted). */
export async function lockForRunner(tx: Tx, o: SocialBase & { id: string; version: number }, plan: Plan) {
  const before = uuidParam.safeParse(o.id).success ? await lockPost(tx, o.projectId, o.id) : undefined;
  if (!before) throw notFound('post');
  const channel = plan.channels.find((c) => c.id === before.channelId);
  if (!runsChannel(o.actor, o.projectId, channel))
    authorize(o.actor, 'social.plan', { projectId: o.projectId });
  if (before.version !== o.version) throw inputConflict(before.version, o.version);
  return { before, channel };
}

/** Plans a draft, or cancels a draft or planned post. */
export async function transitionPost(
  db: Db,
  o: SocialBase & { id: string; version: number; action: SocialTransition },
): Promise<SocialPostRow> {
  const { plan } = await socialContext(db, o.projectId);
  const now = (o.clock ?? systemClock).now();
  return db.transaction(async (tx) => {
    const { before } = await lockForRunner(tx, o, plan);
    const rule = TRANSITIONS[o.action];
    if (!(rule.from as readonly string[]).includes(before.state)) throw stateError(before.state, o.action);
    const row = await updatePostRow(tx, before.id, {
      state: rule.to,
      version: before.version + 1,
      updatedBy: actorId(o.actor),
      updatedAt: now,
    });
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: `social.${o.action}`,
      entityType: 'social_post',
      entityId: row.id,
      before: { state: before.state },
      after: { state: row.state },
    });
    return row;
  });
}
