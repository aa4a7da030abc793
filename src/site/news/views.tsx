/**
 * The app's news pages (signed in): the list with each post's state, the form (new or edit; a refused save shows
 * what was typed and each error beside its field, 422), the coordinator's decisions (publish, withdraw, reject with
 * a reason) and the post's history from the audit trail. The preview is the site's own article page.
 */
import type { FC } from 'hono/jsx';
import { EntityHistory } from '../../audit/views/audit';
import type { AuditTrail } from '../../audit/service';
import { formatDate, type MessageKey } from '../../i18n';
import type { Plan } from '../../plan/schema';
import { FieldErrors, OtherErrors, errorsAbout, valueOf, type Draft } from '../../reports/views/draft';
import { CsrfField, Notice } from '../../ui/form';
import { Badge, PlanPage, type ViewCtx } from '../../ui/parts';
import type { NewsRow } from './repository';
import { NEWS_FIELDS } from './schema';

const stateLabel = (ctx: ViewCtx, state: string) => ctx.t(`news.state.${state}` as MessageKey);

const Field: FC<{
  ctx: ViewCtx;
  draft?: Draft | undefined;
  name: string;
  value?: string | null | undefined;
  type?: string;
  rows?: number;
  lang?: 'en' | 'ja';
  required?: boolean;
}> = (p) => {
  const value = valueOf(p.draft, p.name, p.value);
  const invalid = errorsAbout(p.draft, p.name).length > 0;
  const described = invalid ? { 'aria-invalid': 'true', 'aria-describedby': `err-${p.name}` } : {};
  const label = p.ctx.t(`news.field.${p.name}` as MessageKey);
  return (
    <label>
      {label}
      {p.rows ? (
        <textarea name={p.name} rows={p.rows} lang={p.lang} required={p.required} {...described}>
          {value}
        </textarea>
      ) : (
        <input
          type={p.type ?? 'text'}
          name={p.name}
          value={value}
          lang={p.lang}
          required={p.required}
          {...described}
        />
      )}
      <FieldErrors ctx={p.ctx} draft={p.draft} name={p.name} />
    </label>
  );
};

