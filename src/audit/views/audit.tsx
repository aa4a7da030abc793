/** The project's audit trail page, and `EntityHistory`, the history section of a record's page. */
import type { FC } from 'hono/jsx';
import type { AuditEntryRow } from '../../db/schema';
import { formatDateTime, hasKey, type Lang, type MessageKey, type Translator } from '../../i18n';
import { Layout, type NavProject } from '../../ui/layout';
import type { AuditTrail, ProjectVerification, SignedHeadView } from '../service';

const json = (v: unknown): string => JSON.stringify(v, null, 1);

/** Who did it: the user's current name (or tombstone) with the role they had, a token, or a system name. */
export const whoOf = (e: AuditEntryRow, names: Map<string, string>): string => {
  const name = names.get(e.actorId);
  return name ? `${name} (${e.actorLabel})` : e.actorLabel;
};

const Change: FC<{ t: Translator; e: AuditEntryRow }> = ({ t, e }) => (
  <>
    {e.before !== null && e.before !== undefined ? (
      <details>
        <summary>{t('audit.before')}</summary>
        <pre>{json(e.before)}</pre>
      </details>
    ) : null}
    {e.after !== null && e.after !== undefined ? (
      <details>
        <summary>{t('audit.after')}</summary>
        <pre>{json(e.after)}</pre>
      </details>
    ) : null}
  </>
);

const EntriesTable: FC<{
  t: Translator;
  lang: Lang;
  trail: AuditTrail;
  entityLink?: (e: AuditEntryRow) => string;
}> = ({ t, lang, trail, entityLink }) => (
  <table class="audit">
    <thead>
      <tr>
        <th class="num">{t('audit.col.seq')}</th>
        <th>{t('audit.col.when')}</th>
        <th>{t('audit.col.who')}</th>
        <th>{t('audit.col.action')}</th>
        <th>{t('audit.col.entity')}</th>
        <th>{t('audit.col.change')}</th>
      </tr>
    </thead>
    <tbody>
      {trail.entries.map((e) => (
        <tr data-seq={e.seq}>
          <td class="num" title={e.hash}>
            {e.seq}
          </td>
          <td>
            <time datetime={e.at}>{formatDateTime(lang, new Date(e.at))}</time>
          </td>
          <td>{whoOf(e, trail.names)}</td>
          <td>
            {hasKey(`audit.action.${e.action}`) ? (
              <span title={e.action}>{t(`audit.action.${e.action}` as MessageKey)}</span>
            ) : (
              <code>{e.action}</code>
            )}
          </td>
          <td>
            {entityLink ? (
              <a href={entityLink(e)}>{`${e.entityType} ${e.entityId}`}</a>
            ) : (
              `${e.entityType} ${e.entityId}`
            )}
          </td>
          <td>
            <Change t={t} e={e} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

export interface AuditPageProps {
  lang: Lang;
  t: Translator;
  path: string;
  project: NavProject;
  trail: AuditTrail;
  entity?: string;
  verified?: ProjectVerification;
  signed?: SignedHeadView;
}

/** The latest signed head as JSON to copy (the same document as `herald audit head --signed`). */
const SignedHeadSection: FC<{ t: Translator; lang: Lang; signed: SignedHeadView }> = ({
  t,
  lang,
  signed,
}) => (
  <section class="signed-head">
    <h2>{t('audit.signed.title')}</h2>
    <p>{t('audit.signed.intro')}</p>
    {signed.signed && signed.document ? (
      <>
        <p>
          {t('audit.signed.summary', {
            seq: signed.signed.seq,
            when: formatDateTime(lang, new Date(signed.signed.signedAt)),
            keyId: signed.signed.keyId,
          })}
          {signed.head && signed.head.seq !== signed.signed.seq
            ? ` ${t('audit.signed.moved', { seq: signed.head.seq })}`
            : ''}
        </p>
        <pre class="signed-head-json">{JSON.stringify(signed.document, null, 2)}</pre>
      </>
    ) : (
      <p class="muted">{t('audit.signed.none')}</p>
    )}
  </section>
);

export const AuditPage: FC<AuditPageProps> = ({
  lang,
  t,
  path,
  project,
  trail,
  entity,
  verified,
  signed,
}) => {
  const base = `/p/${project.id}/audit`;
  const q = entity ? `entity=${encodeURIComponent(entity)}&` : '';
  return (
    <Layout title={t('audit.title')} lang={lang} t={t} path={path} project={project}>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro', { project: project.id })}</p>
      {trail.head ? (
        <p class="head">
          {t('audit.head', { seq: trail.head.seq })} <code class="hash">{trail.head.hash}</code>
        </p>
      ) : null}
      {verified ? (
        verified.ok && verified.signedProblems > 0 ? (
          <p class="notice bad" role="alert">
            {t('audit.signedBroken', { count: verified.signedProblems })}
          </p>
        ) : verified.ok ? (
          <p class="notice ok" role="status">
            {t('audit.verified', { count: verified.count })}
          </p>
        ) : (
          <p class="notice bad" role="alert">
            {t('audit.broken', { seq: verified.seq, reason: t(`audit.reason.${verified.reason}`) })}
          </p>
        )
      ) : (
        <p>
          <a href={`${base}?verify=1`}>{t('audit.verify')}</a>
        </p>
      )}
      {signed && !entity ? <SignedHeadSection t={t} lang={lang} signed={signed} /> : null}
      {entity ? (
        <p>
          {t('audit.filtered', { entity })} <a href={base}>{t('audit.showAll')}</a>
        </p>
      ) : null}
      {trail.entries.length === 0 ? (
        <p class="muted">{t('audit.empty')}</p>
      ) : (
        <EntriesTable
          t={t}
          lang={lang}
          trail={trail}
          entityLink={(e) => `${base}?entity=${encodeURIComponent(`${e.entityType}:${e.entityId}`)}`}
        />
      )}
      {trail.olderThan !== null ? (
        <p>
          <a href={`${base}?${q}before=${trail.olderThan}`}>{t('audit.more')}</a>
        </p>
      ) : null}
    </Layout>
  );
};

/** A record's history, for its page: `<EntityHistory t={t} lang={lang} trail={await entityHistory(db, {...})} />`. */
export const EntityHistory: FC<{ t: Translator; lang: Lang; trail: AuditTrail }> = ({ t, lang, trail }) => (
  <section class="history">
    <h2>{t('audit.history')}</h2>
    {trail.entries.length === 0 ? (
      <p class="muted">{t('audit.empty')}</p>
    ) : (
      <EntriesTable t={t} lang={lang} trail={trail} />
    )}
  </section>
);
