/** What every page takes from its request: language, translator, path, the clock's "now", the project in the nav. */
import type { Context } from 'hono';
import type { PageCtx } from '../auth/views/shared';
import { notFound } from '../errors';
import { getProject } from '../projects/repository';
import type { AppEnv } from '../web/env';
import type { NavProject } from './layout';
import type { ViewCtx } from './parts';

type C = Context<AppEnv>;

/** Language, translator and path (the language switch and the active tab need the path). */
export const pageCtx = (c: C): PageCtx => ({ lang: c.get('lang'), t: c.get('t'), path: c.req.path });

/** `pageCtx` and the app clock's "now" (the current project month). */
export const viewCtx = (c: C): ViewCtx => ({ ...pageCtx(c), now: c.get('clock').now() });

/** The project of `/p/:id/…` for the navigation; 404 when there is none. */
export async function navProject(c: C): Promise<NavProject> {
  const p = await getProject(c.get('deps').database.db, c.req.param('id') ?? '');
  if (!p) throw notFound('project');
  return { id: p.id, acronym: p.acronym };
}
