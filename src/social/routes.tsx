/**
 * The social-media calendar's pages (signed in, CSRF as every app form): /p/:id/social (?view=month|week&date=),
 * /new (?date=), POST (create), /count (the form's live character count, htmx; reads only), /:postId (the post, its
 * findings, actions and edit form), POST /:postId (save), POST /:postId/plan|cancel|posted, /:postId/image, and the
 * exports /export.ics and /export.csv (?from=&to=, default the project's dates). The checks live in the use cases;
 * a refused save shows its form again (422) with what was typed and each error beside its field.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { entityHistory } from '../audit/service';
import { authorize, can, partnersFor } from '../auth/permissions';
import { isAppError, notFound, type ErrorDetail } from '../errors';
import type { Plan } from '../plan/schema';
import type { Draft } from '../reports/views/draft';
import { isoDate, uuidParam } from '../schema-pieces';
import { filesDirOf, readNewsImage, siteImagesDir } from '../site/news/images';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { calendarModel, calendarRange } from './calendar';
import { checkPost } from './checks';
import { exportRoutes } from './export-routes';
import { postLength } from './length';
import { markPosted } from './posted';
import { POSTED_FIELDS, SOCIAL_FIELDS } from './schema';
import {
  canEditPost,
  createPost,
  getPost,
  listPosts,
  runsChannel,
  socialChannels,
  socialContext,
  transitionPost,
  updatePost,
  type SocialPostRow,
  type SocialTransition,
} from './service';
import { zonedParts } from './time';
import { CalendarPage } from './views/calendar';
import { CountText, NewPostPage, PostPage, type LiveCount, type PostFormProps } from './views/post';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

export const SOCIAL_QUERY = { view: z.enum(['month', 'week']).optional(), date: isoDate.optional() };
export const SOCIAL_NEW_QUERY = { date: isoDate.optional() };
export const SOCIAL_POST_QUERY = { saved: z.enum(['1']).optional() };
export const SOCIAL_PARAMS = { postId: uuidParam };

type Form = Record<string, string | File | (string | File)[]>;
const one = (f: Form, name: string): string | undefined => {
  const v = f[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
};
/** The fields as the use case's input (empty ones left out) and what was typed (to show again). */
function readForm(f: Form, names: readonly string[]) {
  const input: Record<string, string> = {};
  const values: Draft['values'] = {};
  for (const n of names) {
    const v = one(f, n);
    values[n] = v ?? '';
    if (v !== undefined && v.trim() !== '') input[n] = v;
  }
  values.version = one(f, 'version') ?? '';
  return { input, values };
}
async function imageOf(f: Form): Promise<{ bytes: Uint8Array } | undefined> {
  const v = f.image;
  const file = Array.isArray(v) ? v[0] : v;
  if (!(file instanceof File) || file.size === 0) return undefined;
  return { bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** A save refused as invalid → `again(errors)` with 422; other errors go to the error handler. */
async function keepInput(
  save: () => Promise<Response>,
  again: (errors: ErrorDetail[]) => Promise<Response>,
): Promise<Response> {
  try {
    return await save();
  } catch (e) {
    if (isAppError(e) && e.code === 'validation') return again(e.details);
    throw e;
  }
}

const coordinates = (c: C, projectId: string) => can(c.var.actor, 'social.plan', { projectId });
const mayDraft = (c: C, projectId: string) => {
  const p = partnersFor(c.var.actor, 'social.plan', projectId);
  return p === 'all' || p.length > 0;
};

/** The live count of `text` on `channelId`'s network. */
function liveCount(plan: Plan, channelId: string | undefined, text: string): LiveCount {
  const channel = plan.channels.find((x) => x.id === channelId);
  const measured = channel ? postLength(text, channel.kind) : undefined;
  return measured
    ? { length: measured.length, max: measured.max, network: channel?.kind }
    : { length: [...text].length };
}

function formProps(
  c: C,
  o: { projectId: string; plan: Plan; tz: string; row?: SocialPostRow; draft?: Draft; date?: string },
): PostFormProps {
  const channels = socialChannels(o.plan);
  const text = o.draft ? String(o.draft.values.text ?? '') : (o.row?.text ?? '');
  const channel = o.draft ? String(o.draft.values.channel ?? '') : (o.row?.channelId ?? channels[0]?.id);
  return {
    ctx: viewCtx(c),
    projectId: o.projectId,
    plan: o.plan,
    tz: o.tz,
    channels,
    coordinator: coordinates(c, o.projectId),
    row: o.row,
    draft: o.draft,
    date: o.date,
    count: liveCount(o.plan, channel, text),
  };
}

export const socialRoutes = new Hono<AppEnv>();

socialRoutes.get('/p/:id/social', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, SOCIAL_QUERY);
  authorize(c.var.actor, 'record.read', { projectId });
  const { plan, tz, start, end } = await socialContext(db(c), projectId);
  const date = q.date ?? zonedParts(c.var.clock.now(), tz).date;
  const range = calendarRange(q.view ?? 'month', date, tz);
  const rows = await listPosts(db(c), { actor: c.var.actor, projectId, from: range.start, to: range.end });
  const model = calendarModel({ plan, tz, range, rows, projectStart: start, projectEnd: end });
  return c.html(
    <CalendarPage
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      model={model}
      canPlan={mayDraft(c, projectId)}
      hasChannels={socialChannels(plan).length > 0}
    />,
  );
});

socialRoutes.route('/', exportRoutes);

socialRoutes.get('/p/:id/social/new', async (c) => {
  const projectId = c.req.param('id');
  const { date } = parseQuery(c, SOCIAL_NEW_QUERY);
  authorize(c.var.actor, 'record.read', { projectId });
  if (!mayDraft(c, projectId)) authorize(c.var.actor, 'social.plan', { projectId }); // 403
  const { plan, tz } = await socialContext(db(c), projectId);
  return c.html(<NewPostPage form={formProps(c, { projectId, plan, tz, ...(date ? { date } : {}) })} />);
});

