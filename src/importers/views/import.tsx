/** The import pages: upload form (files, a zip or pasted BibTeX), templates, past imports; preview; progress; result. */
import type { FC } from 'hono/jsx';
import { CsrfField, FormErrors } from '../../ui/form';
import type { PageCtx } from '../../auth/views/shared';
import type { ImportBatchRow } from '../../db/schema';
import { RECORD_TYPES, type RecordType } from '../../plan/schema';
import { formatDateTime, formatNumber, type MessageKey } from '../../i18n';
import { Layout, type NavProject } from '../../ui/layout';
import type { ImportReport } from '../commit';
import type { ErrorPage } from '../error-log';
import { IMPORT_FORMATS } from '../types';
import type { ImportJob } from '../job-status';
import { ExportFields } from './complete-export';
import { ERRORS_PER_PAGE } from '../error-log';
import { firstErrors, formatKey, plural, Sections } from './problems';

const typeKey = (type: RecordType) => `import.type.${type}` as MessageKey;

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
  /** The upload limit (all files together), in bytes: said on the form and checked in the browser before sending. */
  maxBytes: number;
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

export const UploadPage: FC<UploadFormProps> = ({
  ctx,
  project,
  partners,
  batches,
  type,
  problem,
  maxBytes,
}) => {
  const { t, lang } = ctx;
  const base = `/p/${project.id}/import`;
  const maxMb = Math.floor(maxBytes / (1024 * 1024));
  return (
    <Page ctx={ctx} project={project} title={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <p>
        <a href={`/p/${project.id}/records/publications/doi`}>{t('doi.link')}</a>
      </p>
      <FormErrors t={t} message={problem} />
      <section class="card">
        {/* The CSRF field comes first: the streamed upload needs the token before it accepts any file. */}
        <form
          method="post"
          action={base}
          enctype="multipart/form-data"
          class="stack"
          id="upload"
          data-max-bytes={String(maxBytes)}
          data-too-large={t('import.error.tooLarge', { file: '{file}', max: maxMb })}
        >
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
              multiple
              accept=".csv,.txt,.xlsx,.bib,.bibtex,.ris,.json,.zip,text/csv,application/json,application/zip"
            />
          </label>
          <p class="muted">{t('import.limit', { max: maxMb })}</p>
          <div class="form-errors upload-refused" role="alert" hidden></div>
          <div class="upload-progress" hidden>
            <label>
              {t('import.uploading')} <progress max={100} value={0}></progress>
            </label>
          </div>
          <button type="submit">{t('import.upload')}</button>
        </form>
        <script src="/static/import-upload.js" defer></script>
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

/** The title of a preview or result: the file's name, or how many files. */
export const previewTitle = (t: PageCtx['t'], fileName: string, files: number): string =>
  files > 1
    ? t('import.preview.titleFiles', { count: files })
    : t('import.preview.title', { file: fileName });

export const PreviewPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  uploadId: string;
  fileName: string;
  report: ImportReport;
  /** The page of problems to show. */
  errors: ErrorPage;
}> = ({ ctx, project, uploadId, fileName, report, errors }) => {
  const { t } = ctx;
  const blocked = report.fileErrors.length > 0;
  const action = `/p/${project.id}/import/${uploadId}`;
  const title = previewTitle(t, fileName, report.files.length);
  return (
    <Page ctx={ctx} project={project} title={title}>
      <h1>{title}</h1>
      <Facts ctx={ctx} report={report} />
      <Sections ctx={ctx} report={report} errors={errors} base={action} />
      {blocked ? null : (
        <form method="post" action={action} class="row commit">
          <CsrfField />
          {report.invalid > 0 ? <p class="muted">{t('import.preview.allInvalid')}</p> : null}
          {report.invalid === 0 && report.valid === 0 ? (
            <p class="muted">{t('import.commit.nothingNew')}</p>
          ) : null}
          <button type="submit" name="mode" value="all" disabled={report.invalid > 0}>
            {plural(t, 'import.commit.all', report.valid + report.invalid)}
          </button>
          {report.invalid > 0 ? (
            <button type="submit" name="mode" value="valid">
              {plural(t, 'import.commit.valid', report.valid, { invalid: report.invalid })}
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
        ? t('import.progress.checking')
        : plural(t, 'import.progress.import', step.total, { rows: step.done, total: step.total });
    return (
      <div
        id="import-status"
        class="import-progress"
        hx-get={`${self}/progress`}
        hx-trigger="every 500ms"
        hx-swap="outerHTML"
        aria-live="polite"
        data-state={job.state}
        data-phase={step?.phase ?? 'start'}
      >
        <progress max={step?.total || 1} value={step?.done ?? 0}></progress>
        <p>{text}</p>
        <p class="muted">
          <a href={self}>{t('import.progress.refresh')}</a>
        </p>
      </div>
    );
  }
  const result = job.result;
  return (
    <div id="import-status" class="import-result" role="status" data-state={job.state}>
      <h2>{t('import.result.title')}</h2>
      {job.error ? (
        <div class="form-errors" role="alert">
          <p>{t('import.error.failed', { message: job.error })}</p>
        </div>
      ) : result ? (
        <>
          {result.interrupted ? (
            <p class="notice">
              {result.interrupted.outcome === 'committed'
                ? t('import.result.committedBeforeRestart')
                : t('import.result.rerun')}
            </p>
          ) : null}
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
          {'committedBeforeRestart' in result ? null : (
            <Sections ctx={ctx} report={result} errors={firstErrors(result, ERRORS_PER_PAGE)} />
          )}
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
  <Page ctx={ctx} project={project} title={previewTitle(ctx.t, fileName, job.files ?? 1)}>
    <h1>{previewTitle(ctx.t, fileName, job.files ?? 1)}</h1>
    <JobStatus ctx={ctx} projectId={project.id} job={job} recordsHref={recordsHref} />
  </Page>
);
