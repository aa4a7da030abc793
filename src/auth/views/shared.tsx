/** The frame of account pages and what every account view needs from the request. */
import type { Child, FC } from 'hono/jsx';
import type { Lang, Translator } from '../../i18n';
import { Layout, type NavProject } from '../../ui/layout';
import type { ErrorDetail } from '../../errors';

export interface PageCtx {
  lang: Lang;
  t: Translator;
  /** Request path without query. */
  path: string;
}

/** A form's problem: a message and the fields concerned. */
export interface FormProblem {
  message: string;
  details?: ErrorDetail[];
}

export const AuthPage: FC<{
  ctx: PageCtx;
  title: string;
  project?: NavProject;
  narrow?: boolean;
  children?: Child;
}> = ({ ctx, title, project, narrow, children }) => (
  <Layout title={title} lang={ctx.lang} t={ctx.t} path={ctx.path} project={project}>
    <div class={narrow ? 'narrow' : undefined}>{children}</div>
  </Layout>
);
