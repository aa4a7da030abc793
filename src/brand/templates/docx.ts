/**
 * The branded Word templates: a deliverable (cover with logo, acronym and long name, code/title placeholders,
 * dissemination level, grant lines, emblems and acknowledgement; a version-history table as the seed's; headings in the
 * palette), and lighter agenda and minutes. Every page's footer carries the emblems and the acknowledgement verbatim.
 */
import { AlignmentType, Document, HeadingLevel, Paragraph, TextRun } from 'docx';
import {
  assetParagraph,
  brandFooter,
  brandTable,
  centred,
  fieldTable,
  grantLines,
  packTemplate,
  PAGE,
  TemplateContext,
  templateStyles,
} from './docx-parts';
import type { TemplateIdentity } from './identity';

const heading = (text: string, level: 1 | 2 = 1) =>
  new Paragraph({ heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, text });
const body = (ctx: TemplateContext) =>
  new Paragraph({ children: [new TextRun(ctx.t('brand.doc.bodyText', { name: ctx.id.acronym }))] });

async function coverOf(ctx: TemplateContext) {
  const { id } = ctx;
  const fill = ctx.t('brand.doc.fill');
  return [
    ...(id.logo ? [await assetParagraph(ctx, [id.logo], { maxHeight: 110 })] : []),
    centred(id.acronym, { size: 72, bold: true, color: ctx.primary, before: 360 }),
    centred(id.longName, { size: 26 }),
    centred(ctx.t('brand.doc.deliverable', { code: ctx.t('brand.doc.deliverableCode') }), {
      size: 36,
      bold: true,
      color: ctx.primary,
      before: 720,
    }),
    centred(ctx.t('brand.doc.deliverableTitle'), { size: 32, bold: true }),
    new Paragraph({ spacing: { before: 360 }, children: [] }),
    fieldTable(ctx, [
      ['brand.doc.field.workPackage', fill],
      ['brand.doc.field.level', ctx.t('brand.doc.field.levelValue')],
      ['brand.doc.field.type', fill],
      ['brand.doc.field.due', fill],
      ['brand.doc.field.submitted', fill],
      ['brand.doc.field.lead', fill],
      ['brand.doc.field.authors', fill],
      ['brand.doc.field.reviewers', fill],
      ['brand.doc.field.grant', grantLines(ctx).join('; ')],
    ]),
    ...(id.emblems.length > 0 ? [await assetParagraph(ctx, id.emblems, { maxHeight: 56, before: 720 })] : []),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: id.emblems.length > 0 ? 120 : 720 },
      children: [new TextRun({ text: id.acknowledgement, size: 18 })],
    }),
  ];
}

/** The deliverable template (DOCX bytes). */
export async function deliverableDocx(identity: TemplateIdentity): Promise<Uint8Array> {
  const ctx = new TemplateContext(identity);
  const cover = await coverOf(ctx);
  const footer = await brandFooter(ctx);
  const fill = ctx.t('brand.doc.fill');
  const doc = new Document({
    creator: 'Herald',
    title: `${identity.acronym} – ${ctx.t('brand.kind.deliverable')}`,
    styles: templateStyles(ctx),
    sections: [
      { properties: { page: PAGE }, footers: { default: footer }, children: cover },
      {
        properties: { page: PAGE },
        footers: { default: footer },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, text: ctx.t('brand.doc.versionHistory') }),
          brandTable(
            ctx,
            ['version', 'date', 'partner', 'description', 'status'].map((c) =>
              ctx.t(`brand.doc.col.${c}` as 'brand.doc.col.version'),
            ),
            [['V01', fill, fill, fill, ctx.t('brand.doc.status.draft')]],
          ),
          heading(ctx.t('brand.doc.executiveSummary')),
          body(ctx),
          heading(`1 ${ctx.t('brand.doc.introduction')}`),
          body(ctx),
          heading(`2 ${ctx.t('brand.doc.section')}`),
          heading(`2.1 ${ctx.t('brand.doc.subsection')}`, 2),
          body(ctx),
          heading(`3 ${ctx.t('brand.doc.conclusions')}`),
          body(ctx),
        ],
      },
    ],
  });
  return packTemplate(doc, {
    title: `${identity.acronym} – ${ctx.t('brand.kind.deliverable')}`,
    identity,
  });
}

/** The header of agenda and minutes: logo, acronym, the document's name. */
async function meetingHead(ctx: TemplateContext, title: string) {
  return [
    ...(ctx.id.logo ? [await assetParagraph(ctx, [ctx.id.logo], { maxHeight: 60 })] : []),
    centred(ctx.id.acronym, { size: 40, bold: true, color: ctx.primary }),
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, text: title }),
  ];
}

async function meetingDocx(
  identity: TemplateIdentity,
  o: {
    kind: 'agenda' | 'minutes';
    children: (ctx: TemplateContext) => (Paragraph | ReturnType<typeof brandTable>)[];
  },
): Promise<Uint8Array> {
  const ctx = new TemplateContext(identity);
  const title = ctx.t(o.kind === 'agenda' ? 'brand.doc.agenda' : 'brand.doc.minutes');
  const head = await meetingHead(ctx, title);
  const footer = await brandFooter(ctx);
  const doc = new Document({
    creator: 'Herald',
    title: `${identity.acronym} – ${title}`,
    styles: templateStyles(ctx),
    sections: [
      { properties: { page: PAGE }, footers: { default: footer }, children: [...head, ...o.children(ctx)] },
    ],
  });
  return packTemplate(doc, { title: `${identity.acronym} – ${title}`, identity });
}

/** The meeting agenda template. */
export function agendaDocx(identity: TemplateIdentity): Promise<Uint8Array> {
  return meetingDocx(identity, {
    kind: 'agenda',
    children: (ctx) => {
      const fill = ctx.t('brand.doc.fill');
      return [
        fieldTable(ctx, [
          ['brand.doc.field.meeting', fill],
          ['brand.doc.col.date', fill],
          ['brand.doc.field.venue', fill],
          ['brand.doc.field.chair', fill],
        ]),
        heading(ctx.t('brand.doc.agenda')),
        brandTable(
          ctx,
          [
            ctx.t('brand.doc.col.n'),
            ctx.t('brand.doc.col.time'),
            ctx.t('brand.doc.col.item'),
            ctx.t('brand.doc.col.lead'),
          ],
          [1, 2, 3].map((n) => [String(n), fill, fill, fill]),
        ),
      ];
    },
  });
}

/** The meeting minutes template. */
export function minutesDocx(identity: TemplateIdentity): Promise<Uint8Array> {
  return meetingDocx(identity, {
    kind: 'minutes',
    children: (ctx) => {
      const fill = ctx.t('brand.doc.fill');
      return [
        fieldTable(ctx, [
          ['brand.doc.field.meeting', fill],
          ['brand.doc.col.date', fill],
          ['brand.doc.field.attendees', fill],
          ['brand.doc.field.apologies', fill],
          ['brand.doc.field.writer', fill],
        ]),
        heading(ctx.t('brand.doc.discussion')),
        body(ctx),
        heading(ctx.t('brand.doc.decisions')),
        body(ctx),
        heading(ctx.t('brand.doc.actions')),
        brandTable(
          ctx,
          [
            ctx.t('brand.doc.col.n'),
            ctx.t('brand.doc.col.action'),
            ctx.t('brand.doc.col.owner'),
            ctx.t('brand.doc.col.due'),
          ],
          [1, 2].map((n) => [String(n), fill, fill, fill]),
        ),
      ];
    },
  });
}
