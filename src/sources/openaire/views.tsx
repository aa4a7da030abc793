/**
 * The suggestions page: the last OpenAIRE run (with its failure and retry time), the waiting suggestions with accept
 * (lead partner) and reject (reason) forms, the decided ones, and the publications' link states with their fixes.
 */
import type { FC } from 'hono/jsx';
import { formatDate, formatDateTime, hasKey, type MessageKey } from '../../i18n';
import { authorName, type CslItem } from '../../importers/csl';
import type { ErrorDetail } from '../../errors';
import { recordHref } from '../../records/views/shared';
import type { SuggestedOutputRow } from '../../db/schema';
import { CsrfField } from '../../ui/form';
import { Badge, PlanPage, type ViewCtx } from '../../ui/parts';
import { exploreUrl } from './map';
import type { InboxPage, LinkRow } from './page';

/** A refused decision: its message and located details (shown above the lists). */
export interface Problem {
  message: string;
  details: ErrorDetail[];
}

export const suggestionsHref = (projectId: string): string =>
  `/p/${encodeURIComponent(projectId)}/sources/suggestions`;

const tr = (ctx: ViewCtx, key: string, params?: Record<string, string | number>) =>
  hasKey(key) ? ctx.t(key as MessageKey, params) : key;

const authorsOf = (item: unknown): string =>
  ((item as CslItem).author ?? [])
    .map(authorName)
    .filter((a): a is string => !!a)
    .join('; ');

const LastRun: FC<{ ctx: ViewCtx; page: InboxPage }> = ({ ctx, page }) => (
  <>
    <RunLine ctx={ctx} page={page} />
    {page.enabled && !page.scheduled ? (
      <p class="notice">
        {ctx.t('suggestions.notScheduled')}{' '}
        <a href={`/p/${encodeURIComponent(page.projectId)}/sources#source-openaire`}>
          {ctx.t('suggestions.turnOn')}
        </a>
      </p>
    ) : null}
  </>
);

const RunLine: FC<{ ctx: ViewCtx; page: InboxPage }> = ({ ctx, page }) => {
  const run = page.lastRun;
  if (!page.enabled) return <p class="notice">{ctx.t('suggestions.disabled')}</p>;
  if (!run) return <p>{ctx.t('suggestions.neverRun')}</p>;
  const date = formatDateTime(ctx.lang, run.finishedAt ?? run.startedAt);
  const status = tr(ctx, `sources.run.${run.status}`);
  if (run.status === 'ok')
    return <p data-run-status={run.status}>{ctx.t('suggestions.lastRun', { date, status })}</p>;
  const problem = tr(ctx, `sources.status.${run.errorCode ?? 'network'}`);
  return (
    <p class="notice bad" role="status" data-run-status={run.status}>
      {ctx.t('suggestions.lastRunProblem', { date, status, problem })}{' '}
      {run.retryAt ? ctx.t('suggestions.retryAt', { time: formatDateTime(ctx.lang, run.retryAt) }) : null}
    </p>
  );
};

