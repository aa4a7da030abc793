/** Every imported version of the plan: when, by whom, from which file, and what changed. */
import type { FC } from 'hono/jsx';
import { formatDateTime } from '../../i18n';
import type { PlanChange } from '../diff';
import type { PlanVersionSummary } from '../repository';
import { PlanPage, type PlanViewProps, type ViewCtx } from '../../ui/parts';

/** How many changes a version lists before "and N more". */
export const CHANGES_SHOWN = 5;

const kindKey = {
  added: 'history.kind.added',
  removed: 'history.kind.removed',
  changed: 'history.kind.changed',
} as const;

const Changes: FC<{ ctx: ViewCtx; changes: PlanChange[]; first: boolean }> = ({ ctx, changes, first }) => {
  const { t } = ctx;
  if (changes.length === 0)
    return <span class="muted">{first ? t('history.initial') : t('common.none')}</span>;
  const shown = changes.slice(0, CHANGES_SHOWN);
  return (
    <>
      <div>{changes.length === 1 ? t('history.countOne') : t('history.count', { n: changes.length })}</div>
      <ul class="changes">
        {shown.map((c) => (
          <li class={`change ${c.kind}`}>
            <span class={`badge kind-${c.kind}`}>{t(kindKey[c.kind])}</span> <code>{c.path}</code>
          </li>
        ))}
      </ul>
      {changes.length > shown.length ? (
        <div class="muted">{t('history.more', { n: changes.length - shown.length })}</div>
      ) : null}
    </>
  );
};

export const HistoryPage: FC<PlanViewProps & { versions: PlanVersionSummary[]; canEdit?: boolean }> = ({
  ctx,
  projectId,
  current,
  versions,
  canEdit,
}) => {
  const { t, lang } = ctx;
  const oldest = Math.min(...versions.map((v) => v.version));
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={current.plan} title={t('history.title')}>
      <h1>{t('history.title')}</h1>
      {canEdit ? (
        <p>
          <a href={`/p/${projectId}/plan/edit`}>{t('planEdit.link')}</a>
        </p>
      ) : null}
      <table class="history">
        <thead>
          <tr>
            <th class="num">{t('history.col.version')}</th>
            <th>{t('history.col.when')}</th>
            <th>{t('history.col.by')}</th>
            <th>{t('history.col.source')}</th>
            <th>{t('history.col.reason')}</th>
            <th>{t('history.col.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr data-version={v.version} class={v.version === current.version ? 'current' : undefined}>
              <td class="num">{v.version}</td>
              <td>
                <time datetime={v.importedAt.toISOString()}>{formatDateTime(lang, v.importedAt)}</time>
              </td>
              <td>{v.importedBy}</td>
              <td>
                <code>{v.sourceName}</code>
              </td>
              <td class="reason">{v.reason ?? ''}</td>
              <td>
                <Changes ctx={ctx} changes={v.changes} first={v.version === oldest} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PlanPage>
  );
};
