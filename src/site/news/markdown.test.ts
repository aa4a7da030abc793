import { describe, expect, it } from 'vitest';
import { markdownText, renderMarkdown } from './markdown';

/** Every attribute name of every tag in `html` (quoted values removed first, so a value's text is not a name). */
const attributeNames = (html: string): string[] =>
  [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap((m) =>
    [...m[0].replace(/"[^"]*"/g, '""').matchAll(/\s([a-z][\w-]*)=/gi)].map((a) => (a[1] ?? '').toLowerCase()),
  );

describe('renderMarkdown', () => {
  it('renders Markdown, headings one level down', () => {
    const html = renderMarkdown('# Launch\n\nWe **launched** the *pilot*.\n\n- one\n- two');
    expect(html).toContain('<h2>Launch</h2>');
    expect(html).toContain('<strong>launched</strong>');
    expect(html).toContain('<em>pilot</em>');
    expect(html).toContain('<li>one</li>');
  });

  it('drops script, event handlers and inline HTML', () => {
    const html = renderMarkdown(
      'Hello <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n<iframe src="https://evil.example"></iframe><style>p{}</style>',
    );
    // No such element and no event handler attribute: raw HTML is text, escaped (visible, never markup).
    expect(html).not.toMatch(/<(script|img|iframe|style)\b/i);
    expect(attributeNames(html).filter((a) => a.startsWith('on'))).toEqual([]);
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses javascript: and data: URLs in links and images', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) ![c](data:image/png;base64,AAAA) [d](JaVaScRiPt:alert(1))',
    );
    expect(html).not.toMatch(/(href|src)="?(javascript|data):/i);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href');
  });

  it('marks external links, keeps relative ones and mail as they are', () => {
    const html = renderMarkdown(
      '[ext](https://example.org/x) [rel](/site/m-sec/en/events) [mail](mailto:a@b.example) <https://auto.example>',
    );
    expect(html).toContain('<a href="https://example.org/x" rel="noopener nofollow ugc">ext</a>');
    expect(html).toContain('<a href="/site/m-sec/en/events">rel</a>');
    expect(html).toContain('<a href="mailto:a@b.example">mail</a>');
    expect(html).toContain('<a href="https://auto.example" rel="noopener nofollow ugc">');
  });

  it('turns images into links named by their alternative text (no third-party image loads)', () => {
    expect(renderMarkdown('![Pilot site](https://img.example/p.png)')).toBe(
      '<p><a href="https://img.example/p.png" rel="noopener nofollow ugc">Pilot site</a></p>\n',
    );
    expect(renderMarkdown('![](https://img.example/p.png)')).toContain('>https://img.example/p.png</a>');
    expect(renderMarkdown('![x](javascript:alert(1))')).not.toMatch(/href|<a |<img/);
  });

  it('gives plain text for descriptions', () => {
    expect(markdownText('# Title\n\nSome *text*')).toBe('Title Some text');
  });
});

describe('renderMarkdown on attribute injection', () => {
  it('keeps a quoted title a title, not an attribute', () => {
    const html = renderMarkdown('[x](https://a.example "t\\" onmouseover=\\"alert(1)")');
    expect(attributeNames(html)).toEqual(['href', 'title', 'rel']);
  });
});
