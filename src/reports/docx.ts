/**
 * Renders the report as DOCX with `docx`: a cover, a table-of-contents field, real headings in the seed's order,
 * tables with repeated header rows, charts as PNG (resvg), the bibliography, and the draft or proof line at the end.
 * Loaded on first use by render.ts (docx and resvg stay out of the server's memory until a report is made).
 */
import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
} from 'docx';
import { coverChildren, endChildren } from './docx-cover';
import { corePropertiesXml, stabilisePackage } from './docx-stable';
import { correctionsSection, deviationsSection, metricsSection, partnersSection } from './docx-follow-up';
import { recommendationsSection, timelineSection } from './docx-follow-up';
import { docStyles, DocxContext } from './docx-parts';
import {
  activitiesSection,
  eventsSection,
  kpiSection,
  publicationsSection,
  summarySection,
  synergiesSection,
  type Block,
} from './docx-sections';
import type { ReportModel } from './model';

/** A4 with 2.5 cm margins (the width docx-parts' TEXT_WIDTH_* assume). */
const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: 1417, right: 1417, bottom: 1417, left: 1417 },
};

/** The body's sections in the seed's order (the model's). */
async function bodyChildren(ctx: DocxContext): Promise<Block[]> {
  return [
    ...summarySection(ctx),
    ...kpiSection(ctx),
    ...activitiesSection(ctx),
    ...eventsSection(ctx),
    ...publicationsSection(ctx),
    ...synergiesSection(ctx),
    ...(await metricsSection(ctx)),
    ...partnersSection(ctx),
    ...timelineSection(ctx),
    ...deviationsSection(ctx),
    ...recommendationsSection(ctx),
    ...correctionsSection(ctx),
    ...endChildren(ctx),
  ];
}

const coreOf = (model: ReportModel, ctx: DocxContext) => ({
  creator: 'Herald',
  title: `${model.project.acronym} – ${ctx.t('report.title')}`,
  description: model.period.scope,
});

/** The document (not packed): the bench packs it apart from building it. */
export async function buildDocx(model: ReportModel): Promise<Document> {
  const ctx = new DocxContext(model);
  const cover = await coverChildren(ctx);
  const body = await bodyChildren(ctx);
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: [`${model.project.acronym} · ${ctx.t('report.title')} · `, PageNumber.CURRENT],
            size: 16,
            color: '595959',
          }),
        ],
      }),
    ],
  });
  return new Document({
    ...coreOf(model, ctx),
    styles: docStyles(ctx),
    // Word refreshes the table of contents' page numbers when it opens the file.
    features: { updateFields: true },
    sections: [
      { properties: { page: PAGE }, children: cover },
      {
        properties: { page: PAGE },
        footers: { default: footer },
        children: [
          new Paragraph({ heading: 'Title', text: ctx.t('report.toc') }),
          new TableOfContents(ctx.t('report.toc'), { hyperlink: true, headingStyleRange: '1-2' }),
          new Paragraph({ pageBreakBefore: true, children: [] }),
          ...body,
        ],
      },
    ],
  });
}

/** The packed file: the same model gives the same bytes (the model's time, not the wall clock's: docx-stable.ts). */
export async function renderDocx(model: ReportModel): Promise<Uint8Array> {
  const at = model.proof?.submittedAt ?? model.generatedAt;
  const core = corePropertiesXml({ ...coreOf(model, new DocxContext(model)), at });
  const packed = await Packer.toBuffer(await buildDocx(model), false, [
    { path: 'docProps/core.xml', data: core },
  ]);
  return stabilisePackage(new Uint8Array(packed), at);
}
