/**
 * The communication timeline (the plan's Figure 10) as a table: one row per item, one cell per project month,
 * grouped by project year under calendar headers; planned months filled, the current month outlined.
 * Then the partners' responsibilities (§5.1).
 */
import type { FC } from 'hono/jsx';
import { localize, type Plan, type Responsibility, type TimelineItem } from '../../plan/schema';
import { formatDate } from '../../i18n';
import { currentProjectMonth, monthInitial, projectYears, type ProjectYear } from '../plan-view';
import { recordLabel } from './measure-text';
import { Badge, PartnerCodes, PlanPage, type PlanViewProps, type ViewCtx } from '../../ui/parts';

const monthClass = (month: number, yearStart: boolean, now: number | undefined, extra = ''): string =>
  ['m', extra, yearStart ? 'ys' : '', month === now ? 'now' : ''].filter(Boolean).join(' ');

const Head: FC<{ ctx: ViewCtx; years: ProjectYear[]; now: number | undefined }> = ({ ctx, years, now }) => {
  const { t, lang } = ctx;
  const months = years.flatMap((y) => y.months);
  return (
    <thead>
      <tr>
        <th rowspan={4} scope="col">
          {t('timeline.col.item')}
        </th>
        <th rowspan={4} scope="col">
          {t('timeline.col.responsible')}
        </th>
        {years.map((y) => (
          <th colspan={y.months.length} class="py ys" scope="colgroup">
            {t('timeline.projectYear', { y: y.year })}
          </th>
        ))}
      </tr>
      <tr>
        {years.flatMap((y) =>
          y.calendarYears.map((c, i) => (
            <th colspan={c.span} class={i === 0 ? 'cy ys' : 'cy'}>
              {c.year}
            </th>
          )),
        )}
      </tr>
      <tr>
        {months.map((m) => (
          <th
            class={monthClass(m.month, m.month % 12 === 1, now)}
            title={t('timeline.monthTitle', { m: m.month, date: formatDate(lang, m.start, 'month') })}
          >
            {monthInitial(lang, m.start)}
          </th>
        ))}
      </tr>
      <tr>
        {months.map((m) => (
          <th class={monthClass(m.month, m.month % 12 === 1, now, 'mn')} scope="col">
            {m.month}
          </th>
        ))}
      </tr>
    </thead>
  );
};

const Row: FC<{ ctx: ViewCtx; plan: Plan; item: TimelineItem; now: number | undefined }> = ({
  ctx,
  plan,
  item,
  now,
}) => {
  const { t, lang } = ctx;
  const planned = new Set(item.months);
  const duration = plan.project.duration_months;
  return (
    <tr data-item={item.id} class={item.estimated ? 'estimated' : undefined}>
      <th scope="row">
        {localize(item.label, lang)}
        {item.estimated ? (
          <Badge warn title={item.estimate_reason}>
            {t('timeline.estimated')}
          </Badge>
        ) : null}
      </th>
      <td class="resp">
        {item.responsible_text ?? <PartnerCodes codes={item.responsible} plan={plan} lang={lang} />}
      </td>
      {Array.from({ length: duration }, (_, i) => {
        const month = i + 1;
        const on = planned.has(month);
        return (
          <td class={monthClass(month, month % 12 === 1, now, on ? (item.estimated ? 'on est' : 'on') : '')}>
            {on ? <span class="sr-only">{t('timeline.planned')}</span> : null}
          </td>
        );
      })}
    </tr>
  );
};

const groups = ['online_communication', 'events', 'publications', 'other'] as const;
const groupKey = {
  online_communication: 'responsibilities.group.online_communication',
  events: 'responsibilities.group.events',
  publications: 'responsibilities.group.publications',
  other: 'responsibilities.group.other',
} as const;

const Responsibilities: FC<{ ctx: ViewCtx; list: Responsibility[] }> = ({ ctx, list }) => {
  const { t, lang } = ctx;
  return (
    <section class="card" aria-labelledby="responsibilities">
      <h2 id="responsibilities">{t('responsibilities.title')}</h2>
      {groups.map((g) => {
        const items = list.filter((r) => r.group === g);
        if (items.length === 0) return null;
        return (
          <>
            <h3>{t(groupKey[g])}</h3>
            <ol class="responsibilities">
              {items.map((r) => (
                <li value={r.number}>
                  {localize(r.text, lang)}
                  {r.record_type ? (
                    <Badge>{t('responsibilities.record', { record: recordLabel(t, r.record_type) })}</Badge>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        );
      })}
    </section>
  );
};

export const TimelinePage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t } = ctx;
  const { plan } = current;
  const { start_date: start, duration_months: duration } = plan.project;
  const years = projectYears(start, duration);
  const now = currentProjectMonth(start, duration, ctx.now);
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('timeline.title')}>
      <h1>{t('timeline.title')}</h1>
      {plan.timeline.length ? (
        <>
          <p class="muted">{t('timeline.legend')}</p>
          <div class="gantt">
            <table>
              <Head ctx={ctx} years={years} now={now} />
              <tbody>
                {plan.timeline.map((item) => (
                  <Row ctx={ctx} plan={plan} item={item} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p class="muted">{t('timeline.empty')}</p>
      )}
      {plan.responsibilities.length ? <Responsibilities ctx={ctx} list={plan.responsibilities} /> : null}
    </PlanPage>
  );
};
