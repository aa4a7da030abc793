/** The deliverables' status page: every deliverable of the plan; coordinators change a status row by row. */
import type { FC } from 'hono/jsx';
import { CsrfField } from '../../ui/form';
import type { ErrorDetail } from '../../errors';
import { formatDate, translate } from '../../i18n';
import type { RecordContext } from '../context';
import { DELIVERABLE_STATUSES, type DeliverableState } from '../deliverables';
import { errorsByField } from './form';
import { RecordsFrame, type ViewCtx } from './shared';

const statusLabel = (ctx: ViewCtx, s: string) => translate(ctx.lang, `dash.deliverables.status.${s}`);

export const DeliverablesPage: FC<{
  ctx: ViewCtx;
  rc: RecordContext;
  rows: DeliverableState[];
  canEdit: boolean;
  /** The row whose change was refused, with its problems and the submitted values. */
  failed?: { code: string; details: ErrorDetail[]; values: Record<string, string> };
  notice?: string;
  /** The viewer manages the public site: a link to its deliverable files. */
  siteLink?: boolean;
}> = ({ ctx, rc, rows, canEdit, failed, notice, siteLink }) => {
  const { t, lang } = ctx;
  return (
    <RecordsFrame
      ctx={ctx}
      projectId={rc.projectId}
      plan={rc.plan}
      title={t('records.deliverables')}
      current="deliverables"
    >
      <h1>{t('records.deliverables')}</h1>
      <p>{t('records.deliverables.intro')}</p>
      {siteLink ? (
        <p>
          <a href={`/p/${rc.projectId}/site/deliverables`}>{t('site.downloads.title')}</a>
        </p>
      ) : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <table class="deliverables-status">
        <thead>
          <tr>
            <th>{t('records.field.deliverable')}</th>
            <th>{t('records.deliverables.due')}</th>
            <th>{t('records.deliverables.status')}</th>
            <th>{t('records.deliverables.submitted')}</th>
            <th>{t('records.deliverables.approved')}</th>
            <th>{t('records.deliverables.justification')}</th>
            {canEdit ? <th></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const form = `d-${d.code.replace(/[^A-Za-z0-9]/g, '-')}`;
            const mine = failed?.code === d.code ? failed : undefined;
            const errors = errorsByField(t, mine?.details ?? []);
            const v = (field: string, current: string | null) => mine?.values[field] ?? current ?? '';
            const cell = (field: string, input: unknown) => (
              <td class={errors.has(field) ? 'invalid' : undefined}>
                {input}
                {errors.has(field) ? <span class="field-error">{errors.get(field)?.join(' · ')}</span> : null}
              </td>
            );
            return (
              <tr data-code={d.code}>
                <td>
                  <strong>{d.code}</strong> {d.title}
                </td>
                <td class="date">
                  {formatDate(lang, d.due_date)}{' '}
                  {d.late ? <span class="badge warn">{t('records.deliverables.late')}</span> : null}
                </td>
                {canEdit ? (
                  <>
                    {cell(
                      'status',
                      <select name="status" form={form} aria-label={t('records.deliverables.status')}>
                        {DELIVERABLE_STATUSES.map((s) => (
                          <option value={s} selected={s === v('status', d.status)}>
                            {statusLabel(ctx, s)}
                          </option>
                        ))}
                      </select>,
                    )}
                    {cell(
                      'submitted_on',
                      <input
                        type="date"
                        name="submitted_on"
                        form={form}
                        value={v('submitted_on', d.submitted_on)}
                        aria-label={t('records.deliverables.submitted')}
                      />,
                    )}
                    {cell(
                      'approved_on',
                      <input
                        type="date"
                        name="approved_on"
                        form={form}
                        value={v('approved_on', d.approved_on)}
                        aria-label={t('records.deliverables.approved')}
                      />,
                    )}
                    {cell(
                      'justification',
                      <input
                        type="text"
                        name="justification"
                        form={form}
                        value={v('justification', d.justification)}
                        aria-label={t('records.deliverables.justification')}
                      />,
                    )}
                    <td>
                      <form
                        id={form}
                        method="post"
                        action={`/p/${rc.projectId}/records/deliverables/${encodeURIComponent(d.code)}`}
                      >
                        <CsrfField />
                        <button type="submit">{t('records.deliverables.save')}</button>
                      </form>
                    </td>
                  </>
                ) : (
                  <>
                    <td>{statusLabel(ctx, d.status)}</td>
                    <td class="date">{d.submitted_on ? formatDate(lang, d.submitted_on) : '—'}</td>
                    <td class="date">{d.approved_on ? formatDate(lang, d.approved_on) : '—'}</td>
                    <td>{d.justification ?? '—'}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </RecordsFrame>
  );
};
