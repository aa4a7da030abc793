/**
 * A post's pages: the form (new or edit; channel from the plan, local time, text with its live count through htmx,
 * image and alternative text; a refused save shows what was typed and each error beside its field, 422), and the
 * post with its findings, the channel runner's actions (plan, cancel, mark posted with the URL) and its history.
 */
import type { FC } from 'hono/jsx';
import { EntityHistory } from '../../audit/views/audit';
import type { AuditTrail } from '../../audit/service';
import { formatDateTime, type MessageKey } from '../../i18n';
import { localize, type Plan, type ProjectChannel } from '../../plan/schema';
import { FieldErrors, OtherErrors, errorsAbout, valueOf, type Draft } from '../../reports/views/draft';
import { CsrfField, Notice } from '../../ui/form';
import { Badge, PlanPage, type ViewCtx } from '../../ui/parts';
import type { SocialFinding } from '../checks';
import type { SocialPostRow } from '../repository';
import { POSTED_FIELDS, SOCIAL_FIELDS } from '../schema';
import { toLocalInput } from '../time';
import { FindingList, channelLabel, socialBase } from './calendar';

const invalid = (draft: Draft | undefined, name: string) =>
  errorsAbout(draft, name).length > 0 ? { 'aria-invalid': 'true', 'aria-describedby': `err-${name}` } : {};

/** The live count's text: `{length} / {max} characters on {network}`. */
export const CountText: FC<{ ctx: ViewCtx; count: LiveCount }> = ({ ctx, count }) => (
  <output id="social-count" class={count.max !== undefined && count.length > count.max ? 'over' : undefined}>
    {count.max !== undefined
      ? ctx.t('social.count', { length: count.length, max: count.max, network: count.network ?? '' })
      : ctx.t('social.countNone', { length: count.length })}
  </output>
);

export interface PostFormProps {
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  tz: string;
  channels: ProjectChannel[];
  coordinator: boolean;
  row?: SocialPostRow | undefined;
  draft?: Draft | undefined;
  date?: string | undefined;
  count: LiveCount;
}

export interface LiveCount {
  length: number;
  max?: number | undefined;
  network?: string | undefined;
}

export const PostForm: FC<PostFormProps> = (p) => {
  const { ctx, row, draft } = p;
  const { t, lang } = ctx;
  const base = socialBase(p.projectId);
  const value = (name: string, stored: string | null | undefined) => valueOf(draft, name, stored);
  const channel = value('channel', row?.channelId ?? p.channels[0]?.id);
  const partner = value('partner', row?.partnerCode);
  return (
    <form
      method="post"
      action={row ? `${base}/${row.id}` : base}
      enctype="multipart/form-data"
      id="social-form"
    >
      <CsrfField />
      <OtherErrors ctx={ctx} draft={draft} fields={[...SOCIAL_FIELDS, 'image']} />
      {row ? (
        <input type="hidden" name="version" value={valueOf(draft, 'version', String(row.version))} />
      ) : null}
      <label>
        {t('social.field.channel')}
        <select
          name="channel"
          id="social-channel"
          hx-post={`${base}/count`}
          hx-trigger="change"
          hx-include="#social-text, #social-channel"
          hx-target="#social-count"
          hx-swap="outerHTML"
          {...invalid(draft, 'channel')}
        >
          {p.channels.map((c) => (
            <option value={c.id} selected={c.id === channel}>
              {localize(c.label, lang)} ({c.kind})
            </option>
          ))}
        </select>
        <FieldErrors ctx={ctx} draft={draft} name="channel" />
      </label>
      <label>
        {t('social.field.planned_at')} ({p.tz})
        <input
          type="datetime-local"
          name="planned_at"
          required
          value={value(
            'planned_at',
            row ? toLocalInput(row.plannedAt, p.tz) : p.date ? `${p.date}T09:00` : '',
          )}
          {...invalid(draft, 'planned_at')}
        />
        <FieldErrors ctx={ctx} draft={draft} name="planned_at" />
      </label>
      <label>
        {t('social.field.text')}
        <textarea
          name="text"
          id="social-text"
          rows={6}
          required
          hx-post={`${base}/count`}
          hx-trigger="input changed delay:150ms"
          hx-include="#social-text, #social-channel"
          hx-target="#social-count"
          hx-swap="outerHTML"
          aria-describedby="social-count"
          {...invalid(draft, 'text')}
        >
          {value('text', row?.text)}
        </textarea>
        <FieldErrors ctx={ctx} draft={draft} name="text" />
      </label>
      <p aria-live="polite">
        <CountText ctx={ctx} count={p.count} />
        <br />
        <small class="muted">{t('social.countHint')}</small>
      </p>
      {p.coordinator ? (
        <label>
          {t('social.field.partner')}
          <select name="partner" {...invalid(draft, 'partner')}>
            <option value="">{t('social.partnerNone')}</option>
            {p.plan.partners.map((x) => (
              <option value={x.code} selected={x.code === partner}>
                {x.code}
              </option>
            ))}
          </select>
          <FieldErrors ctx={ctx} draft={draft} name="partner" />
        </label>
      ) : null}
      <fieldset>
        <legend>{t('social.image')}</legend>
        {row?.imageSha256 ? (
          <p>
            <img src={`${base}/${row.id}/image`} alt={row.imageAlt ?? ''} class="news-thumb" width="240" />
            <label>
              <input type="checkbox" name="remove_image" value="1" /> {t('social.field.remove_image')}
            </label>
          </p>
        ) : null}
        <label>
          {t('social.field.image')}
          <input type="file" name="image" accept="image/png,image/jpeg,image/webp,image/gif" />
          <FieldErrors ctx={ctx} draft={draft} name="image" />
        </label>
        <label>
          {t('social.field.image_alt')}
          <input
            type="text"
            name="image_alt"
            value={value('image_alt', row?.imageAlt)}
            {...invalid(draft, 'image_alt')}
          />
          <FieldErrors ctx={ctx} draft={draft} name="image_alt" />
        </label>
      </fieldset>
      <button type="submit">{t('social.save')}</button>
    </form>
  );
};

