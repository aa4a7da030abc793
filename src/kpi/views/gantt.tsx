/** The communication timeline as a Gantt: per item, the planned months and the records actually linked to it. */
import type { FC } from 'hono/jsx';
import { localize, type Plan } from '../../plan/schema';
import { projectYears, monthInitial } from '../../projects/plan-view';
import type { Lang, Translator } from '../../i18n';

export const Gantt: FC<{
  lang: Lang;
  t: Translator;
  plan: Plan;
  actuals: Map<string, Map<number, number>>;
  currentMonth: number;
}> = ({ lang, t, plan, actuals, currentMonth }) => {
  const years = projectYears(plan.project.start_date, plan.project.duration_months);
  const months = years.flatMap((y) => y.months);
  return (
    <div class="gantt">
      <table>
        <thead>
          <tr>
            <th rowspan={2}>{t('timeline.col.item')}</th>
            <th rowspan={2}></th>
            {years.map((y) => (
              <th colspan={y.months.length}>{t('timeline.projectYear', { y: y.year })}</th>
            ))}
          </tr>
          <tr>
            {months.map((m) => (
              <th class={`m${m.month === currentMonth ? ' now' : ''}`} title={m.start}>
                {monthInitial(lang, m.start)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {plan.timeline.flatMap((item) => {
            const planned = new Set(item.months);
            const done = actuals.get(item.id) ?? new Map<number, number>();
            const label = localize(item.label, lang);
            return [
              <tr class="planned" data-item={item.id}>
                <th rowspan={2} scope="row">
                  {label}
                  {item.estimated ? <span class="badge warn">{t('timeline.estimated')}</span> : null}
                </th>
                <td class="muted">{t('dash.gantt.planned')}</td>
                {months.map((m) => (
                  <td
                    class={`m${planned.has(m.month) ? ` on${item.estimated ? ' est' : ''}` : ''}${m.month === currentMonth ? ' now' : ''}`}
                  ></td>
                ))}
              </tr>,
              <tr class="done" data-item={item.id}>
                <td class="muted">{t('dash.gantt.done')}</td>
                {months.map((m) => {
                  const n = done.get(m.month);
                  return (
                    <td class={`m${n ? ' hit' : ''}${m.month === currentMonth ? ' now' : ''}`}>{n ?? ''}</td>
                  );
                })}
              </tr>,
            ];
          })}
        </tbody>
      </table>
      <p class="muted">{t('dash.gantt.legend')}</p>
    </div>
  );
};
