/** The import pages: upload form (file or pasted BibTeX), templates, past imports; preview; progress; result. */
import type { FC } from 'hono/jsx';
import { CsrfField, FormErrors, detailText } from '../../auth/views/form';
import type { PageCtx } from '../../auth/views/shared';
import type { ImportBatchRow } from '../../db/schema';
import { RECORD_TYPES, type RecordType } from '../../plan/schema';
import { formatDateTime, formatNumber, hasKey, type MessageKey } from '../../web/i18n';
import { Layout, type NavProject } from '../../web/layout';
import type { ImportReport, ImportResult } from '../commit';
import { IMPORT_FORMATS, type ImportFormat } from '../types';
import type { ImportJob } from '../uploads';
import { CompleteExportSection, ExportFields } from './complete-export';
import { Conflicts } from './conflicts';
import { DateNotesSection } from './date-notes';

const typeKey = (type: RecordType) => `import.type.${type}` as MessageKey;
const formatKey = (format: ImportFormat) => `import.format.${format}` as MessageKey;

const Page: FC<{ ctx: PageCtx; project: NavProject; title: string; children?: unknown }> = ({
  ctx,
  project,
  title,
  children,
}) => (
  <Layout title={title} lang={ctx.lang} t={ctx.t} path={ctx.path} project={project}>
    <div class="import">{children}</div>
  </Layout>
);

export interface UploadFormProps {
  ctx: PageCtx;
  project: NavProject;
  /** Partners the actor may import for: `all` (with the plan's partner codes) or a partner editor's own. */
  partners: { codes: string[]; own?: string };
  batches: ImportBatchRow[];
  type?: RecordType;
  problem?: string;
}

const PartnerField: FC<{ ctx: PageCtx; partners: UploadFormProps['partners'] }> = ({ ctx, partners }) =>
  partners.own ? (
    <p class="muted">{ctx.t('import.partner.own', { partner: partners.own })}</p>
  ) : (
    <label>
      {ctx.t('import.partner')}{' '}
      <select name="partner">
        <option value="">{ctx.t('import.partner.fromFile')}</option>
        {partners.codes.map((code) => (
          <option value={code}>{code}</option>
        ))}
      </select>
    </label>
  );

