/**
 * THE Markdown renderer of news posts (public pages, feeds, the app's preview): markdown-it without raw HTML, then
 * sanitize-html with an allow-list as a second line (no script, style, iframe or form; no `on*` or style attributes;
 * links only over http(s) or mailto, or relative; no `javascript:` or `data:` URL). Headings move one level down
 * (the page's title is the h1); links leaving the site get `rel="noopener nofollow ugc"`. An image in the text
 * becomes a link to it named by its alternative text: the site's CSP loads no other site's images (and a visitor's
 * address goes to no third party); a post's own image is the uploaded one.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** Absolute (or protocol-relative) addresses: another site's, so the link gets the external `rel`. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

const SHIFT: Record<string, string> = { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6', h6: 'h6' };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'a',
    'span',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    ...Object.fromEntries(Object.entries(SHIFT).map(([from, to]) => [from, to])),
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const out: Record<string, string> = { ...attribs };
      delete out.rel;
      if (EXTERNAL.test(href) && !/^mailto:/i.test(href)) out.rel = 'noopener nofollow ugc';
      return { tagName, attribs: out };
    },
    img: (_tagName, attribs): sanitizeHtml.Tag => {
      const src = attribs.src ?? '';
      const text = attribs.alt || src;
      return /^https?:\/\//i.test(src)
        ? { tagName: 'a', attribs: { href: src, rel: 'noopener nofollow ugc' }, text }
        : { tagName: 'span', attribs: {}, text: attribs.alt ?? '' };
    },
  },
};

/** A post's Markdown as safe HTML (the same bytes for the same text). */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(md.render(text), OPTIONS);
}

/** A post's Markdown as plain text (feeds' and pages' descriptions when no summary fits), whitespace folded. */
export function markdownText(text: string): string {
  return sanitizeHtml(md.render(text), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
}
