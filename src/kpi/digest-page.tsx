/**
 * `/p/:id/digest`: the KPI digest's content in the app, for every member (`report.read`), since the last digest or
 * `?since=YYYY-MM-DD`, up to today. A GET that never writes. Links to the member's mail settings (`/p/:id/mail`) to
 * opt in to the digest by mail.
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { isoDate } from '../schema-pieces';
import { PlanPage, type ViewCtx } from '../ui/parts';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import type { Digest } from './digest';
import { changesSince, digestTables, type DigestTable } from './digest-render';
import { readDigest } from './digest-service';

/** The page's query: where the digest starts (default: where the last one ended). */
export const DIGEST_QUERY = { since: isoDate.optional() };

const Section: FC<{ table: DigestTable }> = ({ table }) => (
  <section class="card" id={`digest-${table.id}`}>
    <h2>{table.title}</h2>
    {table.summary ? <p>{table.summary}</p> : null}
    {table.grids.length === 0 ? (
      <p class="muted">{table.empty}</p>
    ) : (
      table.grids.map((g) => (
        <table>
          <thead>
            <tr>
              {g.columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {g.rows.map((r) => (
              <tr>
                {r.map((cell) => (
                  <td>{cell.href ? <a href={cell.href}>{cell.text}</a> : cell.text}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))
    )}
  </section>
);

export const DigestPage: FC<{ ctx: ViewCtx; digest: Digest }> = ({ ctx, digest }) => {
  const { t, lang } = ctx;
  const p = `/p/${encodeURIComponent(digest.projectId)}`;
  return (
    <PlanPage ctx={ctx} projectId={digest.projectId} plan={digest.plan} title={t('digest.title')}>
      <h1>{t('digest.title')}</h1>
      <p id="digest-window">
        {t('digest.window', { since: digest.window.since, asOf: digest.window.asOf })}{' '}
        {changesSince(digest, lang)}
      </p>
      <form method="get" action={`${p}/digest`} class="inline">
        <label>
          {t('digest.since')} <input type="date" name="since" value={digest.window.since} />
        </label>{' '}
        <button type="submit">{t('digest.since.apply')}</button>
      </form>
      <p>
        <a id="digest-mail-settings" href={`${p}/mail`}>
          {t('digest.mailSettings')}
        </a>
      </p>
      {digestTables(digest, lang).map((table) => (
        <Section table={table} />
      ))}
    </PlanPage>
  );
};

export const digestRoutes = new Hono<AppEnv>();

digestRoutes.get('/p/:id/digest', async (c) => {
  const { since } = parseQuery(c, DIGEST_QUERY);
  const digest = await readDigest(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    since,
    clock: c.var.clock,
  });
  return c.html(<DigestPage ctx={viewCtx(c)} digest={digest} />);
});
