/**
 * A record's page: its fields, its evidence files (with the upload form for its writers), its history. A record a
 * submitted report locked offers "Correct" instead of Edit and Delete, and links its correction or original.
 */
import type { FC } from 'hono/jsx';
import type { DatedPublication } from '../dates';
import { PublicationDate } from './dates';
import { EntityHistory } from '../../audit/views/audit';
import type { AuditTrail } from '../../audit/service';
import { CsrfField, detailText } from '../../ui/form';
import type { ErrorDetail } from '../../errors';
import { formatDateTime, formatNumber } from '../../i18n';
import type { RecordContext } from '../context';
import type { EvidenceFileRow } from '../files';
import { COMPUTED_FIELDS, storedFields, type RecordKind } from '../kinds';
import { reportName, type RecordLock } from '../locks';
import type { StoredRecord } from '../service';
import { evidenceType } from '../sniff';
import {
  RecordsFrame,
  fieldLabel,
  kindOne,
  recordHref,
  recordLabel,
  showValue,
  type ViewCtx,
} from './shared';

export interface RecordPageProps {
  ctx: ViewCtx;
  rc: RecordContext;
  kind: RecordKind;
  record: StoredRecord;
  files: EvidenceFileRow[];
  history: AuditTrail | null;
  canEdit: boolean;
  canRestore: boolean;
  notice?: string;
  /** A refused upload, shown beside the file field. */
  fileErrors?: ErrorDetail[];
  /** The submitted report that locked the record: it is corrected, never edited or deleted in place. */
  lock?: RecordLock;
  /** The record's correction (the original was withdrawn), or the original this record corrects. */
  correction?: { correctionId: string; createdAt: Date };
  correctsId?: string;
}

const originKey = (origin: string) =>
  origin.startsWith('import:')
    ? 'records.origin.import'
    : origin === 'api'
      ? 'records.origin.api'
      : 'records.origin.form';

