/** The templates page: each generated template (download in the page's language), the plan's own list, the kit. */
import type { FC } from 'hono/jsx';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import type { TemplatesPage } from './service';

export const templatesHref = (projectId: string) => `/p/${encodeURIComponent(projectId)}/brand/templates`;

export const TemplatesView: FC<{ ctx: ViewCtx; projectId: string; page: TemplatesPage }> = ({
  ctx,
  projectId,
  page,
}) => {
  const base = templatesHref(projectId);
  const planned = (name: string) =>
    page.planned
      .filter((p) => p.kind?.name === name)
      .map((p) => p.name)
      .join(', ');
  const unmatched = page.planned.filter((p) => p.kind === null);
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={page.plan} title={ctx.t('brand.templates.title')}>
      <h1>{ctx.t('brand.templates.title')}</h1>
      <p>{ctx.t('brand.templates.intro')}</p>
      {page.missing.length > 0 ? (
        <p class="notice" role="status">
          {ctx.t('brand.templates.missingAssets', { names: page.missing.join(', ') })}
        </p>
      ) : null}
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{ctx.t('brand.templates.col.template')}</th>
            <th scope="col">{ctx.t('brand.templates.col.planned')}</th>
            <th scope="col">{ctx.t('brand.templates.col.download')}</th>
          </tr>
        </thead>
        <tbody>
          {page.kinds.map((k) => (
            <tr data-template={k.name}>
              <td>{ctx.t(k.label)}</td>
              <td>{planned(k.name) || '—'}</td>
              <td>
                <a href={`${base}/${k.name}.${k.ext}`} download={page.fileName(k)}>
                  {page.fileName(k)}
                </a>
              </td>
            </tr>
          ))}
          {unmatched.map((p) => (
            <tr data-template="">
              <td>{ctx.t('brand.templates.notGenerated')}</td>
              <td>{p.name}</td>
              <td>—</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{ctx.t('brand.templates.lang')}</p>
      <p>
        <a class="button" href={`/p/${encodeURIComponent(projectId)}/brand/kit.zip`} download>
          {ctx.t('brand.templates.kit')}
        </a>
      </p>
    </PlanPage>
  );
};