export const NewPostPage: FC<{ form: PostFormProps }> = ({ form }) => (
  <PlanPage ctx={form.ctx} projectId={form.projectId} plan={form.plan} title={form.ctx.t('social.new')}>
    <p>
      <a href={socialBase(form.projectId)}>{form.ctx.t('social.back')}</a>
    </p>
    <h1>{form.ctx.t('social.new')}</h1>
    <PostForm {...form} />
  </PlanPage>
);

const Action: FC<{ ctx: ViewCtx; row: SocialPostRow; action: string; label: string }> = ({
  row,
  action,
  label,
}) => (
  <form method="post" action={`${socialBase(row.projectId)}/${row.id}/${action}`} class="inline">
    <CsrfField />
    <input type="hidden" name="version" value={String(row.version)} />
    <button type="submit">{label}</button>
  </form>
);

export const PostPage: FC<{
  ctx: ViewCtx;
  plan: Plan;
  tz: string;
  row: SocialPostRow;
  findings: SocialFinding[];
  runsChannel: boolean;
  saved: boolean;
  history: AuditTrail | null;
  postedDraft?: Draft | undefined;
  form: PostFormProps | null;
}> = (p) => {
  const { ctx, row, plan } = p;
  const { t, lang } = ctx;
  const base = socialBase(row.projectId);
  const open = row.state === 'draft' || row.state === 'planned';
  const heading = t('social.post', { channel: channelLabel(plan, row.channelId, lang) });
  return (
    <PlanPage ctx={ctx} projectId={row.projectId} plan={plan} title={heading}>
      <p>
        <a href={`${base}?view=week&date=${toLocalInput(row.plannedAt, p.tz).slice(0, 10)}`}>
          {t('social.back')}
        </a>
      </p>
      <h1>{heading}</h1>
      {p.saved ? <Notice>{t('social.saved')}</Notice> : null}
      <p data-state={row.state}>
        <Badge>{t(`social.state.${row.state}` as MessageKey)}</Badge> · {t('social.field.planned_at')}:{' '}
        {toLocalInput(row.plannedAt, p.tz).replace('T', ' ')} ({p.tz})
        {row.partnerCode ? ` · ${t('social.field.partner')}: ${row.partnerCode}` : ''}
      </p>
      <blockquote class="social-text">{row.text}</blockquote>
      <p class="muted">
        {t('social.tags', {
          hashtags: row.hashtags.join(' ') || '–',
          mentions: row.mentions.join(' ') || '–',
        })}
      </p>
      {row.imageSha256 ? (
        <p>
          <img src={`${base}/${row.id}/image`} alt={row.imageAlt ?? ''} class="news-thumb" width="240" />
        </p>
      ) : null}
      {row.postedUrl ? (
        <p>
          {t('social.postedAs', { when: row.postedAt ? formatDateTime(lang, row.postedAt) : '' })}{' '}
          <a href={row.postedUrl} rel="noopener noreferrer">
            {row.postedUrl}
          </a>
          {row.activityId ? (
            <>
              {' · '}
              <a href={`/p/${row.projectId}/records/activities/${row.activityId}`}>{t('social.activity')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <FindingList ctx={ctx} findings={p.findings} />
      {p.runsChannel && open ? (
        <div class="actions">
          {row.state === 'draft' ? (
            <Action ctx={ctx} row={row} action="plan" label={t('social.plan')} />
          ) : null}
          <Action ctx={ctx} row={row} action="cancel" label={t('social.cancel')} />
          <form method="post" action={`${base}/${row.id}/posted`} id="social-posted">
            <CsrfField />
            <input type="hidden" name="version" value={String(row.version)} />
            <OtherErrors ctx={ctx} draft={p.postedDraft} fields={POSTED_FIELDS} />
            <label>
              {t('social.field.url')}
              <input
                type="url"
                name="url"
                required
                value={valueOf(p.postedDraft, 'url', '')}
                {...invalid(p.postedDraft, 'url')}
              />
              <FieldErrors ctx={ctx} draft={p.postedDraft} name="url" />
            </label>
            <label>
              {t('social.field.posted_at')} ({p.tz})
              <input
                type="datetime-local"
                name="posted_at"
                value={valueOf(p.postedDraft, 'posted_at', toLocalInput(ctx.now, p.tz))}
                {...invalid(p.postedDraft, 'posted_at')}
              />
              <FieldErrors ctx={ctx} draft={p.postedDraft} name="posted_at" />
            </label>
            <button type="submit">{t('social.markPosted')}</button>
          </form>
        </div>
      ) : null}
      {p.form ? (
        <>
          <h2>{t('social.edit')}</h2>
          <PostForm {...p.form} />
        </>
      ) : null}
      {p.history ? <EntityHistory t={t} lang={lang} trail={p.history} /> : null}
    </PlanPage>
  );
};