export const UploadPage: FC<UploadFormProps> = ({ ctx, project, partners, batches, type, problem }) => {
  const { t, lang } = ctx;
  const base = `/p/${project.id}/import`;
  return (
    <Page ctx={ctx} project={project} title={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <FormErrors t={t} message={problem} />
      <section class="card">
        <form method="post" action={base} enctype="multipart/form-data" class="stack" id="upload">
          <CsrfField />
          <label>
            {t('import.type')}{' '}
            <select name="type" required>
              {RECORD_TYPES.map((r) => (
                <option value={r} selected={r === type}>
                  {t(typeKey(r))}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('import.format')}{' '}
            <select name="format">
              <option value="">{t('import.format.auto')}</option>
              {IMPORT_FORMATS.map((f) => (
                <option value={f}>{t(formatKey(f))}</option>
              ))}
            </select>
          </label>
          <PartnerField ctx={ctx} partners={partners} />
          <label>
            {t('import.date')} <input type="date" name="date" />
          </label>
          <ExportFields ctx={ctx} />
          <label>
            {t('import.file')}{' '}
            <input
              type="file"
              name="file"
              required
              accept=".csv,.txt,.xlsx,.bib,.bibtex,.ris,.json,text/csv,application/json"
            />
          </label>
          <button type="submit">{t('import.upload')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('import.paste.title')}</h2>
        <p>{t('import.paste.intro')}</p>
        <form method="post" action={base} class="stack" id="paste">
          <CsrfField />
          <input type="hidden" name="type" value="publication" />
          <PartnerField ctx={ctx} partners={partners} />
          <label>
            {t('import.paste.label')}
            <textarea name="bibtex" rows={10} cols={80} required spellcheck={false}></textarea>
          </label>
          <button type="submit">{t('import.paste.submit')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('import.templates.title')}</h2>
        <p>{t('import.templates.intro')}</p>
        <ul class="plain templates">
          {RECORD_TYPES.map((r) => (
            <li>
              {t(typeKey(r))}:{' '}
              <a href={`${base}/templates/${r}.csv`} hx-boost="false" download>
                CSV
              </a>{' '}
              ·{' '}
              <a href={`${base}/templates/${r}.xlsx`} hx-boost="false" download>
                XLSX
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <h2>{t('import.history.title')}</h2>
        {batches.length === 0 ? (
          <p class="muted">{t('import.history.none')}</p>
        ) : (
          <table class="imports">
            <thead>
              <tr>
                <th>{t('import.col.when')}</th>
                <th>{t('import.col.type')}</th>
                <th>{t('import.col.file')}</th>
                <th class="num">{t('import.col.rows')}</th>
                <th class="num">{t('import.col.imported')}</th>
                <th class="num">{t('import.col.duplicates')}</th>
                <th class="num">{t('import.col.invalid')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr data-batch={b.id}>
                  <td>{formatDateTime(lang, b.createdAt)}</td>
                  <td>{t(typeKey(b.recordType as RecordType))}</td>
                  <td>{b.fileName}</td>
                  <td class="num">{formatNumber(lang, b.rows)}</td>
                  <td class="num">{formatNumber(lang, b.imported)}</td>
                  <td class="num">{formatNumber(lang, b.duplicates)}</td>
                  <td class="num">{formatNumber(lang, b.invalid)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
};

/** Counts and file facts of a report. */
const Facts: FC<{ ctx: PageCtx; report: ImportReport }> = ({ ctx, report }) => {
  const { t, lang } = ctx;
  return (
    <dl class="facts import-counts">
      <dt>{t('import.preview.format')}</dt>
      <dd>{t(formatKey(report.format))}</dd>
      {report.encoding ? (
        <>
          <dt>{t('import.preview.encoding')}</dt>
          <dd>{report.encoding}</dd>
        </>
      ) : null}
      <dt>{t('import.preview.rows')}</dt>
      <dd data-count="rows">{formatNumber(lang, report.rows)}</dd>
      <dt>{t('import.preview.valid')}</dt>
      <dd data-count="valid">{formatNumber(lang, report.valid)}</dd>
      <dt>{t('import.preview.duplicates')}</dt>
      <dd data-count="duplicates">{formatNumber(lang, report.duplicates)}</dd>
      <dt>{t('import.preview.invalid')}</dt>
      <dd data-count="invalid">{formatNumber(lang, report.invalid)}</dd>
    </dl>
  );
};

/**
 * A column as the file names it; on Japanese pages with the field's Japanese name before it ("日付（date）"), the
 * file's own name kept so the user finds the column.
 */
const columnText = (ctx: PageCtx, column: string | undefined): string => {
  if (!column) return '';
  const key = `records.field.${column}`;
  return ctx.lang === 'ja' && hasKey(key) ? `${ctx.t(key)}（${column}）` : column;
};

/** File errors, notes, the row error table and the duplicates table. */
const Problems: FC<{ ctx: PageCtx; report: ImportReport }> = ({ ctx, report }) => {
  const { t } = ctx;
  const moreErrors = report.errorCount - report.errors.length;
  const moreDuplicates = report.duplicates - report.duplicateRows.length;
  return (
    <>
      {report.fileErrors.length > 0 ? (
        <div class="form-errors file-errors" role="alert">
          <p>{t('import.preview.fileErrors')}</p>
          <ul>
            {report.fileErrors.map((e) => (
              <li>
                {e.line !== undefined ? `${t('import.col.row')} ${e.row || e.line}: ` : ''}
                {detailText(t, e)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {report.warnings.length > 0 ? (
        <>
          <h2>{t('import.preview.warnings')}</h2>
          <ul class="warnings">
            {report.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      {report.errors.length > 0 ? (
        <>
          <h2>{t('import.preview.errors')}</h2>
          <div class="scroll">
            <table class="row-errors">
              <thead>
                <tr>
                  <th class="num">{t('import.col.row')}</th>
                  <th>{t('import.col.column')}</th>
                  <th>{t('import.col.message')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr data-row={e.row}>
                    <td class="num">{e.row}</td>
                    <td>{columnText(ctx, e.column)}</td>
                    <td>{detailText(t, e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreErrors > 0 ? (
            <p class="muted">{t('import.preview.moreErrors', { count: moreErrors })}</p>
          ) : null}
        </>
      ) : null}
      {report.duplicateRows.length > 0 ? (
        <>
          <h2>{t('import.preview.duplicateRows')}</h2>
          <div class="scroll">
            <table class="duplicates">
              <thead>
                <tr>
                  <th class="num">{t('import.col.row')}</th>
                  <th>{t('import.col.record')}</th>
                  <th>{t('import.col.duplicateOf')}</th>
                </tr>
              </thead>
              <tbody>
                {report.duplicateRows.slice(0, 200).map((d) => (
                  <tr data-row={d.row}>
                    <td class="num">{d.row}</td>
                    <td>{d.label}</td>
                    <td>
                      {d.of === 'database'
                        ? t('import.duplicateOf.database')
                        : t('import.duplicateOf.row', { row: d.of })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreDuplicates > 0 || report.duplicateRows.length > 200 ? (
            <p class="muted">
              {t('import.preview.moreDuplicates', {
                count: report.duplicates - Math.min(200, report.duplicateRows.length),
              })}
            </p>
          ) : null}
        </>
      ) : null}
      <Conflicts ctx={ctx} report={report} />
    </>
  );
};

export const PreviewPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  uploadId: string;
  fileName: string;
  report: ImportReport;
}> = ({ ctx, project, uploadId, fileName, report }) => {
  const { t } = ctx;
  const blocked = report.fileErrors.length > 0;
  const action = `/p/${project.id}/import/${uploadId}`;
  return (
    <Page ctx={ctx} project={project} title={t('import.preview.title', { file: fileName })}>
      <h1>{t('import.preview.title', { file: fileName })}</h1>
      <Facts ctx={ctx} report={report} />
      <Problems ctx={ctx} report={report} />
      <CompleteExportSection ctx={ctx} report={report} />
      <DateNotesSection ctx={ctx} notes={report.dates} />
      {blocked ? null : (
        <form method="post" action={action} class="row commit">
          <CsrfField />
          {report.invalid > 0 ? <p class="muted">{t('import.preview.allInvalid')}</p> : null}
          {report.invalid === 0 && report.valid === 0 ? (
            <p class="muted">{t('import.commit.nothingNew')}</p>
          ) : null}
          <button type="submit" name="mode" value="all" disabled={report.invalid > 0}>
            {t('import.commit.all', { count: report.valid + report.invalid })}
          </button>
          {report.invalid > 0 ? (
            <button type="submit" name="mode" value="valid">
              {t('import.commit.valid', { count: report.valid, invalid: report.invalid })}
            </button>
          ) : null}
        </form>
      )}
      <p>
        <a href={`/p/${project.id}/import`}>{t('import.again')}</a>
      </p>
    </Page>
  );
};

/** The progress or the outcome of a running commit; polls itself every 500 ms (htmx) until done. */
export const JobStatus: FC<{ ctx: PageCtx; projectId: string; job: ImportJob; recordsHref?: string }> = ({
  ctx,
  projectId,
  job,
  recordsHref,
}) => {
  const { t } = ctx;
  const self = `/p/${projectId}/import/${job.id}`;
  if (!job.done) {
    const step = job.step;
    const text = !step
      ? t('import.progress.start')
      : step.phase === 'check'
        ? t('import.progress.check', { rows: step.rows })
        : t('import.progress.import', { rows: step.rows, total: step.total });
    return (
      <div
        id="import-status"
        class="import-progress"
        hx-get={`${self}/progress`}
        hx-trigger="every 500ms"
        hx-swap="outerHTML"
        aria-live="polite"
      >
        <progress max={step?.total || 1} value={step?.done ?? 0}></progress>
        <p>{text}</p>
        <p class="muted">
          <a href={self}>{t('import.progress.refresh')}</a>
        </p>
      </div>
    );
  }
  const result: ImportResult | undefined = job.result;
  return (
    <div id="import-status" class="import-result" role="status">
      <h2>{t('import.result.title')}</h2>
      {job.error ? (
        <div class="form-errors" role="alert">
          <p>{t('import.error.failed', { message: job.error })}</p>
        </div>
      ) : result ? (
        <>
          {result.status === 'rejected' ? (
            <div class="form-errors" role="alert">
              <p>{t('import.result.rejected')}</p>
            </div>
          ) : null}
          <p class="summary">
            {t('import.result.summary', {
              imported: result.imported,
              duplicates: result.duplicates,
              invalid: result.invalid,
            })}
          </p>
          <Problems ctx={ctx} report={result} />
          <CompleteExportSection ctx={ctx} report={result} />
        </>
      ) : null}
      <p>
        {recordsHref ? (
          <>
            <a href={recordsHref}>{t('import.result.records')}</a> ·{' '}
          </>
        ) : null}
        <a href={`/p/${projectId}/import`}>{t('import.again')}</a>
      </p>
    </div>
  );
};

export const JobPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  job: ImportJob;
  fileName: string;
  recordsHref?: string;
}> = ({ ctx, project, job, fileName, recordsHref }) => (
  <Page ctx={ctx} project={project} title={ctx.t('import.preview.title', { file: fileName })}>
    <h1>{ctx.t('import.preview.title', { file: fileName })}</h1>
    <JobStatus ctx={ctx} projectId={project.id} job={job} recordsHref={recordsHref} />
  </Page>
);
