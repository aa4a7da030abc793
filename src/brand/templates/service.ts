/**
 * Use cases of the templates page and downloads (plan.read; read only, nothing audited, nothing written): the page's
 * listing, and a template or the kit as bytes with a strong ETag (sha256 of the bytes). Generated files are kept per
 * plan content, language and name (a plan version never changes), so a second download costs no rendering.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { authorize, type Actor } from '../../auth/permissions';
import { loadConfig } from '../../config';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import type { Lang } from '../../i18n';
import type { Plan } from '../../plan/schema';
import { getCurrentPlan } from '../../projects/repository';
import {
  plannedTemplates,
  TEMPLATE_KINDS,
  templateFileName,
  templateKind,
  type PlannedTemplate,
  type TemplateKind,
} from './catalog';
import { templateIdentity } from './identity';
import { communicationKit } from './kit';

/** Asset files named by a relative `file` are looked for first in `<HERALD_DATA_DIR>/assets` (as reports, site). */
function assetsDir(): string | undefined {
  try {
    return join(loadConfig().HERALD_DATA_DIR, 'assets');
  } catch {
    return undefined;
  }
}

async function currentPlan(db: Db, o: { actor: Actor; projectId: string }) {
  authorize(o.actor, 'plan.read', { projectId: o.projectId });
  const current = await getCurrentPlan(db, o.projectId);
  if (!current) throw notFound('project');
  return current;
}

export interface TemplatesPage {
  plan: Plan;
  kinds: readonly TemplateKind[];
  planned: PlannedTemplate[];
  /** Names of the logo and emblems the plan has no readable file for (shown as labelled boxes). */
  missing: string[];
  fileName: (kind: TemplateKind) => string;
}

export async function templatesPage(
  db: Db,
  o: { actor: Actor; projectId: string; lang: Lang },
): Promise<TemplatesPage> {
  const { plan } = await currentPlan(db, o);
  const id = await templateIdentity(plan, { lang: o.lang, assetsDir: assetsDir() });
  const missing = [...(id.logo ? [id.logo] : []), ...id.emblems].filter((a) => !a.image).map((a) => a.name);
  return {
    plan,
    kinds: TEMPLATE_KINDS,
    planned: plannedTemplates(plan, o.lang),
    missing,
    fileName: (kind) => templateFileName(plan.project.acronym, kind, o.lang),
  };
}

export interface BrandFile {
  bytes: Uint8Array;
  etag: string;
  contentType: string;
  fileName: string;
}

const files = new Map<string, Promise<BrandFile>>();

function cached(key: string, make: () => Promise<BrandFile>): Promise<BrandFile> {
  let hit = files.get(key);
  if (!hit) {
    hit = make();
    files.set(key, hit);
    hit.catch(() => files.delete(key));
    if (files.size > 50) files.delete(files.keys().next().value as string);
  }
  return hit;
}

const withEtag = (bytes: Uint8Array, rest: Omit<BrandFile, 'bytes' | 'etag'>): BrandFile => ({
  bytes,
  etag: `"${createHash('sha256').update(bytes).digest('hex')}"`,
  ...rest,
});

/** One template in `lang` (`name`: deliverable, agenda, minutes, slides; `ext` must be its own). */
export async function templateFile(
  db: Db,
  o: { actor: Actor; projectId: string; lang: Lang; name: string; ext: string },
): Promise<BrandFile> {
  const current = await currentPlan(db, o);
  const kind = templateKind(o.name);
  if (!kind || kind.ext !== o.ext) throw notFound('template');
  return cached(`${current.contentHash}:${o.lang}:${kind.name}`, async () => {
    const id = await templateIdentity(current.plan, { lang: o.lang, assetsDir: assetsDir() });
    return withEtag(await kind.render(id), {
      contentType: kind.contentType,
      fileName: templateFileName(current.plan.project.acronym, kind, o.lang),
    });
  });
}

/** The communication kit (the same for every language: it holds both). */
export async function kitFile(db: Db, o: { actor: Actor; projectId: string }): Promise<BrandFile> {
  const current = await currentPlan(db, o);
  return cached(`${current.contentHash}:kit`, async () =>
    withEtag(await communicationKit(current.plan, { assetsDir: assetsDir() }), {
      contentType: 'application/zip',
      fileName: `${current.plan.project.acronym.replace(/[^A-Za-z0-9-]+/g, '-')}-communication-kit.zip`,
    }),
  );
}
