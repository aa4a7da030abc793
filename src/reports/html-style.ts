/** The HTML report's inline stylesheet: the palette as CSS variables, screen layout and print rules (A4, page breaks, repeated table headers). */

/** CSS for a palette (hex colours, first = primary); values are checked to be hex colours before they go into CSS. */
export function reportCss(palette: string[]): string {
  const hex = palette.filter((c) => /^#[0-9a-fA-F]{3,8}$/.test(c));
  const [primary = '#1f4e79', accent = '#5b9bd5', warn = '#c0504d'] = hex;
  const vars = hex.map((c, i) => `--palette-${i + 1}: ${c};`).join(' ');
  return `
:root { --primary: ${primary}; --accent: ${accent}; --warn: ${warn}; ${vars} }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Segoe UI", Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1, h2, h3 { color: var(--primary); line-height: 1.2; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2rem; }
a { color: var(--primary); }
.cover { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; gap: .6rem;
  border-left: 8px solid var(--primary); padding-left: 1.5rem; }
.cover .logo img { max-height: 90px; }
.cover .acronym { font-size: 2.4rem; font-weight: 700; color: var(--primary); margin: 0; }
.cover .doc-title { font-size: 1.6rem; margin: 0; }
.cover .meta { color: #444; }
.swatches { display: flex; gap: .3rem; }
.swatch { width: 1.6rem; height: .8rem; display: inline-block; border: 1px solid #ccc; }
.draft-line { color: var(--warn); font-weight: 700; }
.proof { font-family: monospace; font-size: 9pt; word-break: break-all; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 4rem; font-weight: 700;
  color: rgba(192, 80, 77, .12); transform: rotate(-30deg); pointer-events: none; z-index: 0; }
nav.toc ol { columns: 2; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; font-size: 9.5pt; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; color: #333; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: var(--primary); color: #fff; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.part td:first-child { padding-left: 1.4rem; color: #444; }
.status-achieved { color: #2e7d32; font-weight: 600; }
.status-behind { color: var(--warn); font-weight: 600; }
.status-at_risk { color: #b26a00; font-weight: 600; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; color: #333; margin-top: .3rem; }
ol.bibliography li { margin-bottom: .4rem; }
.badge { display: inline-block; border: 1px solid var(--accent); border-radius: .6rem; padding: 0 .4rem;
  font-size: 8.5pt; margin-left: .3rem; }
table.gantt td, table.gantt th { padding: .1rem; text-align: center; font-size: 7.5pt; min-width: 1.1rem; }
table.gantt td.label { text-align: left; min-width: 10rem; }
td.planned { background: var(--accent); }
td.done { background: var(--primary); color: #fff; }
td.planned.done { background: var(--primary); outline: 2px solid var(--accent); outline-offset: -3px; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend i { display: inline-block; width: .9rem; height: .9rem; vertical-align: middle; margin-right: .3rem; }
.legend i.planned { background: var(--accent); }
.legend i.done { background: var(--primary); }
.closing { margin-top: 2rem; border-top: 1px solid #bbb; padding-top: 1rem; }
.emblems img { max-height: 50px; margin-right: 1rem; vertical-align: middle; }
.none { color: #555; font-style: italic; }
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
@media print {
  body { max-width: none; padding: 0; }
  .cover { min-height: 240mm; page-break-after: always; break-after: page; }
  nav.toc { page-break-after: always; break-after: page; }
  section.report-section { page-break-before: always; break-before: page; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr, figure, li { page-break-inside: avoid; break-inside: avoid; }
  h2, h3, caption { page-break-after: avoid; break-after: avoid; }
  a { text-decoration: none; }
}
`;
}
