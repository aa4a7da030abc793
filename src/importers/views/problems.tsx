/**
 * The sections of an import preview and result, in order (`PREVIEW_SECTIONS`: add a section by adding to the list):
 * per-file counts, file errors, notes, problems grouped by kind with counts, the paged problem list (plain links,
 * works without JS) with its CSV download, and duplicates.
 */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import { formatNumber, hasKey, type MessageKey, type Translator } from '../../i18n';
import type { ImportReport } from '../commit';
import { OTHER_GROUP, type ErrorGroup } from '../error-groups';
import { entryLabel, problemText, type ErrorPage } from '../error-log';
import { asNote, type ImportFormat } from '../types';
import { CompleteExportSection } from './complete-export';
import { Conflicts } from './conflicts';
import { DateNotesSection } from './date-notes';

/** `key.one` for 1, `key.other` otherwise (English plurals; Japanese gives both the same text). */
export const plural = (
  t: Translator,
  key: string,
  count: number,
  params: Record<string, string | number> = {},
): string => t(`${key}.${count === 1 ? 'one' : 'other'}` as MessageKey, { count, ...params });

export const formatKey = (format: ImportFormat) => `import.format.${format}` as MessageKey;

export interface SectionProps {
  ctx: PageCtx;
  report: ImportReport;
  /** The page of problems to list; the result of a commit lists the first ones, without pages. */
  errors: ErrorPage;
  /** The preview's address (paging links, the CSV download); none on a result. */
  base?: string;
}

