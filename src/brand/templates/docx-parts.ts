/**
 * Building blocks of the branded DOCX templates: styles in the palette's colours, the logo or emblems as images (alt
 * text and name from the plan) or a labelled placeholder box when the plan has no file, field tables, the footer with
 * the acknowledgement and the emblems, and the packing into reproducible bytes (the reports' docx-stable).
 */
import {
  AlignmentType,
  BorderStyle,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type Document,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import { translate, type Lang, type MessageKey } from '../../i18n';
import { EAST_ASIA_FONT, identityImage, LATIN_FONT, TEXT_WIDTH_TWIPS } from '../../reports/docx-parts';
import { corePropertiesXml } from '../../reports/docx-stable';
import { brandColours, type BrandAsset, type TemplateIdentity } from './identity';
import { repack } from './package';

const RUN_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: EAST_ASIA_FONT };

/** A4 with 2.5 cm margins (TEXT_WIDTH_TWIPS). */
export const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: 1417, right: 1417, bottom: 1417, left: 1417, footer: 567 },
};

/** One document being built: its strings, colours (palette only) and drawing ids. */
export class TemplateContext {
  readonly lang: Lang;
  /** Headings and the title: the palette's darkest colour that is not a grey. */
  readonly primary: string;
  /** Table headers and rules: the palette's first other colour that is not a grey. */
  readonly accent: string;
  private drawings = 0;

  constructor(readonly id: TemplateIdentity) {
    this.lang = id.lang;
    ({ primary: this.primary, accent: this.accent } = brandColours(id.palette));
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.lang, key, params);
  }

  /** The next drawing id of this document (docx's counter is shared by the process). */
  drawingId(): string {
    this.drawings += 1;
    return String(this.drawings);
  }
}

export function templateStyles(ctx: TemplateContext): IStylesOptions {
  const language = ctx.lang === 'ja' ? { value: 'en-GB', eastAsia: 'ja-JP' } : { value: 'en-GB' };
  return {
    default: {
      document: { run: { font: RUN_FONT, size: 21, language }, paragraph: { spacing: { after: 100 } } },
      title: { run: { font: RUN_FONT, size: 44, bold: true, color: ctx.primary } },
      heading1: {
        run: { font: RUN_FONT, size: 32, bold: true, color: ctx.primary },
        paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
      },
      heading2: {
        run: { font: RUN_FONT, size: 26, bold: true, color: ctx.accent },
        paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
      },
      heading3: {
        run: { font: RUN_FONT, size: 22, bold: true, color: ctx.primary },
        paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
      },
      hyperlink: { run: { color: ctx.accent, underline: {} } },
    },
  };
}

/** A centred line of text. */
export const centred = (
  text: string,
  o: { size?: number; bold?: boolean; color?: string; before?: number } = {},
) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: o.before ?? 0, after: 120 },
    children: [new TextRun({ text, size: o.size, bold: o.bold, color: o.color })],
  });

/** The asset's image (alt text and name from the plan), or a bracketed label naming what is missing. */
async function assetRun(ctx: TemplateContext, a: BrandAsset, maxHeight: number): Promise<ParagraphChild> {
  const image = a.image ? await identityImage(a.image, { maxHeight, id: ctx.drawingId() }) : null;
  return (
    image ??
    new TextRun({ text: ctx.t('brand.doc.missingImage', { name: a.name }), size: 16, color: ctx.primary })
  );
}

/** Logo or emblems in one centred paragraph; a missing file gets a bordered box with its label. */
export async function assetParagraph(
  ctx: TemplateContext,
  assets: BrandAsset[],
  o: { maxHeight: number; before?: number },
): Promise<Paragraph> {
  const runs: ParagraphChild[] = [];
  for (const [i, a] of assets.entries()) {
    if (i > 0) runs.push(new TextRun('    '));
    runs.push(await assetRun(ctx, a, o.maxHeight));
  }
  const missing = assets.some((a) => !a.image);
  const border = { style: BorderStyle.DASHED, size: 6, color: ctx.accent, space: 4 };
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: o.before ?? 0, after: 120 },
    ...(missing ? { border: { top: border, bottom: border, left: border, right: border } } : {}),
    children: runs,
  });
}

/** The footer: emblems, the acknowledgement verbatim, and the page number. */
export async function brandFooter(ctx: TemplateContext): Promise<Footer> {
  const { id } = ctx;
  return new Footer({
    children: [
      ...(id.emblems.length > 0 ? [await assetParagraph(ctx, id.emblems, { maxHeight: 28 })] : []),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 60 },
        children: [new TextRun({ text: id.acknowledgement, size: 14 })],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ children: [`${id.acronym} · `, PageNumber.CURRENT], size: 16, color: ctx.primary }),
        ],
      }),
    ],
  });
}

const cellText = (text: string, o: { bold?: boolean; color?: string } = {}) =>
  new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text, size: 18, ...o })] });

/** A table with a header row in the accent colour and the given rows (texts). */
export function brandTable(ctx: TemplateContext, head: string[], rows: string[][]): Table {
  const width = Math.floor(TEXT_WIDTH_TWIPS / head.length);
  const border = { style: BorderStyle.SINGLE, size: 4, color: ctx.primary };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, header: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders,
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: ctx.accent, color: 'auto' } } : {}),
      children: [cellText(text, header ? { bold: true } : {})],
    });
  return new Table({
    width: { size: width * head.length, type: WidthType.DXA },
    columnWidths: head.map(() => width),
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
    ],
  });
}

/** A two-column table of labelled fields (label in bold, value a placeholder). */
export function fieldTable(ctx: TemplateContext, fields: [MessageKey, string][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: ctx.primary };
  const borders = { top: border, bottom: border, left: border, right: border };
  const w = [Math.round(TEXT_WIDTH_TWIPS * 0.35), TEXT_WIDTH_TWIPS - Math.round(TEXT_WIDTH_TWIPS * 0.35)];
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: w,
    rows: fields.map(
      ([label, value]) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: w[0]!, type: WidthType.DXA },
              borders,
              children: [cellText(ctx.t(label), { bold: true, color: ctx.primary })],
            }),
            new TableCell({
              width: { size: w[1]!, type: WidthType.DXA },
              borders,
              children: [cellText(value)],
            }),
          ],
        }),
    ),
  });
}

/** The grant lines: "H2020 grant agreement No 814917" per grant. */
export const grantLines = (ctx: TemplateContext): string[] =>
  ctx.id.grants.map((g) =>
    ctx.t('brand.doc.grantLine', { programme: g.programme ?? g.funder, number: g.number }),
  );

/** The packed file, reproducible: the plan's fixed instant in the core properties and every zip entry. */
export async function packTemplate(
  doc: Document,
  o: { title: string; identity: TemplateIdentity },
): Promise<Uint8Array> {
  const { at, palette } = o.identity;
  const core = corePropertiesXml({ title: o.title, creator: 'Herald', description: o.title, at });
  const packed = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: core }]);
  return repack(new Uint8Array(packed), { at, palette, core });
}
