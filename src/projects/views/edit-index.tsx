/** The plan editor's index: the sections with a form, the others (YAML for now), YAML download and upload. */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import type { Plan } from '../../plan/schema';
import { CsrfField, detailText } from '../../ui/form';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import { EDIT_FORMS, type EditForm } from '../edit-forms';
import { editBase } from './edit-form';

export const EditIndexPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  version: number;
  notice?: string;
  /** A refused upload: its message and located problems. */
  upload?: { message: string; details: ErrorDetail[] };
}> = ({ ctx, projectId, plan, version, notice, upload }) => {
  const { t } = ctx;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('planEdit.title')}>
      <h1>{t('planEdit.title')}</h1>
      <p>{t('planEdit.intro')}</p>
      <p class="muted">{t('planEdit.version', { v: version })}</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h2>{t('planEdit.sections')}</h2>
      <ul class="plan-edit-sections">
        {(Object.keys(EDIT_FORMS) as EditForm[]).map((form) => (
          <li data-section={form}>
            <a href={`${editBase(projectId)}/${form}`}>{t(`planEdit.section.${form}`)}</a>
            <br />
            <small class="muted">{t(`planEdit.section.${form}.hint`)}</small>
          </li>
        ))}
      </ul>
      <p class="muted">{t('planEdit.section.later')}</p>
      <h2>{t('planEdit.yaml')}</h2>
      <p>
        <a href={`/p/${projectId}/plan.yaml`} download hx-boost="false">
          {t('planEdit.download')}
        </a>
      </p>
      <h3>{t('planEdit.upload')}</h3>
      {upload ? (
        <div class="form-errors" role="alert">
          <p>{upload.message}</p>
          {upload.details.length ? (
            <ul>
              {upload.details.map((d) => (
                <li data-field={d.path} data-line={d.line} data-column={d.column}>
                  {d.line !== undefined
                    ? `${t('planEdit.where', { line: d.line, column: d.column ?? 1 })}: `
                    : ''}
                  {d.path ? <code>{d.path}</code> : null} {detailText(t, d)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form
        method="post"
        action={`/p/${projectId}/plan/import`}
        enctype="multipart/form-data"
        class="plan-upload"
        hx-boost="false"
      >
        <CsrfField />
        <label for="f-plan-file">{t('planEdit.upload.file')}</label>{' '}
        <input id="f-plan-file" type="file" name="file" accept=".yaml,.yml,application/yaml,text/yaml" />{' '}
        <button type="submit">{t('planEdit.upload.submit')}</button>
      </form>
    </PlanPage>
  );
};
