/** The public site's deliverables page: the latest published version of each public deliverable, with its link. */
import type { FC } from 'hono/jsx';
import { formatDate, formatNumber } from '../../i18n';
import type { Picked } from '../site';
import { SiteLayout, Text, type Frame, type SiteCtx } from '../views/layout';

export interface PublicDeliverableItem {
  code: string;
  title: Picked;
  wp: string;
  version: string;
  issuedOn: string;
  size: number;
  /** The download address (language-independent). */
  href: string;
}

export const DeliverablesPage: FC<{
  ctx: SiteCtx;
  frame: Frame;
  fallback: boolean;
  description: string;
  items: PublicDeliverableItem[];
}> = ({ ctx, frame, fallback, description, items }) => {
  const { t, lang } = ctx;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('site.deliverables.title')}
      description={description}
      fallback={fallback}
    >
      <h1>{t('site.deliverables.title')}</h1>
      <p>{t('site.deliverables.intro')}</p>
      {items.length === 0 ? (
        <p>{t('site.deliverables.none')}</p>
      ) : (
        <table class="deliverables">
          <thead>
            <tr>
              <th scope="col">{t('site.deliverables.code')}</th>
              <th scope="col">{t('site.deliverables.name')}</th>
              <th scope="col">{t('site.deliverables.wp')}</th>
              <th scope="col">{t('site.deliverables.version')}</th>
              <th scope="col">{t('site.deliverables.date')}</th>
              <th scope="col">{t('site.deliverables.size')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr>
                <td>{d.code}</td>
                <td>
                  <a
                    href={d.href}
                    aria-label={t('site.deliverables.download', { code: d.code, version: d.version })}
                  >
                    <Text v={d.title} t={t} />
                  </a>
                </td>
                <td>{d.wp}</td>
                <td>{d.version}</td>
                <td>{formatDate(lang, d.issuedOn)}</td>
                <td>{`${formatNumber(lang, Math.max(1, Math.round(d.size / 1024)))} KB`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SiteLayout>
  );
};
