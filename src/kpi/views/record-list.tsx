/** Lists of records behind a notice: those reported late for a closed year, those outside the project period. */
import type { Child, FC } from 'hono/jsx';
import type { Plan } from '../../plan/schema';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import type { DrilldownRow } from '../drilldown';
import { RecordRowsTable } from './record-rows';

export const RecordListPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  title: string;
  intro: string;
  rows: DrilldownRow[];
  empty: string;
  backHref: string;
  children?: Child;
}> = ({ ctx, projectId, plan, title, intro, rows, empty, backHref, children }) => {
  const { t } = ctx;
  const showValue = rows.some((r) => r.value !== null);
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={title}>
      <p>
        <a href={backHref}>← {t('drill.back')}</a>
      </p>
      <h1>{title}</h1>
      <p id="list-intro">{intro}</p>
      {children}
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <RecordRowsTable ctx={ctx} projectId={projectId} rows={rows} showValue={showValue} />
      )}
    </PlanPage>
  );
};
