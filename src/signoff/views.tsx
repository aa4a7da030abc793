/** The sign-off page: a partner's ended periods (what it reported, its answer, the one-step forms) or the table. */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../errors';
import { formatDate, formatDateTime, formatNumber } from '../i18n';
import { localize, type Plan } from '../plan/schema';
import { CsrfField, FormErrors, Notice } from '../ui/form';
import { PlanPage, type ViewCtx } from '../ui/parts';
import { kindTitle } from '../records/views/shared';
import type { PartnerPeriod, SignoffPage } from './page';
import type { SignoffPeriod } from './periods';
import type { PartnerSignoff } from './service';

export const signoffHref = (projectId: string, partner?: string) =>
  `/p/${encodeURIComponent(projectId)}/signoff${partner ? `?partner=${encodeURIComponent(partner)}` : ''}`;

const partnerName = (plan: Plan, code: string, lang: ViewCtx['lang']) => {
  const p = plan.partners.find((x) => x.code === code);
  return p ? `${localize(p.name, lang)} (${code})` : code;
};

export const periodText = (
  ctx: ViewCtx,
  p: SignoffPeriod,
  key: 'signoff.periodLabel' | 'signoff.periodHeading',
) => ctx.t(key, { n: p.n, from: formatDate(ctx.lang, p.from), to: formatDate(ctx.lang, p.to) });

/** Who answered and when (the text beside a state). */
const Answer: FC<{ ctx: ViewCtx; s: PartnerSignoff }> = ({ ctx, s }) => {
  if (s.state === 'missing') return null;
  const params = { name: s.byName ?? ctx.t('signoff.someone'), date: formatDateTime(ctx.lang, s.at) };
  return (
    <span class="signoff-answer">
      {ctx.t(s.state === 'confirmed' ? 'signoff.confirmedBy' : 'signoff.incompleteBy', params)}
      {s.onBehalf ? <> {ctx.t('signoff.onBehalf')}</> : null}
      {s.state === 'incomplete' ? (
        <>
          {' '}
          <q class="signoff-missing">{s.missing}</q>
        </>
      ) : null}
    </span>
  );
};

const BADGE: Record<PartnerSignoff['state'], string> = {
  confirmed: 'badge confirmed',
  incomplete: 'badge warn',
  missing: 'badge',
};

const StateBadge: FC<{ ctx: ViewCtx; state: PartnerSignoff['state'] }> = ({ ctx, state }) => (
  <span class={BADGE[state]} data-state={state}>
    {ctx.t(`signoff.state.${state}`)}
  </span>
);

export interface CardProblem {
  message?: string;
  details?: ErrorDetail[];
  /** What was typed in the "missing" box. */
  missing?: string;
}

/** The two one-step answers, posted with htmx into the period's card (a plain POST without script). */
const Forms: FC<{
  ctx: ViewCtx;
  projectId: string;
  partner: string;
  item: PartnerPeriod;
  typed?: string;
}> = ({ ctx, projectId, partner, item, typed }) => {
  const action = `/p/${encodeURIComponent(projectId)}/signoff`;
  const target = `#period-${item.period.n}`;
  const hidden = (
    <>
      <CsrfField />
      <input type="hidden" name="period" value={String(item.period.n)} />
      <input type="hidden" name="partner" value={partner} />
      <input type="hidden" name="version" value={String(item.signoff.version)} />
    </>
  );
  return (
    <div class="signoff-forms">
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target={target}
        hx-swap="outerHTML"
        class="signoff-confirm"
      >
        {hidden}
        <input type="hidden" name="state" value="confirmed" />
        <button type="submit">
          {ctx.t('signoff.confirm', { period: periodText(ctx, item.period, 'signoff.periodLabel') })}
        </button>
      </form>
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target={target}
        hx-swap="outerHTML"
        class="signoff-incomplete"
      >
        {hidden}
        <input type="hidden" name="state" value="incomplete" />
        <label>
          {ctx.t('signoff.somethingMissing')}{' '}
          <textarea
            name="missing"
            rows={2}
            maxlength={4000}
            required
            aria-label={ctx.t('signoff.missingLabel')}
          >
            {typed ?? (item.signoff.state === 'incomplete' ? item.signoff.missing : '')}
          </textarea>
        </label>{' '}
        <button type="submit">{ctx.t('signoff.sendMissing')}</button>
      </form>
    </div>
  );
};

