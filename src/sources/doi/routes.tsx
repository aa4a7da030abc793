/**
 * `/p/:id/records/publications/doi`: the "Add publications by DOI" page (GET: the form, asks nobody anything) and
 * its lookup (POST). The found publications are stored as an upload of the import pages (a CSL-JSON file) and
 * previewed there, so the preview, the commit job, duplicates, the container-DOI guard, title conflicts ("shown,
 * never merged") and audit are the file import's own; the page shows each DOI's status and the preview's summary,
 * and links to the import preview to commit. The POST answers 200 with the statuses whatever the services did (a
 * lookup that failed is a status, not an error) and 422 when a line is not a DOI; either way the box comes back
 * with the text to work on: what was typed (422), or the DOIs not found or not answered (200), so a failed lookup
 * loses nothing and "Try again" sends them again.
 */
import { Hono } from 'hono';
import { isAppError } from '../../errors';
import { field, importer, ownerOf, preview, type C } from '../../importers/page-parts';
import { saveUpload } from '../../importers/uploads';
import { navProject, pageCtx } from '../../ui/context';
import type { AppEnv } from '../../web/env';
import { parseDoiList, type DoiList } from './lookup';
import { leadPartnerFor, lookupForProject } from './service';
import { DoiPage, type DoiPageProps, type DoiResult } from './views';

export const doiRoutes = new Hono<AppEnv>();

const PATH = '/p/:id/records/publications/doi';

async function page(
  c: C,
  props: Omit<DoiPageProps, 'ctx' | 'project' | 'partners'>,
  status: 200 | 422 = 200,
) {
  const who = await importer(c);
  return c.html(
    <DoiPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      partners={{ codes: who.codes, ...(who.own ? { own: who.own } : {}) }}
      {...props}
    />,
    status,
  );
}

doiRoutes.get(PATH, (c) => page(c, { text: '' }));

doiRoutes.post(PATH, async (c) => {
  // Permission first: nobody is asked anything for someone who may not add publications.
  const who = await importer(c);
  const body = await c.req.parseBody();
  const text = typeof body.dois === 'string' ? body.dois : '';
  const asked = field(body, 'partner');
  const partnerShown = asked ? { partner: asked } : {};
  let list: DoiList;
  try {
    list = parseDoiList(text);
  } catch (e) {
    if (isAppError(e) && e.status === 422) return page(c, { text, ...partnerShown, details: e.details }, 422);
    throw e;
  }
  if (list.dois.length === 0)
    return page(c, { text, ...partnerShown, problem: c.var.t('doi.error.empty') }, 422);
  const partner = leadPartnerFor(c.var.actor, who.projectId, asked || undefined);
  const lookup = await lookupForProject(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: who.projectId,
    dois: list.dois,
    ...(partner ? { partner } : {}),
    clock: c.var.clock,
    ...(c.var.deps.sources ? { deps: c.var.deps.sources } : {}),
  });
  const result: DoiResult = { items: lookup.items, repeated: list.repeated };
  if (lookup.file) {
    const upload = await saveUpload(
      [{ name: lookup.file.name, data: Buffer.from(lookup.file.content, 'utf8') }],
      {
        projectId: who.projectId,
        owner: ownerOf(c),
        type: 'publication',
        format: 'csl-json',
        ...(partner ? { partner } : {}),
      },
    );
    result.report = await preview(c, upload);
    result.uploadId = upload.id;
  }
  // What is left to do stays in the box: the DOIs not found, and those the services did not answer.
  const left = lookup.items.filter((i) => i.status !== 'found').map((i) => i.id);
  return page(c, { text: left.length > 0 ? `${left.join('\n')}\n` : '', ...partnerShown, result });
});
