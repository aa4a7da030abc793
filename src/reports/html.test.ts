/** The HTML report on the fixture model, in English and Japanese: structure, numbering, escaping, draft and proof. */
import { describe, expect, it } from 'vitest';
import { reportModelFixture } from '../../test/factories/report-model';
import { renderHtml } from './html';
import type { ReportModel } from './model';

const VOID = new Set(['meta', 'br', 'img', 'hr', 'link', 'input', 'col', 'source', 'wbr']);

/** Every element closed in order (void elements and `/>` excepted); the first mismatch, or null. */
function firstUnbalanced(html: string): string | null {
  const stack: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/i, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^>]*?)?)(\/?)>/g)) {
    const [, close, rawName, , selfClose] = m;
    const name = (rawName ?? '').toLowerCase();
    if (selfClose || VOID.has(name)) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) return `</${name}> at ${m.index}`;
  }
  return stack.length > 0 ? `unclosed <${stack.at(-1)}>` : null;
}

const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('renderHtml', () => {
  it('writes one standalone, well-formed HTML5 document in English', () => {
    const html = renderHtml(reportModelFixture({ lang: 'en' }));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(firstUnbalanced(html)).toBeNull();
    // Standalone: no external stylesheet, script or image.
    expect(html).not.toMatch(/<link |<script|src="http/);
    expect(html).toMatch(/<img src="data:image\/png;base64,iVBOR/);
    expect(html).toContain('--palette-1: #1f4e79;');
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html).toMatch(/thead \{ display: table-header-group; \}/);
    expect(html).toMatch(/break-before: page/);
    expect(html).toMatch(/tr, figure, li \{ page-break-inside: avoid/);
  });

  it('has a cover, a table of contents with anchors, and every section in order', () => {
    const html = renderHtml(reportModelFixture());
    const ids = [...html.matchAll(/<section class="report-section" id="(\w+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'summary',
      'kpis',
      'activities',
      'events',
      'publications',
      'synergies',
      'metrics',
      'partners',
      'timeline',
      'deviations',
      'recommendations',
    ]);
    for (const id of ids) expect(html).toContain(`<a href="#${id}">`);
    expect(html).toContain('<p class="acronym">ACME</p>');
    expect(text(html)).toContain('Project year 1 (2018-06-01 – 2019-05-31)');
  });

  it('numbers tables and figures; the events are Table 5 after summary, KPIs and two activity tables', () => {
    const html = renderHtml(reportModelFixture());
    const tables = [...html.matchAll(/<caption>Table (\d+)\. ([^<]+)<\/caption>/g)].map((m) => [m[1], m[2]]);
    expect(tables.slice(0, 5)).toEqual([
      ['1', 'Summary'],
      ['2', 'Key performance indicators'],
      ['3', 'Communication activities'],
      ['4', 'Communication activities'],
      ['5', 'Events'],
    ]);
    const figures = [...html.matchAll(/<figcaption>Figure (\d+)\. ([^<]+)<\/figcaption>/g)].map((m) => m[2]);
    expect(figures).toEqual(['Followers on X', 'Timeline: planned and done']);
    // The KPI table: every cell of the fixture's KPI.
    const kpi = /<table id="kpi-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(text(kpi)).toContain('Scientific publications ≥ 15 2 Behind 6 Two papers are under review.');
    expect(text(kpi)).toContain('Followers on X ≥ 500 612 followers Achieved');
    // Inline SVG, the bibliography, the acknowledgement.
    expect(html).toMatch(/<figure id="chart-followers"><svg /);
    expect(html).toContain('Tanaka, H., &amp; García, M. (2019). Secure data markets for smart cities.');
    expect(html).toContain('under grant agreement No 814917.');
  });

  it('shows a draft watermark without proof, and the root and fingerprint with it', () => {
    const draft = renderHtml(reportModelFixture());
    expect(draft).toContain('<div class="watermark" aria-hidden="true">Draft: not submitted</div>');
    const proof: ReportModel = {
      ...reportModelFixture(),
      proof: {
        merkleRoot: 'f'.repeat(64),
        keyFingerprint: 'SHA256:abc123',
        submittedAt: '2019-07-01T00:00:00Z',
      },
    };
    const final = renderHtml(proof);
    expect(final).not.toContain('class="watermark"');
    expect(final).toContain(
      `Evidence manifest root ${'f'.repeat(64)}; signed with the instance key SHA256:abc123`,
    );
  });

  it('escapes every text from the records and the plan', () => {
    const m = reportModelFixture();
    const evil = '<script>alert("x")</script> & \'quote\'';
    m.project.title = evil;
    m.kpis[0]!.comment = evil;
    m.activities.items[0]!.title = evil;
    m.activities.items[0]!.links = ['javascript:alert(1)'];
    m.events[0]!.website = 'javascript:alert(2)';
    m.charts[0]!.svg = m.charts[0]!.svg.replace('<rect ', '<rect onload="alert(3)" ') + '<script>x</script>';
    const html = renderHtml(m);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('onload=');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;');
    expect(firstUnbalanced(html)).toBeNull();
  });

  it('renders a Japanese report with Japanese headings and lang="ja"', () => {
    const html = renderHtml(reportModelFixture({ lang: 'ja' }));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect(firstUnbalanced(html)).toBeNull();
    const body = text(html);
    expect(body).toContain('普及活動報告書');
    expect(body).toContain('目次');
    expect(body).toContain('重要業績評価指標（KPI）');
    expect(body).toContain('表2. 重要業績評価指標（KPI）');
    expect(body).toContain('図1. X のフォロワー');
    expect(body).toContain('プロジェクト1年目（2018-06-01 – 2019-05-31）');
    expect(body).toContain('草稿（未提出）');
    expect(body).toContain('2本の論文が査読中。');
  });
});
