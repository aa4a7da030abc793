/** The `lang` cookie: set by the language link (`?lang=`) and by the account page's language choice. */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Lang } from './index';

export const LANG_COOKIE = 'lang';

export function setLangCookie(c: Context, lang: Lang): void {
  setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', maxAge: 60 * 60 * 24 * 365 });
}
