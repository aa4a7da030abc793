/**
 * The app's news pages (signed in, CSRF as every app form): /p/:id/news (list), /new (form), POST (create),
 * /:postId (edit form, decisions, history), POST /:postId (save), /:postId/preview/:lang (the site's article page,
 * exactly as public), /:postId/image, POST /:postId/publish|withdraw|reject. The checks live in the use cases; a
 * refused save shows its form again (422) with what was typed and each error beside its field.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { entityHistory } from '../../audit/service';
import { can } from '../../auth/permissions';
import { denied, isAppError, notFound, type ErrorDetail } from '../../errors';
import { translator } from '../../i18n';
import { planOf } from '../../reports/inputs-shared';
import { uuidParam } from '../../schema-pieces';
import { viewCtx } from '../../ui/context';
import type { AppEnv } from '../../web/env';
import { parseParams, parseQuery } from '../../web/query';
import { buildFrame } from '../frame';
import { TextPicker, isPublicPlan, type PublicSite } from '../site';
import { ArticlePage } from '../views/news';
import { filesDirOf, readNewsImage, siteImagesDir } from './images';
import { newsArticle } from './present';
import { NEWS_FIELDS } from './schema';
import {
  canEditNews,
  createNews,
  decideNews,
  getNews,
  listNews,
  updateNews,
  type ImageUpload,
  type NewsTransition,
} from './service';
import { NewsEditView, NewsListView, NewsNewView } from './views';
import { getCurrentPlan } from '../../projects/repository';
import type { Draft } from '../../reports/views/draft';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

export const NEWS_PARAMS = { postId: uuidParam };
export const NEWS_PREVIEW_PARAMS = { postId: uuidParam, lang: z.enum(['en', 'ja']) };
export const NEWS_QUERY = { saved: z.enum(['1']).optional() };

type Form = Record<string, string | File | (string | File)[]>;
const one = (f: Form, name: string): string | undefined => {
  const v = f[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
};
/** The form's fields as the use case's input (empty optional ones left out) and what was typed (to show again). */
function readForm(f: Form) {
  const input: Record<string, string> = {};
  const values: Draft['values'] = {};
  for (const n of NEWS_FIELDS) {
    const v = one(f, n);
    values[n] = v ?? '';
    if (v !== undefined && v.trim() !== '') input[n] = v;
  }
  values.version = one(f, 'version') ?? '';
  return { input, values };
}
async function imageOf(f: Form): Promise<ImageUpload | undefined> {
  const v = f.image;
  const file = Array.isArray(v) ? v[0] : v;
  if (!(file instanceof File) || file.size === 0) return undefined;
  return { bytes: new Uint8Array(await file.arrayBuffer()) };
}

const manages = (c: C, projectId: string) => can(c.var.actor, 'site.manage', { projectId });
const mayWrite = (c: C, projectId: string) =>
  manages(c, projectId) ||
  can(c.var.actor, 'news.propose', { projectId, partnerCode: ownPartner(c, projectId) });
const ownPartner = (c: C, projectId: string): string | null => {
  const a = c.var.actor;
  return a.kind === 'user'
    ? (a.memberships.find((m) => m.projectId === projectId)?.partnerCode ?? null)
    : null;
};

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

const siteAddress = (projectId: string, plan: Awaited<ReturnType<typeof planOf>>) =>
  isPublicPlan(plan) ? `/site/${projectId}` : null;

export const newsRoutes = new Hono<AppEnv>();

newsRoutes.get('/p/:id/news', async (c) => {
  const projectId = c.req.param('id');
  const rows = await listNews(db(c), { actor: c.var.actor, projectId });
  const plan = await planOf(db(c), projectId);
  return c.html(
    <NewsListView
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      rows={rows}
      canWrite={mayWrite(c, projectId)}
      siteUrl={siteAddress(projectId, plan) ? `/site/${projectId}/${c.var.lang}/news` : null}
    />,
  );
});

newsRoutes.get('/p/:id/news/new', async (c) => {
  const projectId = c.req.param('id');
  await listNews(db(c), { actor: c.var.actor, projectId }); // record.read: members only
  const plan = await planOf(db(c), projectId);
  if (!mayWrite(c, projectId))
    throw denied({ anonymous: false, message: 'You do not have permission to do this' });
  return c.html(
    <NewsNewView ctx={viewCtx(c)} projectId={projectId} plan={plan} manager={manages(c, projectId)} />,
  );
});

newsRoutes.post('/p/:id/news', async (c) => {
  const projectId = c.req.param('id');
  const f = (await c.req.parseBody({ all: true })) as Form;
  const { input, values } = readForm(f);
  return keepInput(
    async () => {
      const row = await createNews(db(c), {
        actor: c.var.actor,
        projectId,
        input,
        image: await imageOf(f),
        filesDir: filesDirOf(c.var.deps),
        clock: c.var.clock,
      });
      return c.redirect(`/p/${projectId}/news/${row.id}?saved=1`, 303);
    },
    async (errors) => {
      const plan = await planOf(db(c), projectId);
      return c.html(
        <NewsNewView
          ctx={viewCtx(c)}
          projectId={projectId}
          plan={plan}
          manager={manages(c, projectId)}
          draft={{ values, errors }}
        />,
        422,
      );
    },
  );
});

