/**
 * The overview's harvesting row: the endpoint's base URL to give a repository or OpenAIRE (a read-only field to copy),
 * or how to turn it on. The address is the instance's (`baseUrl`, else the request's origin), read from the request.
 */
import { tryGetContext } from 'hono/context-storage';
import type { FC } from 'hono/jsx';
import type { Plan } from '../plan/schema';
import type { ViewCtx } from '../ui/parts';
import type { AppEnv } from '../web/env';

function endpointUrl(projectId: string): string {
  const c = tryGetContext<AppEnv>();
  const base = (c?.get('deps').baseUrl ?? (c ? new URL(c.req.url).origin : '')).replace(/\/+$/, '');
  return `${base}/p/${projectId}/oai`;
}

export const OaiEndpoint: FC<{ ctx: ViewCtx; projectId: string; plan: Plan }> = ({
  ctx,
  projectId,
  plan,
}) => {
  const { t } = ctx;
  return (
    <>
      <dt>{t('oai.title')}</dt>
      <dd class="oai-endpoint">
        {plan.harvesting?.oai_pmh ? (
          <>
            <label>
              {t('oai.baseUrl')} <input type="text" readonly value={endpointUrl(projectId)} size={50} />
            </label>
            <br />
            <small>{t('oai.hint')}</small>
          </>
        ) : (
          <span class="muted">{t('oai.off')}</span>
        )}
      </dd>
    </>
  );
};
