/**
 * Renders the report as one standalone HTML5 document with print styles: CSS inline (palette as variables), images as
 * data URIs, charts as inline SVG, a cover, a table of contents with anchors, numbered tables and figures, the
 * acknowledgement with the emblems, and a draft watermark until the report carries its proof. Everything is escaped.
 */
import { translate } from '../i18n';
import { reportCss } from './html-style';
import { Counter, esc, img, link } from './html-parts';
import { renderSection, sectionsOf, type SectionCtx } from './html-sections';
import type { ReportModel } from './model';

function periodText(m: ReportModel): string {
  const { period } = m;
  return period.year !== null
    ? translate(m.lang, 'report.period.year', { year: period.year, from: period.from, to: period.to })
    : translate(m.lang, 'report.period.range', { from: period.from, to: period.to });
}

function proofText(m: ReportModel): string {
  return m.proof
    ? translate(m.lang, 'report.proof', { root: m.proof.merkleRoot, fingerprint: m.proof.keyFingerprint })
    : '';
}

function cover(m: ReportModel): string {
  const swatches = m.identity.palette
    .filter((c) => /^#[0-9a-fA-F]{3,8}$/.test(c))
    .map(
      (c, i) => `<span class="swatch" style="background:var(--palette-${i + 1})" title="${esc(c)}"></span>`,
    )
    .join('');
  const status = m.proof
    ? `<p class="proof">${esc(proofText(m))}</p>`
    : `<p class="draft-line">${esc(translate(m.lang, 'report.draft'))}</p>`;
  return `<header class="cover">
${m.identity.logo ? `<div class="logo">${img(m.identity.logo)}</div>` : ''}
<p class="acronym">${esc(m.project.acronym)}</p>
<p class="doc-title">${esc(translate(m.lang, 'report.title'))}</p>
<h1>${esc(m.project.title)}</h1>
<p class="meta">${esc(periodText(m))}</p>
<p class="meta">${esc(m.project.programme)}${m.project.grantNumber ? ` · ${esc(m.project.grantNumber)}` : ''}${m.project.website ? ` · ${link(m.project.website)}` : ''}</p>
<p class="meta">${esc(translate(m.lang, 'report.generatedAt', { date: m.generatedAt.slice(0, 10) }))}</p>
<div class="swatches" aria-hidden="true">${swatches}</div>
${status}
</header>`;
}

function toc(m: ReportModel): string {
  const items = sectionsOf(m)
    .map((id) => `<li><a href="#${id}">${esc(translate(m.lang, `report.section.${id}`))}</a></li>`)
    .join('');
  return `<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">${esc(translate(m.lang, 'report.toc'))}</h2><ol>${items}</ol></nav>`;
}

function closing(m: ReportModel): string {
  const emblems = m.identity.emblems.map((e) => img(e)).join('');
  return `<footer class="closing">
${emblems ? `<p class="emblems">${emblems}</p>` : ''}
<p class="acknowledgement">${esc(m.identity.acknowledgement)}</p>
${m.proof ? `<p class="proof">${esc(proofText(m))}</p>` : `<p class="draft-line">${esc(translate(m.lang, 'report.draft'))}</p>`}
</footer>`;
}

export function renderHtml(model: ReportModel): string {
  const lang = model.lang;
  const ctx: SectionCtx = {
    m: model,
    lang,
    n: new Counter(lang),
    t: (key, params) => translate(lang, key, params),
  };
  const title = `${model.project.acronym} — ${translate(lang, 'report.title')} — ${periodText(model)}`;
  const body = sectionsOf(model)
    .map((id) => renderSection(ctx, id))
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Herald">
<title>${esc(title)}</title>
<style>${reportCss(model.identity.palette)}</style>
</head>
<body>
${model.proof ? '' : `<div class="watermark" aria-hidden="true">${esc(translate(lang, 'report.draft'))}</div>`}
${cover(model)}
${toc(model)}
<main>
${body}
</main>
${closing(model)}
</body>
</html>
`;
}
