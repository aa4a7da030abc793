/** The site's page for a missing address or an error: no project frame (the project may not exist or be public). */
import type { FC } from 'hono/jsx';
import type { Lang } from '../../i18n';

export const PlainPage: FC<{ lang: Lang; title: string; text: string }> = ({ lang, title, text }) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{title}</title>
    </head>
    <body>
      <main>
        <h1>{title}</h1>
        <p>{text}</p>
      </main>
    </body>
  </html>
);