/** Per-file counts and their totals, when several files are imported together. */
export const FilesSection: FC<SectionProps> = ({ ctx, report }) => {
  const { t, lang } = ctx;
  if (report.files.length < 2) return null;
  const n = (v: number) => formatNumber(lang, v);
  return (
    <>
      <h2>{t('import.preview.files')}</h2>
      <div class="scroll">
        <table class="import-files">
          <thead>
            <tr>
              <th>{t('import.col.file')}</th>
              <th>{t('import.preview.format')}</th>
              <th class="num">{t('import.col.rows')}</th>
              <th class="num">{t('import.preview.valid')}</th>
              <th class="num">{t('import.col.duplicates')}</th>
              <th class="num">{t('import.col.invalid')}</th>
            </tr>
          </thead>
          <tbody>
            {report.files.map((f) => (
              <tr data-file={f.name}>
                <td>{f.name}</td>
                <td>{t(formatKey(f.format))}</td>
                <td class="num">{n(f.rows)}</td>
                <td class="num">{n(f.valid)}</td>
                <td class="num">{n(f.duplicates)}</td>
                <td class="num">{n(f.invalid)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-file="">
              <th>{t('import.preview.total')}</th>
              <td></td>
              <td class="num">{n(report.rows)}</td>
              <td class="num">{n(report.valid)}</td>
              <td class="num">{n(report.duplicates)}</td>
              <td class="num">{n(report.invalid)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
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

/** Where an error is: `file, line 20, entry 2 "key"` in the viewer's language. */
const where = (ctx: PageCtx, e: ImportReport['fileErrors'][number]) =>
  [
    e.file,
    e.line !== undefined ? `${ctx.t('import.col.line')} ${e.line}` : undefined,
    entryLabel(ctx.lang, e),
  ]
    .filter((s) => s)
    .join(', ');

export const FileErrorsSection: FC<SectionProps> = ({ ctx, report }) =>
  report.fileErrors.length > 0 ? (
    <div class="form-errors file-errors" role="alert">
      <p>{ctx.t('import.preview.fileErrors')}</p>
      <ul>
        {report.fileErrors.map((e) => (
          <li>
            {where(ctx, e) ? `${where(ctx, e)}: ` : ''}
            {problemText(ctx.lang, e)}
          </li>
        ))}
      </ul>
    </div>
  ) : null;

export const NotesSection: FC<SectionProps> = ({ ctx, report }) =>
  report.warnings.length > 0 ? (
    <>
      <h2>{ctx.t('import.preview.warnings')}</h2>
      <ul class="warnings">
        {report.warnings.map((w) => {
          const n = asNote(w);
          const text = n.key !== undefined ? problemText(ctx.lang, { row: 0, ...n, key: n.key }) : n.message;
          return <li>{report.files.length > 1 && n.file ? `${n.file}: ${text}` : text}</li>;
        })}
      </ul>
    </>
  ) : null;

const groupText = (ctx: PageCtx, g: ErrorGroup) =>
  g.id === OTHER_GROUP ? ctx.t('import.preview.other') : problemText(ctx.lang, g.example);

/** Problems counted by kind (i18n key and column), each linking to its own list. */
export const GroupsSection: FC<SectionProps> = ({ ctx, report, base }) => {
  const { t, lang } = ctx;
  if (report.errorGroups.length === 0) return null;
  return (
    <>
      <h2>{t('import.preview.groups')}</h2>
      <table class="error-groups">
        <thead>
          <tr>
            <th>{t('import.col.column')}</th>
            <th>{t('import.col.message')}</th>
            <th class="num">{t('import.col.count')}</th>
          </tr>
        </thead>
        <tbody>
          {report.errorGroups.map((g) => (
            <tr data-problem={g.id}>
              <td>{g.id === OTHER_GROUP ? '' : columnText(ctx, g.example.column)}</td>
              <td>
                {groupText(ctx, g)}
                {base ? (
                  <>
                    {' '}
                    <a href={`${base}?problem=${g.id}#problems`}>{t('import.preview.showGroup')}</a>
                  </>
                ) : null}
              </td>
              <td class="num" data-count={g.id}>
                {formatNumber(lang, g.count)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};

/** Links to the pages of the problem list (plain links: no JS needed). */
const Pager: FC<{ t: Translator; base: string; page: ErrorPage }> = ({ t, base, page }) => {
  if (page.pages < 2) return null;
  const href = (n: number) => `${base}?${page.problem ? `problem=${page.problem}&` : ''}page=${n}#problems`;
  const label = t('import.preview.page', { page: String(page.page), pages: String(page.pages) });
  return (
    <nav class="pager" aria-label={label}>
      {page.page > 1 ? <a href={href(page.page - 1)}>{t('import.preview.prev')}</a> : null}
      <span>{label}</span>
      {page.page < page.pages ? (
        <a href={href(page.page + 1)} rel="next">
          {t('import.preview.next')}
        </a>
      ) : null}
    </nav>
  );
};

/** One page of the problems (all, or one kind), with the CSV download of all of them. */
export const ErrorsSection: FC<SectionProps> = ({ ctx, report, errors, base }) => {
  const { t } = ctx;
  if (report.errorCount === 0) return null;
  const group = report.errorGroups.find((g) => g.id === errors.problem);
  const listed = base ? 0 : report.errorCount - errors.errors.length;
  return (
    <section id="problems">
      <h2>{t('import.preview.errors')}</h2>
      {base ? (
        <p class="row">
          <a href={`${base}/errors.csv`} hx-boost="false" download>
            {plural(t, 'import.preview.download', report.errorCount)}
          </a>
          {group ? (
            <>
              <span>{t('import.preview.filtered', { problem: groupText(ctx, group) })}</span>
              <a href={`${base}#problems`}>{t('import.preview.allProblems')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <div class="scroll">
        <table class="row-errors">
          <thead>
            <tr>
              <th>{t('import.col.file')}</th>
              <th class="num">{t('import.col.line')}</th>
              <th>{t('import.col.entry')}</th>
              <th>{t('import.col.column')}</th>
              <th>{t('import.col.message')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.errors.map((e) => (
              <tr data-row={e.row}>
                <td>{e.file ?? ''}</td>
                <td class="num">{e.line ?? ''}</td>
                <td>{entryLabel(ctx.lang, e)}</td>
                <td>{columnText(ctx, e.column)}</td>
                <td>{problemText(ctx.lang, e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {base ? <Pager t={t} base={base} page={errors} /> : null}
      {listed > 0 ? <p class="muted">{plural(t, 'import.preview.moreErrors', listed)}</p> : null}
    </section>
  );
};

/** Duplicates shown on a page; the counts say how many more. */
const LISTED_DUPLICATES = 200;

export const DuplicatesSection: FC<SectionProps> = ({ ctx, report }) => {
  const { t } = ctx;
  if (report.duplicateRows.length === 0) return null;
  const shown = report.duplicateRows.slice(0, LISTED_DUPLICATES);
  const more = report.duplicates - shown.length;
  const several = report.files.length > 1;
  return (
    <>
      <h2>{t('import.preview.duplicateRows')}</h2>
      <div class="scroll">
        <table class="duplicates">
          <thead>
            <tr>
              {several ? <th>{t('import.col.file')}</th> : null}
              <th class="num">{t('import.col.row')}</th>
              <th>{t('import.col.record')}</th>
              <th>{t('import.col.duplicateOf')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr data-row={d.row}>
                {several ? <td>{d.file ?? ''}</td> : null}
                <td class="num">{d.row}</td>
                <td>{d.label}</td>
                <td>
                  {d.of === 'database'
                    ? t('import.duplicateOf.database')
                    : `${d.ofFile ? `${d.ofFile}, ` : ''}${t('import.duplicateOf.row', { row: String(d.of) })}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 ? <p class="muted">{plural(t, 'import.preview.moreDuplicates', more)}</p> : null}
    </>
  );
};

/** Approximate dates and rows outside the project period (src/importers/date-notes.ts). */
const DatesSection: FC<SectionProps> = ({ ctx, report }) => (
  <DateNotesSection ctx={ctx} notes={report.dates} />
);

/** The sections of a preview (and of a result), in order. Add a section here. */
export const PREVIEW_SECTIONS: FC<SectionProps>[] = [
  FilesSection,
  FileErrorsSection,
  NotesSection,
  GroupsSection,
  ErrorsSection,
  DuplicatesSection,
  Conflicts,
  CompleteExportSection,
  DatesSection,
];

/** Every section of a report, in order. */
export const Sections: FC<SectionProps> = (props) => (
  <>
    {PREVIEW_SECTIONS.map((Section) => (
      <Section {...props} />
    ))}
  </>
);

/** The first problems of a report as a page without links (a commit's result keeps no error log). */
export const firstErrors = (report: ImportReport, size: number): ErrorPage => ({
  errors: report.errors.slice(0, size),
  page: 1,
  pages: 1,
  total: report.errorCount,
});