/** One ended period of a partner: its answer, what it reported, the forms. */
export const PeriodCard: FC<{
  ctx: ViewCtx;
  projectId: string;
  page: Extract<SignoffPage, { mode: 'partner' }>;
  item: PartnerPeriod;
  saved?: boolean;
  problem?: CardProblem;
}> = ({ ctx, projectId, page, item, saved, problem }) => {
  const { t, lang } = ctx;
  const s = item.signoff;
  const forms = page.canSign ? (
    <Forms ctx={ctx} projectId={projectId} partner={page.partner} item={item} typed={problem?.missing} />
  ) : null;
  return (
    <section
      id={`period-${item.period.n}`}
      class="signoff-period"
      data-period={String(item.period.n)}
      data-state={s.state}
    >
      <h2>
        {periodText(ctx, item.period, 'signoff.periodHeading')} <StateBadge ctx={ctx} state={s.state} />
      </h2>
      {saved ? <Notice>{t('signoff.saved')}</Notice> : null}
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      <p>
        <Answer ctx={ctx} s={s} />
      </p>
      <table class="drilldown signoff-counts">
        <caption>{t('signoff.reported', { partner: partnerName(page.plan, page.partner, lang) })}</caption>
        <thead>
          <tr>
            <th>{t('signoff.col.kind')}</th>
            <th class="num">{t('signoff.col.count')}</th>
          </tr>
        </thead>
        <tbody>
          {item.counts.map((c) => (
            <tr data-kind={c.kind}>
              <td>
                <a href={c.href}>{kindTitle(lang, c.kind)}</a>
              </td>
              <td class="num">{formatNumber(lang, c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {forms && s.state !== 'missing' && !problem ? (
        <details>
          <summary>{t('signoff.change')}</summary>
          {forms}
        </details>
      ) : (
        forms
      )}
    </section>
  );
};

const PartnerView: FC<{
  ctx: ViewCtx;
  projectId: string;
  page: Extract<SignoffPage, { mode: 'partner' }>;
  problem?: CardProblem & { n: number };
}> = ({ ctx, projectId, page, problem }) => (
  <>
    <p>{ctx.t('signoff.intro.partner', { partner: partnerName(page.plan, page.partner, ctx.lang) })}</p>
    {page.canSign ? null : <p class="muted">{ctx.t('signoff.readOnly')}</p>}
    {page.periods.length === 0 && page.nextEnd ? (
      <p class="muted">{ctx.t('signoff.noneEnded', { date: formatDate(ctx.lang, page.nextEnd) })}</p>
    ) : null}
    {page.periods.map((item) => (
      <PeriodCard
        ctx={ctx}
        projectId={projectId}
        page={page}
        item={item}
        problem={problem?.n === item.period.n ? problem : undefined}
      />
    ))}
    <p>
      <a href={`${signoffHref(projectId)}?all=1`}>{ctx.t('signoff.allPartners')}</a>
    </p>
  </>
);

const TableView: FC<{ ctx: ViewCtx; projectId: string; page: Extract<SignoffPage, { mode: 'table' }> }> = ({
  ctx,
  projectId,
  page,
}) => {
  const { t, lang } = ctx;
  const ended = page.periods.filter((p) => page.ended.includes(p.n));
  if (ended.length === 0)
    return <p class="muted">{t('signoff.noneEnded', { date: formatDate(lang, page.nextEnd ?? '') })}</p>;
  return (
    <table class="drilldown signoff-table">
      <thead>
        <tr>
          <th>{t('signoff.col.partner')}</th>
          {ended.map((p) => (
            <th data-period={String(p.n)}>{periodText(ctx, p, 'signoff.periodHeading')}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {page.plan.partners.map((partner) => (
          <tr data-partner={partner.code}>
            <th scope="row">
              <a href={signoffHref(projectId, partner.code)}>{partnerName(page.plan, partner.code, lang)}</a>
            </th>
            {ended.map((p) => {
              const s = (page.grid.get(p.n) ?? []).find((x) => x.partner === partner.code);
              const state = s?.state ?? 'missing';
              return (
                <td data-period={String(p.n)} data-state={state}>
                  <StateBadge ctx={ctx} state={state} /> {s ? <Answer ctx={ctx} s={s} /> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
};

export const SignoffView: FC<{
  ctx: ViewCtx;
  projectId: string;
  page: SignoffPage;
  problem?: CardProblem & { n: number };
}> = ({ ctx, projectId, page, problem }) => (
  <PlanPage ctx={ctx} projectId={projectId} plan={page.plan} title={ctx.t('signoff.title')}>
    <h1>{ctx.t('signoff.title')}</h1>
    {page.mode === 'partner' ? (
      <PartnerView ctx={ctx} projectId={projectId} page={page} problem={problem} />
    ) : (
      <>
        <p>{ctx.t('signoff.intro.table')}</p>
        <TableView ctx={ctx} projectId={projectId} page={page} />
      </>
    )}
  </PlanPage>
);
