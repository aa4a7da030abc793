/** The coordinator's issue pages: the list, the form (new/edit, 422 with errors), the issue with preview, test, send, progress. */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import type { NewsletterIssueRow } from '../../db/schema';
import type { ErrorDetail } from '../../errors';
import { formatDateTime, formatNumber, type MessageKey } from '../../i18n';
import { CsrfField, FormErrors, Notice } from '../../ui/form';
import { Layout, type NavProject } from '../../ui/layout';
import { languageName } from '../../ui/parts';
import type { IssueProgress } from '../issue-send';

const stateKey = (s: string): MessageKey =>
  s === 'sent'
    ? 'newsletter.issue.state.sent'
    : s === 'sending'
      ? 'newsletter.issue.state.sending'
      : 'newsletter.issue.state.draft';

export const issuesHref = (projectId: string, id?: string) =>
  `/p/${projectId}/newsletter/issues${id ? `/${id}` : ''}`;

export const IssueListPage: FC<{ ctx: PageCtx; project: NavProject; rows: NewsletterIssueRow[] }> = ({
  ctx,
  project,
  rows,
}) => {
  const { t, lang } = ctx;
  return (
    <Layout title={t('newsletter.issue.list.title')} lang={lang} t={t} path={ctx.path} project={project}>
      <h1>{t('newsletter.issue.list.title')}</h1>
      <p>{t('newsletter.issue.list.intro')}</p>
      <p>
        <a href={`${issuesHref(project.id)}/new`}>{t('newsletter.issue.list.new')}</a> ·{' '}
        <a href={`/p/${project.id}/newsletter/subscribers`}>{t('newsletter.issue.list.subscribers')}</a>
      </p>
      {rows.length === 0 ? (
        <p class="muted">{t('newsletter.issue.list.none')}</p>
      ) : (
        <table class="newsletter-issues">
          <thead>
            <tr>
              <th scope="col">{t('newsletter.issue.col.subject')}</th>
              <th scope="col">{t('newsletter.issue.col.state')}</th>
              <th scope="col">{t('newsletter.issue.col.recipients')}</th>
              <th scope="col">{t('newsletter.issue.col.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-issue={r.id} data-state={r.state}>
                <td>
                  <a href={issuesHref(project.id, r.id)}>{r.subjectEn}</a>
                </td>
                <td>{t(stateKey(r.state))}</td>
                <td class="num">{r.recipients === null ? '' : formatNumber(lang, r.recipients)}</td>
                <td>{formatDateTime(lang, r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};

export type IssueValues = Record<'subject_en' | 'subject_ja' | 'body_en' | 'body_ja' | 'version', string>;

export const issueValues = (r?: NewsletterIssueRow): IssueValues => ({
  subject_en: r?.subjectEn ?? '',
  subject_ja: r?.subjectJa ?? '',
  body_en: r?.bodyEn ?? '',
  body_ja: r?.bodyJa ?? '',
  version: r ? String(r.updatedAt.getTime()) : '',
});

const IssueForm: FC<{ ctx: PageCtx; action: string; values: IssueValues; errors?: ErrorDetail[] }> = ({
  ctx,
  action,
  values,
  errors,
}) => {
  const { t } = ctx;
  const field = (name: keyof IssueValues, multiline: boolean) => {
    const label = t(`newsletter.issue.field.${name}` as MessageKey);
    const bad = errors?.some((e) => e.path === name);
    return (
      <p>
        <label for={`issue-${name}`}>{label}</label>
        <br />
        {multiline ? (
          <textarea
            id={`issue-${name}`}
            name={name}
            rows={14}
            cols={80}
            aria-invalid={bad ? 'true' : undefined}
          >
            {values[name]}
          </textarea>
        ) : (
          <input
            id={`issue-${name}`}
            name={name}
            value={values[name]}
            size={70}
            aria-invalid={bad ? 'true' : undefined}
          />
        )}
      </p>
    );
  };
  return (
    <form method="post" action={action}>
      <CsrfField />
      <FormErrors
        t={t}
        message={errors?.length ? t('newsletter.issue.errors') : undefined}
        details={errors}
      />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {field('subject_en', false)}
      {field('body_en', true)}
      {field('subject_ja', false)}
      {field('body_ja', true)}
      <button type="submit">{t('newsletter.issue.save')}</button>
    </form>
  );
};

export const IssueNewPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  values: IssueValues;
  errors?: ErrorDetail[];
}> = ({ ctx, project, values, errors }) => (
  <Layout
    title={ctx.t('newsletter.issue.new.title')}
    lang={ctx.lang}
    t={ctx.t}
    path={ctx.path}
    project={project}
  >
    <h1>{ctx.t('newsletter.issue.new.title')}</h1>
    <IssueForm ctx={ctx} action={issuesHref(project.id)} values={values} errors={errors} />
  </Layout>
);

/** The progress block: polls itself (htmx) while the issue is sending. */
export const IssueProgressBlock: FC<{
  ctx: PageCtx;
  projectId: string;
  issue: NewsletterIssueRow;
  progress: IssueProgress;
}> = ({ ctx, projectId, issue, progress }) => {
  const { t, lang } = ctx;
  const done = progress.sent + progress.failed + progress.cancelled;
  const polling = issue.state === 'sending';
  return (
    <div
      id="issue-progress"
      data-state={issue.state}
      aria-live="polite"
      {...(polling
        ? {
            'hx-get': `${issuesHref(projectId, issue.id)}/progress`,
            'hx-trigger': 'every 2s',
            'hx-swap': 'outerHTML',
          }
        : {})}
    >
      <h2>{t('newsletter.issue.progress')}</h2>
      <p>
        <strong>{t(stateKey(issue.state))}</strong>
      </p>
      <progress max={Math.max(progress.total, 1)} value={done}></progress>
      <p>
        {t('newsletter.issue.progress.text', {
          done: formatNumber(lang, progress.sent),
          total: formatNumber(lang, progress.total),
          failed: formatNumber(lang, progress.failed),
          queued: formatNumber(lang, progress.queued + progress.sending),
        })}
      </p>
    </div>
  );
};

export const IssuePage: FC<{
  ctx: PageCtx;
  project: NavProject;
  issue: NewsletterIssueRow;
  progress: IssueProgress;
  confirmed: number;
  values: IssueValues;
  errors?: ErrorDetail[];
  notice?: string;
}> = ({ ctx, project, issue, progress, confirmed, values, errors, notice }) => {
  const { t, lang } = ctx;
  const self = issuesHref(project.id, issue.id);
  const title = t('newsletter.issue.edit.title', { subject: issue.subjectEn });
  return (
    <Layout title={title} lang={lang} t={t} path={ctx.path} project={project}>
      <p>
        <a href={issuesHref(project.id)}>← {t('newsletter.issue.list.title')}</a>
      </p>
      <h1>{title}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <p>
        {(['en', 'ja'] as const).map((l) => (
          <>
            <a href={`${self}/preview/${l}`} target="_blank" rel="noopener">
              {t('newsletter.issue.preview', { lang: languageName(lang, l) })}
            </a>{' '}
          </>
        ))}
      </p>
      {issue.bodyJa ? null : <p class="muted">{t('newsletter.issue.preview.fallback')}</p>}
      <p>
        {(['en', 'ja'] as const).map((l) => (
          <form method="post" action={`${self}/test/${l}`} class="inline">
            <CsrfField />
            <button type="submit">{t('newsletter.issue.test', { lang: languageName(lang, l) })}</button>
          </form>
        ))}
      </p>
      {issue.state === 'draft' ? (
        <>
          <form method="post" action={`${self}/send`} hx-confirm={t('newsletter.issue.send.confirm')}>
            <CsrfField />
            <button type="submit">
              {t('newsletter.issue.send', { count: formatNumber(lang, confirmed) })}
            </button>
          </form>
          <IssueForm ctx={ctx} action={self} values={values} errors={errors} />
        </>
      ) : (
        <IssueProgressBlock ctx={ctx} projectId={project.id} issue={issue} progress={progress} />
      )}
    </Layout>
  );
};