socialRoutes.post('/p/:id/social', async (c) => {
  const projectId = c.req.param('id');
  const f = (await c.req.parseBody({ all: true })) as Form;
  const { input, values } = readForm(f, SOCIAL_FIELDS);
  return keepInput(
    async () => {
      const row = await createPost(db(c), {
        actor: c.var.actor,
        projectId,
        input,
        image: await imageOf(f),
        filesDir: filesDirOf(c.var.deps),
        clock: c.var.clock,
      });
      return c.redirect(`/p/${projectId}/social/${row.id}?saved=1`, 303);
    },
    async (errors) => {
      const { plan, tz } = await socialContext(db(c), projectId);
      return c.html(
        <NewPostPage form={formProps(c, { projectId, plan, tz, draft: { values, errors } })} />,
        422,
      );
    },
  );
});

/** The form's live count (htmx): reads only. */
socialRoutes.post('/p/:id/social/count', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'record.read', { projectId });
  const f = (await c.req.parseBody()) as Form;
  const { plan } = await socialContext(db(c), projectId);
  const count = liveCount(plan, one(f, 'channel'), (one(f, 'text') ?? '').trim());
  return c.html(<CountText ctx={viewCtx(c)} count={count} />);
});

async function postPage(c: C, o: { postId: string; draft?: Draft; postedDraft?: Draft; saved?: boolean }) {
  const projectId = c.req.param('id') as string;
  const row = await getPost(db(c), { actor: c.var.actor, projectId, id: o.postId });
  const { plan, tz } = await socialContext(db(c), projectId);
  const history = can(c.var.actor, 'audit.read', { projectId })
    ? await entityHistory(db(c), {
        actor: c.var.actor,
        projectId,
        entityType: 'social_post',
        entityId: row.id,
      })
    : null;
  const channel = plan.channels.find((x) => x.id === row.channelId);
  return (
    <PostPage
      ctx={viewCtx(c)}
      plan={plan}
      tz={tz}
      row={row}
      findings={checkPost(plan, { ...row, hasImage: row.imageSha256 !== null })}
      runsChannel={runsChannel(c.var.actor, projectId, channel)}
      saved={o.saved === true}
      history={history}
      postedDraft={o.postedDraft}
      form={
        canEditPost(c.var.actor, plan, row)
          ? formProps(c, { projectId, plan, tz, row, ...(o.draft ? { draft: o.draft } : {}) })
          : null
      }
    />
  );
}

socialRoutes.get('/p/:id/social/:postId', async (c) => {
  const { postId } = parseParams(c, SOCIAL_PARAMS);
  const { saved } = parseQuery(c, SOCIAL_POST_QUERY);
  return c.html(await postPage(c, { postId, saved: saved !== undefined }));
});

socialRoutes.post('/p/:id/social/:postId', async (c) => {
  const projectId = c.req.param('id');
  const { postId } = parseParams(c, SOCIAL_PARAMS);
  const f = (await c.req.parseBody({ all: true })) as Form;
  const { input, values } = readForm(f, SOCIAL_FIELDS);
  return keepInput(
    async () => {
      await updatePost(db(c), {
        actor: c.var.actor,
        projectId,
        id: postId,
        version: Number(one(f, 'version') ?? 'NaN'),
        input,
        image: await imageOf(f),
        filesDir: filesDirOf(c.var.deps),
        clock: c.var.clock,
      });
      return c.redirect(`/p/${projectId}/social/${postId}?saved=1`, 303);
    },
    async (errors) => c.html(await postPage(c, { postId, draft: { values, errors } }), 422),
  );
});

for (const action of ['plan', 'cancel'] as const satisfies readonly SocialTransition[]) {
  socialRoutes.post(`/p/:id/social/:postId/${action}`, async (c) => {
    const projectId = c.req.param('id');
    const { postId } = parseParams(c, SOCIAL_PARAMS);
    const f = (await c.req.parseBody()) as Form;
    await transitionPost(db(c), {
      actor: c.var.actor,
      projectId,
      id: postId,
      version: Number(one(f, 'version') ?? 'NaN'),
      action,
      clock: c.var.clock,
    });
    return c.redirect(`/p/${projectId}/social/${postId}?saved=1`, 303);
  });
}

socialRoutes.post('/p/:id/social/:postId/posted', async (c) => {
  const projectId = c.req.param('id');
  const { postId } = parseParams(c, SOCIAL_PARAMS);
  const f = (await c.req.parseBody()) as Form;
  const { input, values } = readForm(f, POSTED_FIELDS);
  return keepInput(
    async () => {
      await markPosted(db(c), {
        actor: c.var.actor,
        projectId,
        id: postId,
        version: Number(one(f, 'version') ?? 'NaN'),
        input,
        clock: c.var.clock,
      });
      return c.redirect(`/p/${projectId}/social/${postId}?saved=1`, 303);
    },
    async (errors) => c.html(await postPage(c, { postId, postedDraft: { values, errors } }), 422),
  );
});

socialRoutes.get('/p/:id/social/:postId/image', async (c) => {
  const projectId = c.req.param('id');
  const { postId } = parseParams(c, SOCIAL_PARAMS);
  const row = await getPost(db(c), { actor: c.var.actor, projectId, id: postId });
  if (!row.imageSha256 || !row.imageType) throw notFound('image');
  const bytes = await readNewsImage(siteImagesDir(filesDirOf(c.var.deps)), row.imageSha256);
  if (!bytes) throw notFound('image');
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': row.imageType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-cache',
  });
});
