/** The inconsistency alerts page: open alerts grouped by rule (records linked, dismiss with a reason), then dismissed. */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { formatDate } from '../../i18n';
import { isoDay } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { CsrfField } from '../../ui/form';
import { Badge } from '../../ui/parts';
import { alertMessage, type AlertRecord, type AlertsPage, type OpenAlert } from '../consistency';
import { CONSISTENCY_RULES } from '../consistency-rules';
import { errorsByField } from './form';
import { recordHref, RecordsFrame, type ViewCtx } from './shared';

/** The dismiss form that was refused, with its problems and what was typed. */
export interface FailedDismiss {
  fingerprint: string;
  details: ErrorDetail[];
  reason: string;
}

const anchor = (fingerprint: string) => `alert-${fingerprint.slice(0, 16)}`;

const RecordLinks: FC<{ projectId: string; records: AlertRecord[] }> = ({ projectId, records }) => (
  <ul class="alert-records">
    {records.map((r) => (
      <li>
        <a href={recordHref(projectId, r.kind, r.id)}>{r.label}</a> ({r.partner})
      </li>
    ))}
  </ul>
);

const OpenItem: FC<{ ctx: ViewCtx; projectId: string; alert: OpenAlert; failed?: FailedDismiss }> = ({
  ctx,
  projectId,
  alert,
  failed,
}) => {
  const { t, lang } = ctx;
  const mine = failed?.fingerprint === alert.fingerprint ? failed : undefined;
  const errors = errorsByField(t, mine?.details ?? []);
  const id = anchor(alert.fingerprint);
  return (
    <li id={id} class="alert" data-fingerprint={alert.fingerprint} data-rule={alert.rule}>
      <p>
        <Badge warn={alert.severity === 'error'}>{t(`alerts.severity.${alert.severity}`)}</Badge>{' '}
        {alertMessage(lang, alert)}{' '}
        <small>
          {alert.firstSeenAt
            ? t('alerts.firstSeen', { date: formatDate(lang, isoDay(alert.firstSeenAt)) })
            : t('alerts.notSeenYet')}
        </small>
      </p>
      <RecordLinks projectId={projectId} records={alert.records} />
      <form
        method="post"
        action={`/p/${projectId}/alerts/${alert.fingerprint}/dismiss`}
        class="alert-dismiss"
      >
        <CsrfField />
        <label class={errors.has('reason') ? 'invalid' : undefined}>
          {t('alerts.reason')}{' '}
          <input
            type="text"
            name="reason"
            maxlength={2000}
            required
            value={mine?.reason ?? ''}
            aria-invalid={errors.has('reason') ? 'true' : undefined}
            aria-describedby={errors.has('reason') ? `${id}-error` : undefined}
          />
        </label>
        {errors.has('reason') ? (
          <span class="field-error" id={`${id}-error`}>
            {errors.get('reason')?.join(' · ')}
          </span>
        ) : null}{' '}
        <button type="submit">{t('alerts.dismiss')}</button>
      </form>
    </li>
  );
};

export const AlertsPageView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  data: AlertsPage;
  notice?: string;
  failed?: FailedDismiss;
}> = ({ ctx, projectId, plan, data, notice, failed }) => {
  const { t, lang } = ctx;
  const groups = CONSISTENCY_RULES.map((rule) => ({
    rule,
    alerts: data.open.filter((a) => a.rule === rule),
  })).filter((g) => g.alerts.length > 0);
  return (
    <RecordsFrame ctx={ctx} projectId={projectId} plan={plan} title={t('alerts.title')} current="alerts">
      <h1>{t('alerts.title')}</h1>
      <p>{t('alerts.intro')}</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h2>{t('alerts.open', { count: data.open.length })}</h2>
      {groups.length === 0 ? <p class="empty">{t('alerts.none')}</p> : null}
      {groups.map((g) => (
        <section class="alert-group" data-rule={g.rule}>
          <h3>{t(`alerts.rule.${g.rule}`)}</h3>
          <ul class="alerts">
            {g.alerts.map((a) => (
              <OpenItem ctx={ctx} projectId={projectId} alert={a} failed={failed} />
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('alerts.dismissedList', { count: data.dismissed.length })}</h2>
      {data.dismissed.length === 0 ? <p class="empty">{t('alerts.noneDismissed')}</p> : null}
      <ul class="alerts dismissed">
        {data.dismissed.map((d) => (
          <li class="alert" data-fingerprint={d.fingerprint} data-rule={d.rule}>
            <p>
              {alertMessage(lang, d)}{' '}
              <small>({t(d.stillFound ? 'alerts.stillFound' : 'alerts.noLongerFound')})</small>
            </p>
            <p>
              {t('alerts.dismissedOn', {
                date: formatDate(lang, isoDay(d.dismissedAt)),
                who: d.dismissedBy,
                reason: d.reason,
              })}
            </p>
            <RecordLinks projectId={projectId} records={d.records} />
          </li>
        ))}
      </ul>
    </RecordsFrame>
  );
};
