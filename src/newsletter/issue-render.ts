/**
 * An issue as mail: responsive HTML (one centred table, inline styles only: mail clients drop <style> and classes)
 * with the plan's palette, logo, funding acknowledgement and the EU sentence the public site shows, and a plain-text
 * part from the Markdown; both carry the subscriber's unsubscribe link. Rendered once per language with a
 * placeholder for the link (`personalise` fills it per subscriber: no Markdown rendering per recipient).
 */
import { translator, type Lang } from '../i18n';
import type { NewsletterIssueRow } from '../db/schema';
import { renderMarkdown } from '../site/news/markdown';

/** Stands for the subscriber's unsubscribe URL until `personalise`. */
export const UNSUBSCRIBE_SLOT = '%%HERALD_UNSUBSCRIBE%%';

export interface IssueIdentity {
  acronym: string;
  /** Hex colours (first = primary). */
  palette: string[];
  /** An absolute URL of the logo, or null (the acronym is shown). */
  logoUrl: string | null;
  /** The funding acknowledgement in the mail's language (or English). */
  acknowledgement: string;
  /** The plan's funders include the EU: the site's EU line is shown. */
  eu: boolean;
}

export interface RenderedIssue {
  lang: Lang;
  subject: string;
  html: string;
  text: string;
  /** A Japanese mail with the English text (no translation): it carries a note. */
  fellBack: boolean;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const HEX = /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/;
const colour = (palette: string[], i: number, fallback: string): string => {
  const c = palette[i];
  return c && HEX.test(c) ? c : fallback;
};

/** The Markdown as readable plain text: links as `text <url>`, images as their alt text. */
export function markdownPlain(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, '$1 <$2>')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** What one language's subscribers receive (subject and bodies, the unsubscribe link still a placeholder). */
export function renderIssue(opts: {
  issue: Pick<NewsletterIssueRow, 'subjectEn' | 'subjectJa' | 'bodyEn' | 'bodyJa'>;
  lang: Lang;
  identity: IssueIdentity;
  /** The public archive's page of the issue (once sent), or null. */
  webUrl?: string | null;
}): RenderedIssue {
  const { issue, identity } = opts;
  const t = translator(opts.lang);
  const ja = opts.lang === 'ja' && issue.bodyJa ? issue.bodyJa : null;
  const fellBack = opts.lang === 'ja' && !ja;
  const subject = (opts.lang === 'ja' && issue.subjectJa) || issue.subjectEn;
  const body = ja ?? issue.bodyEn;
  const primary = colour(identity.palette, 0, '#1f3a5f');
  const note = fellBack ? t('newsletter.issue.mail.fallback') : null;
  const eu = identity.eu ? t('site.footer.emblem.eu') : null;
  const unsubscribe = t('newsletter.issue.mail.unsubscribe');
  const header = identity.logoUrl
    ? `<img src="${esc(identity.logoUrl)}" alt="${esc(identity.acronym)}" height="48" style="display:block;height:48px;width:auto;border:0">`
    : `<span style="font-size:22px;font-weight:bold;color:#ffffff">${esc(identity.acronym)}</span>`;
  const html = `<!doctype html>
<html lang="${fellBack ? 'en' : opts.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2937">
<tr><td style="background:${primary};padding:16px 24px">${header}</td></tr>
${note ? `<tr><td lang="${opts.lang}" style="padding:12px 24px 0;font-size:14px;color:#4b5563">${esc(note)}</td></tr>` : ''}
<tr><td style="padding:16px 24px"${fellBack ? ' lang="en"' : ''}>${renderMarkdown(body)}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:13px;color:#4b5563">
${eu ? `<p style="margin:0 0 8px;font-weight:bold">${esc(eu)}</p>` : ''}<p style="margin:0 0 8px">${esc(identity.acknowledgement)}</p>
${opts.webUrl ? `<p style="margin:0 0 8px"><a href="${esc(opts.webUrl)}" style="color:${primary}">${esc(t('newsletter.issue.mail.web'))}</a></p>` : ''}<p style="margin:0"><a href="${UNSUBSCRIBE_SLOT}" style="color:${primary}">${esc(unsubscribe)}</a></p>
</td></tr>
</table></td></tr></table>
</body></html>`;
  const text = [
    ...(note ? [note, ''] : []),
    markdownPlain(body),
    '',
    '--',
    ...(eu ? [eu] : []),
    identity.acknowledgement,
    ...(opts.webUrl ? ['', `${t('newsletter.issue.mail.web')}: ${opts.webUrl}`] : []),
    '',
    `${unsubscribe}: ${UNSUBSCRIBE_SLOT}`,
  ].join('\n');
  return { lang: opts.lang, subject, html, text, fellBack };
}

/** One subscriber's copy: the placeholder replaced by their unsubscribe URL (only URL-safe characters in it). */
export function personalise(r: RenderedIssue, unsubscribeUrl: string): { html: string; text: string } {
  const url = esc(unsubscribeUrl);
  return {
    html: r.html.replaceAll(UNSUBSCRIBE_SLOT, url),
    text: r.text.replaceAll(UNSUBSCRIBE_SLOT, unsubscribeUrl),
  };
}