export const NewsListView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  rows: NewsRow[];
  canWrite: boolean;
  siteUrl: string | null;
}> = ({ ctx, projectId, plan, rows, canWrite, siteUrl }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/news`;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('news.title')}>
      <h1>{t('news.title')}</h1>
      <p>{t('news.intro')}</p>
      {siteUrl ? (
        <p>
          <a href={siteUrl}>{t('news.publicSite')}</a>
        </p>
      ) : null}
      {canWrite ? (
        <p>
          <a href={`${base}/new`}>{t('news.new')}</a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t('news.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('news.field.title_en')}</th>
              <th scope="col">{t('news.field.publish_on')}</th>
              <th scope="col">{t('news.col.state')}</th>
              <th scope="col">{t('news.col.partner')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`${base}/${r.id}`}>{r.titleEn}</a>
                </td>
                <td>{formatDate(lang, r.publishOn)}</td>
                <td>
                  <Badge warn={r.state === 'proposed'}>{stateLabel(ctx, r.state)}</Badge>
                </td>
                <td>{r.partnerCode ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PlanPage>
  );
};

/** The post's form: new (no row) or edit. `manager`: the coordinator's wording (a partner's save proposes). */
export const NewsForm: FC<{
  ctx: ViewCtx;
  projectId: string;
  row?: NewsRow | undefined;
  draft?: Draft | undefined;
  manager: boolean;
}> = ({ ctx, projectId, row, draft, manager }) => {
  const { t } = ctx;
  const base = `/p/${projectId}/news`;
  const version = valueOf(draft, 'version', row ? String(row.version) : undefined);
  return (
    <form
      method="post"
      action={row ? `${base}/${row.id}` : base}
      enctype="multipart/form-data"
      id="news-form"
    >
      <CsrfField />
      <OtherErrors ctx={ctx} draft={draft} fields={[...NEWS_FIELDS, 'image']} />
      {row ? <input type="hidden" name="version" value={version} /> : null}
      <Field ctx={ctx} draft={draft} name="slug" value={row?.slug} required />
      <Field ctx={ctx} draft={draft} name="publish_on" type="date" value={row?.publishOn} required />
      <fieldset>
        <legend>{t('news.english')}</legend>
        <Field ctx={ctx} draft={draft} name="title_en" value={row?.titleEn} lang="en" required />
        <Field ctx={ctx} draft={draft} name="summary_en" value={row?.summaryEn} rows={3} lang="en" required />
        <Field ctx={ctx} draft={draft} name="body_en" value={row?.bodyEn} rows={12} lang="en" required />
      </fieldset>
      <fieldset>
        <legend>{t('news.japanese')}</legend>
        <p class="muted">{t('news.japaneseHint')}</p>
        <Field ctx={ctx} draft={draft} name="title_ja" value={row?.titleJa} lang="ja" />
        <Field ctx={ctx} draft={draft} name="summary_ja" value={row?.summaryJa} rows={3} lang="ja" />
        <Field ctx={ctx} draft={draft} name="body_ja" value={row?.bodyJa} rows={12} lang="ja" />
      </fieldset>
      <fieldset>
        <legend>{t('news.image')}</legend>
        {row?.imageSha256 ? (
          <p>
            <img src={`${base}/${row.id}/image`} alt={row.imageAltEn ?? ''} class="news-thumb" width="240" />
            <label>
              <input type="checkbox" name="remove_image" value="1" /> {t('news.field.remove_image')}
            </label>
          </p>
        ) : null}
        <label>
          {t('news.field.image')}
          <input type="file" name="image" accept="image/png,image/jpeg,image/webp,image/gif" />
          <FieldErrors ctx={ctx} draft={draft} name="image" />
        </label>
        <Field ctx={ctx} draft={draft} name="image_alt_en" value={row?.imageAltEn} lang="en" />
        <Field ctx={ctx} draft={draft} name="image_alt_ja" value={row?.imageAltJa} lang="ja" />
      </fieldset>
      <p class="muted">{t('news.markdownHint')}</p>
      <button type="submit">{manager ? t('news.save') : t('news.saveProposal')}</button>
    </form>
  );
};

export const NewsNewView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  draft?: Draft | undefined;
  manager: boolean;
}> = ({ ctx, projectId, plan, draft, manager }) => (
  <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={ctx.t('news.new')}>
    <h1>{ctx.t('news.new')}</h1>
    <p>{manager ? ctx.t('news.newIntro') : ctx.t('news.proposeIntro')}</p>
    <NewsForm ctx={ctx} projectId={projectId} draft={draft} manager={manager} />
  </PlanPage>
);

const Decision: FC<{ ctx: ViewCtx; action: string; row: NewsRow; label: string; reason?: boolean }> = ({
  ctx,
  action,
  row,
  label,
  reason,
}) => (
  <form
    method="post"
    action={`/p/${row.projectId}/news/${row.id}/${action}`}
    class={reason ? undefined : 'inline'}
  >
    <CsrfField />
    <input type="hidden" name="version" value={String(row.version)} />
    {reason ? (
      <label>
        {ctx.t('news.field.reason')}
        <textarea name="reason" rows={2} required />
      </label>
    ) : null}
    <button type="submit">{label}</button>
  </form>
);

export const NewsEditView: FC<{
  ctx: ViewCtx;
  plan: Plan;
  row: NewsRow;
  draft?: Draft | undefined;
  canEdit: boolean;
  manager: boolean;
  history: AuditTrail | null;
  saved: boolean;
  publicUrl: string | null;
}> = ({ ctx, plan, row, draft, canEdit, manager, history, saved, publicUrl }) => {
  const { t, lang } = ctx;
  const base = `/p/${row.projectId}/news/${row.id}`;
  return (
    <PlanPage ctx={ctx} projectId={row.projectId} plan={plan} title={row.titleEn}>
      <p>
        <a href={`/p/${row.projectId}/news`}>{t('news.title')}</a>
      </p>
      <h1>{row.titleEn}</h1>
      {saved ? <Notice>{t('news.saved')}</Notice> : null}
      <p>
        {t('news.col.state')}: <Badge warn={row.state === 'proposed'}>{stateLabel(ctx, row.state)}</Badge> ·{' '}
        {t('news.field.publish_on')}: {formatDate(lang, row.publishOn)}
        {row.partnerCode ? ` · ${t('news.proposedBy', { partner: row.partnerCode })}` : ''}
      </p>
      {row.rejectionReason ? (
        <p class="notice" role="note">
          {t('news.rejected', { reason: row.rejectionReason })}
        </p>
      ) : null}
      <p>
        {t('news.preview')}: <a href={`${base}/preview/en`}>English</a> ·{' '}
        <a href={`${base}/preview/ja`} lang="ja" hreflang="ja">
          日本語
        </a>
        {publicUrl ? (
          <>
            {' '}
            · <a href={publicUrl}>{t('news.publicPage')}</a>
          </>
        ) : null}
      </p>
      {manager ? (
        <div class="actions">
          {row.state === 'published' ? (
            <Decision ctx={ctx} action="withdraw" row={row} label={t('news.withdraw')} />
          ) : (
            <Decision
              ctx={ctx}
              action="publish"
              row={row}
              label={row.state === 'proposed' ? t('news.approve') : t('news.publish')}
            />
          )}
          {row.state === 'proposed' ? (
            <Decision ctx={ctx} action="reject" row={row} label={t('news.reject')} reason />
          ) : null}
        </div>
      ) : null}
      {canEdit ? (
        <>
          <h2>{t('news.edit')}</h2>
          <NewsForm ctx={ctx} projectId={row.projectId} row={row} draft={draft} manager={manager} />
        </>
      ) : null}
      {history ? <EntityHistory t={t} lang={lang} trail={history} /> : null}
    </PlanPage>
  );
};