async function editPage(c: C, o: { postId: string; draft?: Draft; saved?: boolean }) {
  const projectId = c.req.param('id') as string;
  const row = await getNews(db(c), { actor: c.var.actor, projectId, id: o.postId });
  const plan = await planOf(db(c), projectId);
  const history = can(c.var.actor, 'audit.read', { projectId })
    ? await entityHistory(db(c), { actor: c.var.actor, projectId, entityType: 'news_post', entityId: row.id })
    : null;
  const site = siteAddress(projectId, plan);
  const publicUrl =
    site && row.state === 'published' && row.publishOn <= c.var.clock.today()
      ? `${site}/${c.var.lang}/news/${row.slug}`
      : null;
  return (
    <NewsEditView
      ctx={viewCtx(c)}
      plan={plan}
      row={row}
      draft={o.draft}
      canEdit={canEditNews(c.var.actor, row)}
      manager={manages(c, projectId)}
      history={history}
      saved={o.saved === true}
      publicUrl={publicUrl}
    />
  );
}

newsRoutes.get('/p/:id/news/:postId', async (c) => {
  const { postId } = parseParams(c, NEWS_PARAMS);
  const { saved } = parseQuery(c, NEWS_QUERY);
  return c.html(await editPage(c, { postId, saved: saved !== undefined }));
});

newsRoutes.post('/p/:id/news/:postId', async (c) => {
  const projectId = c.req.param('id');
  const { postId } = parseParams(c, NEWS_PARAMS);
  const f = (await c.req.parseBody({ all: true })) as Form;
  const { input, values } = readForm(f);
  return keepInput(
    async () => {
      await updateNews(db(c), {
        actor: c.var.actor,
        projectId,
        id: postId,
        version: Number(one(f, 'version') ?? 'NaN'),
        input,
        image: await imageOf(f),
        filesDir: filesDirOf(c.var.deps),
        clock: c.var.clock,
      });
      return c.redirect(`/p/${projectId}/news/${postId}?saved=1`, 303);
    },
    async (errors) => c.html(await editPage(c, { postId, draft: { values, errors } }), 422),
  );
});

for (const decision of ['publish', 'withdraw', 'reject'] as const satisfies readonly NewsTransition[]) {
  newsRoutes.post(`/p/:id/news/:postId/${decision}`, async (c) => {
    const projectId = c.req.param('id');
    const { postId } = parseParams(c, NEWS_PARAMS);
    const f = (await c.req.parseBody()) as Form;
    return keepInput(
      async () => {
        await decideNews(db(c), {
          actor: c.var.actor,
          projectId,
          id: postId,
          version: Number(one(f, 'version') ?? 'NaN'),
          decision,
          input: decision === 'reject' ? { reason: one(f, 'reason') ?? '' } : undefined,
          clock: c.var.clock,
        });
        return c.redirect(`/p/${projectId}/news/${postId}?saved=1`, 303);
      },
      async (errors) => c.html(await editPage(c, { postId, draft: { values: {}, errors } }), 422),
    );
  });
}

/** The post as the public will see it: the site's own article page and frame, the image from the app. */
newsRoutes.get('/p/:id/news/:postId/preview/:lang', async (c) => {
  const projectId = c.req.param('id');
  const { postId, lang } = parseParams(c, NEWS_PREVIEW_PARAMS);
  const row = await getNews(db(c), { actor: c.var.actor, projectId, id: postId });
  const current = await getCurrentPlan(db(c), projectId);
  if (!current) throw notFound('project');
  const site: PublicSite = {
    projectId,
    plan: current.plan,
    contentHash: current.contentHash,
    importedAt: current.importedAt,
    langs: ['en', 'ja'],
  };
  const origin = (c.var.deps.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  const ctx = {
    site,
    lang,
    t: translator(lang),
    base: `/site/${projectId}`,
    canonicalRoot: `${origin}/site/${projectId}`,
    page: `/news/${row.slug}`,
    today: c.var.clock.today(),
  };
  const picker = new TextPicker(lang);
  const frame = await buildFrame(ctx, picker);
  const article = newsArticle(row, {
    lang,
    picker,
    imageSrc: `/p/${projectId}/news/${row.id}/image`,
    ogImage: null,
  });
  return c.html(
    `<!doctype html>${String(
      <ArticlePage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={article.summary.text}
        article={article}
      />,
    )}`,
    200,
    { 'cache-control': 'no-store' },
  );
});

newsRoutes.get('/p/:id/news/:postId/image', async (c) => {
  const projectId = c.req.param('id');
  const { postId } = parseParams(c, NEWS_PARAMS);
  const row = await getNews(db(c), { actor: c.var.actor, projectId, id: postId });
  if (!row.imageSha256 || !row.imageType) throw notFound('image');
  const bytes = await readNewsImage(siteImagesDir(filesDirOf(c.var.deps)), row.imageSha256);
  if (!bytes) throw notFound('image');
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': row.imageType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-cache',
  });
});
