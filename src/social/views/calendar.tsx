/**
 * The calendar page: month (whole weeks) or week, each day's posts with time, channel, state and their findings,
 * each week's frequency warning in its row header, every finding listed under the grid, the exports.
 */
import type { FC } from 'hono/jsx';
import { formatDate, type MessageKey } from '../../i18n';
import { localize, type Plan } from '../../plan/schema';
import { Badge, PlanPage, type ViewCtx } from '../../ui/parts';
import type { CalendarModel } from '../calendar';
import type { SocialFinding } from '../checks';
import { isoWeek } from '../time';

export const socialBase = (projectId: string) => `/p/${projectId}/social`;

export const findingText = (ctx: ViewCtx, f: SocialFinding): string => ctx.t(f.messageKey, f.params);

export const FindingList: FC<{
  ctx: ViewCtx;
  findings: readonly SocialFinding[];
  /** The post a finding concerns, as a link (the summary under the grid). */
  postLink?: (postId: string) => { href: string; label: string } | undefined;
}> = ({ ctx, findings, postLink }) =>
  findings.length === 0 ? null : (
    <ul class="social-findings">
      {findings.map((f) => {
        const link = f.postId && postLink ? postLink(f.postId) : undefined;
        return (
          <li data-finding={f.rule} data-severity={f.severity}>
            <Badge warn>{ctx.t(`social.severity.${f.severity}` as MessageKey)}</Badge> {findingText(ctx, f)}
            {link ? (
              <>
                {' · '}
                <a href={link.href}>{link.label}</a>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );

export const channelLabel = (plan: Plan, id: string, lang: string): string => {
  const c = plan.channels.find((x) => x.id === id);
  return c ? localize(c.label, lang) : id;
};

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => new Date(Date.UTC(2024, 0, d))); // 2024-01-01 was a Monday

export const CalendarPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  model: CalendarModel;
  canPlan: boolean;
  hasChannels: boolean;
}> = ({ ctx, projectId, plan, model, canPlan, hasChannels }) => {
  const { t, lang } = ctx;
  const { range } = model;
  const base = socialBase(projectId);
  const at = (view: string, date: string) => `${base}?view=${view}&date=${date}`;
  const title =
    range.view === 'month'
      ? formatDate(lang, `${range.date.slice(0, 7)}-01`, 'month')
      : t('social.weekLabel', { week: isoWeek(range.from).key });
  const weekday = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    weekday: 'short',
    timeZone: 'UTC',
  });
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('social.title')}>
      <h1>{t('social.title')}</h1>
      <p>{t('social.intro')}</p>
      {hasChannels ? null : <p class="notice">{t('social.noChannels')}</p>}
      <nav class="social-nav" aria-label={t('social.title')}>
        <a href={at(range.view, range.prev)}>{t('social.prev')}</a>
        <strong>{title}</strong>
        <a href={at(range.view, range.next)}>{t('social.next')}</a>
        <span class="spacer"></span>
        <a href={at('month', range.date)} aria-current={range.view === 'month' ? 'page' : undefined}>
          {t('social.view.month')}
        </a>
        <a href={at('week', range.date)} aria-current={range.view === 'week' ? 'page' : undefined}>
          {t('social.view.week')}
        </a>
        {canPlan && hasChannels ? <a href={`${base}/new?date=${range.date}`}>{t('social.new')}</a> : null}
      </nav>
      <p class="muted">{t('social.timezone', { zone: model.tz })}</p>
      <table class={`social-calendar social-${range.view}`}>
        <thead>
          <tr>
            <td></td>
            {WEEKDAYS.map((d) => (
              <th scope="col">{weekday.format(d)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.weeks.map((w) => (
            <tr data-week={w.monday}>
              <th scope="row">
                {w.key.slice(5)}
                {w.findings.map((f) => (
                  <span class="badge warn" data-finding={f.rule} title={findingText(ctx, f)}>
                    {findingText(ctx, f)}
                  </span>
                ))}
              </th>
              {w.days.map((d) => (
                <td data-day={d.date} class={d.outside ? 'outside' : undefined}>
                  <span class="day">
                    {Number(d.date.slice(8))}
                    {canPlan && hasChannels ? (
                      <a
                        class="add"
                        href={`${base}/new?date=${d.date}`}
                        aria-label={t('social.newOn', { date: formatDate(lang, d.date) })}
                        title={t('social.newOn', { date: formatDate(lang, d.date) })}
                      >
                        +
                      </a>
                    ) : null}
                  </span>
                  {d.posts.map((p) => (
                    <div
                      class={`social-post state-${p.row.state}`}
                      data-post={p.row.id}
                      data-state={p.row.state}
                    >
                      <a href={`${base}/${p.row.id}`}>
                        {p.time} {channelLabel(plan, p.row.channelId, lang)}
                      </a>{' '}
                      <Badge>{t(`social.state.${p.row.state}` as MessageKey)}</Badge>
                      {range.view === 'week' ? <p class="social-text">{p.row.text}</p> : null}
                      <FindingList ctx={ctx} findings={p.findings} />
                    </div>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('social.findings')}</h2>
      {model.findings.length === 0 ? (
        <p id="social-findings-none">{t('social.findingsNone')}</p>
      ) : (
        <FindingList
          ctx={ctx}
          findings={model.findings}
          postLink={(id) => {
            const day = model.weeks.flatMap((w) => w.days).find((d) => d.posts.some((p) => p.row.id === id));
            const post = day?.posts.find((p) => p.row.id === id);
            return day && post
              ? {
                  href: `${base}/${id}`,
                  label: `${formatDate(lang, day.date)} ${post.time} ${channelLabel(plan, post.row.channelId, lang)}`,
                }
              : undefined;
          }}
        />
      )}
      <p>
        <a href={`${base}/export.ics?from=${range.from}&to=${range.to}`} hx-boost="false" download>
          {t('social.export.ics')}
        </a>{' '}
        ·{' '}
        <a href={`${base}/export.csv?from=${range.from}&to=${range.to}`} hx-boost="false" download>
          {t('social.export.csv')}
        </a>
      </p>
    </PlanPage>
  );
};