const Files: FC<{
  ctx: ViewCtx;
  rc: RecordContext;
  kind: RecordKind;
  record: StoredRecord;
  files: EvidenceFileRow[];
  canEdit: boolean;
  /** A submitted report locked the record: files may be added, none removed. */
  locked: boolean;
  errors?: ErrorDetail[];
}> = ({ ctx, rc, kind, record, files, canEdit, locked, errors }) => {
  const { t, lang } = ctx;
  const href = (f: EvidenceFileRow) => `/p/${rc.projectId}/files/${f.id}`;
  return (
    <section class="files" id="files">
      <h2>{t('records.files')}</h2>
      {files.length === 0 ? <p class="muted">{t('records.files.none')}</p> : null}
      <ul class="files">
        {files.map((f) => (
          <li data-file={f.id}>
            {evidenceType(f.contentType)?.image ? (
              <img src={`${href(f)}?inline=1`} alt={f.fileName} loading="lazy" width={160} />
            ) : null}
            <a href={href(f)} hx-boost="false" download={f.fileName}>
              {f.fileName}
            </a>{' '}
            <span class="muted">
              {t('records.files.size', { kb: formatNumber(lang, Math.max(1, Math.round(f.size / 1024))) })}
            </span>
            {canEdit && !locked ? (
              <form method="post" action={`${href(f)}/delete`} class="inline remove">
                <CsrfField />
                <button type="submit" class="link">
                  {t('records.files.remove')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          method="post"
          action={`${recordHref(rc.projectId, kind, record.id)}/files`}
          enctype="multipart/form-data"
          class={errors?.length ? 'upload invalid' : 'upload'}
          hx-boost="false"
        >
          <CsrfField />
          <label for="f-file">{t('records.files.add')}</label>
          <input id="f-file" type="file" name="file" required aria-describedby="file-hint" />
          <small id="file-hint" class="help">
            {t('records.files.hint')}
          </small>
          {errors?.length ? (
            <span class="field-error" id="err-file" role="alert">
              {errors.map((d) => detailText(t, d)).join(' · ')}
            </span>
          ) : null}
          <button type="submit">{t('records.files.upload')}</button>
        </form>
      ) : null}
    </section>
  );
};

/** The fields a record page lists: the original title only when it differs from the plain one. */
const shownFields = (kind: RecordKind, record: Record<string, unknown>): string[] =>
  storedFields(kind).filter(
    (f) =>
      f !== 'title_original' || (record.title_original != null && record.title_original !== record.title),
  );

export const RecordPage: FC<RecordPageProps> = ({
  ctx,
  rc,
  kind,
  record,
  files,
  history,
  canEdit,
  canRestore,
  notice,
  fileErrors,
  lock,
  correction,
  correctsId,
}) => {
  const { t, lang } = ctx;
  const label = recordLabel(kind, record);
  const href = recordHref(rc.projectId, kind, record.id);
  const computed = new Set(COMPUTED_FIELDS[kind] ?? []);
  return (
    <RecordsFrame ctx={ctx} projectId={rc.projectId} plan={rc.plan} title={label} current={kind}>
      <p class="muted">{kindOne(lang, kind)}</p>
      <h1>{label}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {record.deleted_at ? (
        <p class="notice bad">
          {t('records.deleted', { date: formatDateTime(lang, new Date(record.deleted_at)) })}
        </p>
      ) : null}
      {lock && !record.deleted_at ? (
        <p class="notice" id="record-locked">
          {t('records.locked', { report: reportName(lock) })}
        </p>
      ) : null}
      {correction ? (
        <p class="notice" id="record-corrected">
          <a href={recordHref(rc.projectId, kind, correction.correctionId)}>
            {t('records.corrected', { date: formatDateTime(lang, correction.createdAt) })}
          </a>
        </p>
      ) : null}
      {correctsId ? (
        <p class="notice" id="record-corrects">
          <a href={recordHref(rc.projectId, kind, correctsId)}>{t('records.correctionOf')}</a>
        </p>
      ) : null}
      <p class="actions">
        {canEdit && !record.deleted_at && lock ? (
          <a class="button" id="correct-record" href={`${href}/correct`}>
            {t('records.correct')}
          </a>
        ) : null}
        {canEdit && !record.deleted_at && !lock ? (
          <>
            <a class="button" href={`${href}/edit`}>
              {t('records.edit')}
            </a>{' '}
            <a class="button danger" href={`${href}/delete`}>
              {t('records.delete')}
            </a>
          </>
        ) : null}
        {!canEdit && !record.deleted_at ? <span class="badge">{t('records.readOnly')}</span> : null}
        {record.deleted_at && canRestore && !lock ? (
          <form method="post" action={`${href}/restore`} class="inline">
            <CsrfField />
            <button type="submit">{t('records.restore')}</button>
          </form>
        ) : null}
      </p>
      <dl class="facts record">
        {shownFields(kind, record).map((field) => (
          <>
            <dt>
              {fieldLabel(lang, field)}
              {computed.has(field) ? <small class="muted"> ({t('records.computed')})</small> : null}
            </dt>
            <dd data-field={field}>
              {kind === 'publication' && field === 'date' ? (
                <PublicationDate lang={lang} record={record as DatedPublication} />
              ) : field === 'authors' ? (
                (
                  (record.authors as
                    { name: string; affiliation?: string; partner?: string }[] | undefined) ?? []
                )
                  .map((a) =>
                    [a.name, a.affiliation ? `(${a.affiliation})` : '', a.partner ? `[${a.partner}]` : '']
                      .filter(Boolean)
                      .join(' '),
                  )
                  .join('; ') || '—'
              ) : field === 'reach_by_audience' ? (
                Object.entries((record.reach_by_audience as Record<string, number> | undefined) ?? {})
                  .map(([a, n]) => `${a}: ${formatNumber(lang, n)}`)
                  .join('; ') || '—'
              ) : (
                showValue(lang, field, record[field])
              )}
            </dd>
          </>
        ))}
      </dl>
      <p class="muted">
        {t('records.origin', { how: t(originKey(record.origin)) })} ·{' '}
        {t('records.version', { n: record.version })} · {formatDateTime(lang, new Date(record.updated_at))}
      </p>
      <Files
        ctx={ctx}
        rc={rc}
        kind={kind}
        record={record}
        files={files}
        canEdit={canEdit && !record.deleted_at}
        locked={Boolean(lock)}
        errors={fileErrors}
      />
      {history ? <EntityHistory t={t} lang={lang} trail={history} /> : null}
    </RecordsFrame>
  );
};

export const DeleteConfirmPage: FC<{
  ctx: ViewCtx;
  rc: RecordContext;
  kind: RecordKind;
  record: StoredRecord;
}> = ({ ctx, rc, kind, record }) => {
  const { t } = ctx;
  const href = recordHref(rc.projectId, kind, record.id);
  const label = recordLabel(kind, record);
  return (
    <RecordsFrame
      ctx={ctx}
      projectId={rc.projectId}
      plan={rc.plan}
      title={t('records.deleteTitle')}
      current={kind}
    >
      <section class="card danger narrow">
        <h1>{t('records.deleteTitle')}</h1>
        <p>{t('records.deleteText', { label })}</p>
        <form method="post" action={`${href}/delete`}>
          <CsrfField />
          <input type="hidden" name="version" value={String(record.version)} />
          <button type="submit" class="danger">
            {t('records.deleteConfirm')}
          </button>{' '}
          <a href={href}>{t('records.cancel')}</a>
        </form>
      </section>
    </RecordsFrame>
  );
};
