/** Partners (number, code, name, country, region, kind) and their communication channels (the plan's Table 6). */
import type { FC } from 'hono/jsx';
import { CHANNEL_KINDS, localize, type ChannelKind, type Partner } from '../../plan/schema';
import { tDynamic } from './measure-text';
import { compactUrl, countryName, ExtLink, PlanPage, type PlanViewProps, type ViewCtx } from '../../ui/parts';

/** Notes on channel cells, numbered once per distinct text, listed under the table. */
function footnotes(partners: readonly Partner[]): Map<string, number> {
  const notes = new Map<string, number>();
  for (const p of partners)
    for (const c of p.channels) if (c.note && !notes.has(c.note)) notes.set(c.note, notes.size + 1);
  return notes;
}

const ChannelCell: FC<{ ctx: ViewCtx; partner: Partner; kind: ChannelKind; notes: Map<string, number> }> = ({
  ctx,
  partner,
  kind,
  notes,
}) => {
  const channels = partner.channels.filter((c) => c.kind === kind);
  if (channels.length === 0) return <td></td>;
  return (
    <td>
      <ul class="plain">
        {channels.map((c) => {
          const n = c.note ? notes.get(c.note) : undefined;
          return (
            <li>
              {c.url ? (
                <ExtLink href={c.url} title={c.url}>
                  {compactUrl(c.url)}
                </ExtLink>
              ) : (
                ctx.t('partners.channelYes')
              )}
              {n ? (
                <sup>
                  <a href={`#channel-note-${n}`}>{n}</a>
                </sup>
              ) : null}
            </li>
          );
        })}
      </ul>
    </td>
  );
};

export const PartnersPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  const notes = footnotes(plan.partners);
  const kinds = CHANNEL_KINDS.filter((k) => plan.partners.some((p) => p.channels.some((c) => c.kind === k)));
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('partners.title')}>
      <h1>{t('partners.title')}</h1>
      <table class="partners-table">
        <thead>
          <tr>
            <th class="num">{t('partners.col.number')}</th>
            <th>{t('partners.col.code')}</th>
            <th>{t('partners.col.name')}</th>
            <th>{t('partners.col.country')}</th>
            <th>{t('partners.col.region')}</th>
            <th>{t('partners.col.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.partners.map((p) => (
            <tr data-partner={p.code}>
              <td class="num">{p.number}</td>
              <td>
                <strong>{p.code}</strong>
              </td>
              <td>{localize(p.name, lang)}</td>
              <td>{countryName(lang, p.country)}</td>
              <td>{p.region}</td>
              <td>
                {tDynamic(t, `partnerKind.${p.kind}`, p.kind)}
                <span class="muted"> · {tDynamic(t, `sector.${p.sector}`, p.sector)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {kinds.length ? (
        <>
          <h2>{t('partners.channelsTitle')}</h2>
          <div class="scroll">
            <table class="channels-table">
              <thead>
                <tr>
                  <th class="num">{t('partners.col.number')}</th>
                  <th>{t('partners.col.code')}</th>
                  {kinds.map((k) => (
                    <th>{tDynamic(t, `channelKind.${k}`, k)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {plan.partners.map((p) => (
                  <tr data-partner={p.code}>
                    <td class="num">{p.number}</td>
                    <th scope="row">{p.code}</th>
                    {kinds.map((k) => (
                      <ChannelCell ctx={ctx} partner={p} kind={k} notes={notes} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {notes.size ? (
            <ol class="footnotes">
              {[...notes].map(([text, n]) => (
                <li id={`channel-note-${n}`} value={n}>
                  {text}
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : null}
    </PlanPage>
  );
};
