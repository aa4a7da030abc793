/** The list of projects (one instance can run many plans). */
import type { FC } from 'hono/jsx';
import { formatDate } from '../../i18n';
import { Layout } from '../../ui/layout';
import type { ProjectRow } from '../repository';
import type { ViewCtx } from '../../ui/parts';

export const ProjectsPage: FC<{ ctx: ViewCtx; projects: ProjectRow[] }> = ({ ctx, projects }) => {
  const { t, lang } = ctx;
  return (
    <Layout title={t('projects.title')} lang={lang} t={t} path={ctx.path}>
      <h1>{t('projects.title')}</h1>
      {projects.length === 0 ? (
        <p class="empty">{t('projects.empty')}</p>
      ) : (
        <table class="projects">
          <thead>
            <tr>
              <th>{t('projects.col.acronym')}</th>
              <th>{t('projects.col.title')}</th>
              <th>{t('projects.col.programme')}</th>
              <th>{t('projects.col.start')}</th>
              <th>{t('projects.col.duration')}</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr data-project={p.id}>
                <td>
                  {/* Not boosted: a project page loads its own stylesheet in <head>, which a boosted swap keeps. */}
                  <a href={`/p/${p.id}`} hx-boost="false">
                    <strong>{p.acronym}</strong>
                  </a>
                </td>
                <td>{p.title}</td>
                <td>{p.programme}</td>
                <td>{formatDate(lang, p.startDate)}</td>
                <td>{t('projects.months', { n: p.durationMonths })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