const Waiting: FC<{ ctx: ViewCtx; projectId: string; page: InboxPage; row: SuggestedOutputRow }> = ({
  ctx,
  projectId,
  page,
  row,
}) => {
  const { t } = ctx;
  const base = `${suggestionsHref(projectId)}/${row.id}`;
  const lead = page.plan.project.coordinator ?? page.plan.partners[0]?.code;
  return (
    <tr data-suggestion={row.id}>
      <td>
        <span class="suggestion-title">{row.title}</span>{' '}
        <a href={exploreUrl(row.externalId)} rel="noopener noreferrer" target="_blank">
          {t('suggestions.openaireLink')}
        </a>
      </td>
      <td>{authorsOf(row.item)}</td>
      <td>{row.publishedOn ? formatDate(ctx.lang, row.publishedOn) : ''}</td>
      <td>{tr(ctx, `suggestions.type.${row.productType ?? 'other'}`)}</td>
      <td>{row.doi ? <a href={`https://doi.org/${row.doi}`}>{row.doi}</a> : ''}</td>
      <td>
        <form method="post" action={`${base}/accept`} class="suggestion-accept">
          <CsrfField />
          <label>
            {t('suggestions.leadPartner')}{' '}
            <select name="lead_partner">
              {page.plan.partners.map((p) => (
                <option value={p.code} selected={p.code === lead}>
                  {p.code}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit">{t('suggestions.accept')}</button>
        </form>
        <form method="post" action={`${base}/reject`} class="suggestion-reject">
          <CsrfField />
          <label>
            {t('suggestions.reason')} <input type="text" name="reason" maxlength={500} />
          </label>{' '}
          <button type="submit">{t('suggestions.reject')}</button>
        </form>
      </td>
    </tr>
  );
};

const Decided: FC<{ ctx: ViewCtx; projectId: string; page: InboxPage; row: SuggestedOutputRow }> = ({
  ctx,
  projectId,
  page,
  row,
}) => {
  const { t } = ctx;
  const who = row.decidedBy?.startsWith('user:')
    ? (page.people.get(row.decidedBy) ?? t('suggestions.bySystem'))
    : t('suggestions.bySystem');
  return (
    <tr data-suggestion={row.id} data-status={row.status}>
      <td>{row.title}</td>
      <td>{row.doi ? <a href={`https://doi.org/${row.doi}`}>{row.doi}</a> : ''}</td>
      <td>
        <Badge warn={row.status === 'rejected'}>{tr(ctx, `suggestions.status.${row.status}`)}</Badge>{' '}
        {row.status === 'accepted' && row.recordId ? (
          <a href={recordHref(projectId, 'publication', row.recordId)}>{t('suggestions.recordLink')}</a>
        ) : null}{' '}
        <small>
          {t('suggestions.decidedOn', {
            who,
            date: row.decidedAt ? formatDate(ctx.lang, row.decidedAt) : '',
          })}
        </small>
        {row.reason ? <p>{t('suggestions.reasonShown', { reason: row.reason })}</p> : null}
        {row.status === 'rejected' ? (
          <form
            method="post"
            action={`${suggestionsHref(projectId)}/${row.id}/reopen`}
            class="suggestion-reopen"
          >
            <CsrfField />
            <button type="submit" class="link">
              {t('suggestions.reopen')}
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  );
};

const LinkState: FC<{ ctx: ViewCtx; projectId: string; link: LinkRow }> = ({ ctx, projectId, link }) => {
  const state = link.state ?? 'unchecked';
  return (
    <tr data-doi={link.doi} data-link-state={state}>
      <td>
        <a href={recordHref(projectId, 'publication', link.id)}>{link.title}</a>
      </td>
      <td>
        <a href={`https://doi.org/${link.doi}`}>{link.doi}</a>
      </td>
      <td>
        <Badge warn={state !== 'linked'}>{tr(ctx, `suggestions.link.${state}`)}</Badge>{' '}
        {link.checkedAt ? (
          <small>{ctx.t('suggestions.checkedOn', { date: formatDate(ctx.lang, link.checkedAt) })}</small>
        ) : null}
      </td>
      <td>{tr(ctx, `suggestions.fix.${state}`)}</td>
    </tr>
  );
};

export const SuggestionsView: FC<{
  ctx: ViewCtx;
  projectId: string;
  page: InboxPage;
  notice?: string;
  problem?: Problem;
}> = ({ ctx, projectId, page, notice, problem }) => {
  const { t } = ctx;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={page.plan} title={t('suggestions.title')}>
      <h1>{t('suggestions.title')}</h1>
      <p>{t('suggestions.intro')}</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <div class="form-errors" role="alert">
          <p>
            {t('suggestions.problem')} {problem.message}
          </p>
          <ul>
            {problem.details.map((d) => (
              <li>
                {d.path ? <code>{d.path}</code> : null}{' '}
                {d.key && hasKey(d.key) ? tr(ctx, d.key, d.params) : d.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <LastRun ctx={ctx} page={page} />
      <form method="post" action={`${suggestionsHref(projectId)}/check`}>
        <CsrfField />
        <button type="submit">{t('suggestions.checkNow')}</button>
      </form>
      <h2>{t('suggestions.waiting', { count: page.waiting.length })}</h2>
      {page.waiting.length === 0 ? (
        <p class="empty">{t('suggestions.none')}</p>
      ) : (
        <table class="suggestions waiting">
          <thead>
            <tr>
              <th scope="col">{t('suggestions.col.title')}</th>
              <th scope="col">{t('suggestions.col.authors')}</th>
              <th scope="col">{t('suggestions.col.date')}</th>
              <th scope="col">{t('suggestions.col.type')}</th>
              <th scope="col">{t('suggestions.col.doi')}</th>
              <th scope="col">{t('suggestions.col.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {page.waiting.map((row) => (
              <Waiting ctx={ctx} projectId={projectId} page={page} row={row} />
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('suggestions.decided', { count: page.decided.length })}</h2>
      {page.decided.length === 0 ? (
        <p class="empty">{t('suggestions.noneDecided')}</p>
      ) : (
        <table class="suggestions decided">
          <thead>
            <tr>
              <th scope="col">{t('suggestions.col.title')}</th>
              <th scope="col">{t('suggestions.col.doi')}</th>
              <th scope="col">{t('suggestions.col.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {page.decided.map((row) => (
              <Decided ctx={ctx} projectId={projectId} page={page} row={row} />
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('suggestions.links.title')}</h2>
      <p>{t('suggestions.links.intro')}</p>
      {page.links.length === 0 ? (
        <p class="empty">{t('suggestions.links.none')}</p>
      ) : (
        <table class="openaire-links">
          <thead>
            <tr>
              <th scope="col">{t('suggestions.col.title')}</th>
              <th scope="col">{t('suggestions.col.doi')}</th>
              <th scope="col">{t('suggestions.col.state')}</th>
              <th scope="col">{t('suggestions.col.fix')}</th>
            </tr>
          </thead>
          <tbody>
            {page.links.map((link) => (
              <LinkState ctx={ctx} projectId={projectId} link={link} />
            ))}
          </tbody>
        </table>
      )}
    </PlanPage>
  );
};
