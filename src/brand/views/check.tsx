/** The brand checker's page: the upload and paste forms, then the result grouped by severity. */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import type { MessageKey } from '../../i18n';
import { CsrfField, FormErrors } from '../../ui/form';
import type { ViewCtx } from '../../ui/parts';
import { NETWORKS } from '../reference/networks';
import { locationText, renderDiagnostic } from '../render';
import { PASTE_KINDS, type CheckOutcome } from '../service';
import { CONTEXTS, SEVERITIES, type Diagnostic } from '../types';

export const checkHref = (projectId: string) => `/p/${projectId}/brand/check`;

/** A clean result's evidence form, or why there is none (filled in by the routes). */
export interface EvidenceChoice {
  /** The pending file's token (its SHA-256) and name. */
  sha256: string;
  fileName: string;
  context: string;
  activities: { id: string; title: string }[];
  /** The file's type cannot be evidence. */
  notEvidence?: boolean;
}

export interface CheckPageProps {
  ctx: ViewCtx;
  projectId: string;
  outcome?: CheckOutcome;
  evidence?: EvidenceChoice;
  /** Why the last check could not run (a file that cannot be read, a bad field). */
  error?: { message: string; details?: ErrorDetail[] };
  notice?: string;
}

const ContextSelect: FC<{ ctx: ViewCtx; id: string }> = ({ ctx, id }) => (
  <p>
    <label for={id}>{ctx.t('brand.page.context')}</label>
    <select id={id} name="context">
      {CONTEXTS.map((c) => (
        <option value={c}>{ctx.t(`brand.context.${c}` as MessageKey)}</option>
      ))}
    </select>
  </p>
);

const Forms: FC<{ ctx: ViewCtx; projectId: string }> = ({ ctx, projectId }) => {
  const { t } = ctx;
  return (
    <div class="brand-forms">
      <form
        method="post"
        action={checkHref(projectId)}
        enctype="multipart/form-data"
        hx-boost="false"
        class="upload"
        aria-labelledby="brand-upload"
      >
        <h2 id="brand-upload">{t('brand.page.upload')}</h2>
        <CsrfField />
        <p>
          <label for="brand-file">{t('brand.page.file')}</label>
          <input id="brand-file" type="file" name="file" required />
        </p>
        <ContextSelect ctx={ctx} id="brand-file-context" />
        <button type="submit">{t('brand.page.check')}</button>
      </form>
      <form
        method="post"
        action={`${checkHref(projectId)}/text`}
        hx-boost="false"
        aria-labelledby="brand-paste"
      >
        <h2 id="brand-paste">{t('brand.page.paste')}</h2>
        <CsrfField />
        <p>
          <label for="brand-text">{t('brand.page.text')}</label>
          <textarea id="brand-text" name="text" rows={6} required></textarea>
        </p>
        <p>
          <label for="brand-kind">{t('brand.page.kind')}</label>
          <select id="brand-kind" name="kind">
            {PASTE_KINDS.map((k) => (
              <option value={k}>{t(`brand.page.kind.${k}`)}</option>
            ))}
          </select>
        </p>
        <p>
          <label for="brand-network">{t('brand.page.network')}</label>
          <select id="brand-network" name="network">
            <option value="">{t('brand.page.network.none')}</option>
            {Object.keys(NETWORKS).map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </p>
        <ContextSelect ctx={ctx} id="brand-text-context" />
        <button type="submit">{t('brand.page.check')}</button>
      </form>
    </div>
  );
};

const Findings: FC<{ ctx: ViewCtx; severity: string; diagnostics: Diagnostic[] }> = ({
  ctx,
  severity,
  diagnostics,
}) => {
  const { t, lang } = ctx;
  if (!diagnostics.length) return null;
  return (
    <section class={`brand-group brand-${severity}`} data-severity={severity}>
      <h3>
        {t(`brand.page.group.${severity}` as MessageKey)} ({diagnostics.length})
      </h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('brand.page.location')}</th>
            <th scope="col">{t('brand.page.rule')}</th>
            <th scope="col">{t('brand.page.message')}</th>
            <th scope="col">{t('brand.page.suggestion')}</th>
          </tr>
        </thead>
        <tbody>
          {diagnostics.map((d) => {
            const r = renderDiagnostic(d, lang);
            return (
              <tr data-rule={r.ruleId}>
                <td>{locationText(r.location, lang)}</td>
                <td>
                  <code>{r.ruleId}</code>
                </td>
                <td>{r.message}</td>
                <td>{r.suggestion}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
};

export const CheckResult: FC<{
  ctx: ViewCtx;
  projectId: string;
  outcome: CheckOutcome;
  evidence?: EvidenceChoice;
}> = ({ ctx, projectId, outcome, evidence }) => {
  const { t } = ctx;
  const { result, errors, warnings, notes } = outcome;
  return (
    <section id="brand-result" aria-labelledby="brand-result-title" data-errors={errors}>
      <h2 id="brand-result-title">{t('brand.page.result', { file: result.file })}</h2>
      <p role="status" class={errors ? 'brand-failed' : 'brand-clean'}>
        {errors
          ? t('brand.page.failed', { errors, warnings, notes })
          : t('brand.page.clean', { warnings, notes })}
      </p>
      {SEVERITIES.map((s) => (
        <Findings ctx={ctx} severity={s} diagnostics={result.diagnostics.filter((d) => d.severity === s)} />
      ))}
      {evidence ? <EvidenceForm ctx={ctx} evidence={evidence} projectId={projectId} /> : null}
    </section>
  );
};

export const EvidenceForm: FC<{ ctx: ViewCtx; evidence: EvidenceChoice; projectId: string }> = ({
  ctx,
  evidence,
  projectId,
}) => {
  const { t } = ctx;
  if (evidence.notEvidence) return <p class="muted">{t('brand.evidence.notEvidence')}</p>;
  if (!evidence.activities.length) return <p class="muted">{t('brand.evidence.none')}</p>;
  return (
    <form
      method="post"
      action={`${checkHref(projectId)}/attach`}
      class="brand-evidence"
      aria-labelledby="brand-evidence"
    >
      <h3 id="brand-evidence">{t('brand.evidence.title')}</h3>
      <CsrfField />
      <input type="hidden" name="sha256" value={evidence.sha256} />
      <input type="hidden" name="fileName" value={evidence.fileName} />
      <input type="hidden" name="context" value={evidence.context} />
      <p>
        <label for="brand-activity">{t('brand.evidence.activity')}</label>
        <select id="brand-activity" name="activity" required>
          {evidence.activities.map((a) => (
            <option value={a.id}>{a.title}</option>
          ))}
        </select>
      </p>
      <button type="submit">{t('brand.evidence.attach')}</button>
    </form>
  );
};

export const CheckPage: FC<CheckPageProps> = ({ ctx, projectId, outcome, evidence, error, notice }) => (
  <>
    <h1>{ctx.t('brand.page.title')}</h1>
    <p>{ctx.t('brand.page.intro')}</p>
    {notice ? (
      <p class="notice" role="status">
        {notice}
      </p>
    ) : null}
    {error ? <FormErrors t={ctx.t} message={error.message} details={error.details} /> : null}
    {outcome ? <CheckResult ctx={ctx} projectId={projectId} outcome={outcome} evidence={evidence} /> : null}
    <Forms ctx={ctx} projectId={projectId} />
  </>
);
