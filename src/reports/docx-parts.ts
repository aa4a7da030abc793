/** The DOCX renderer's building blocks: fonts, palette, styles, paragraphs, captioned tables, images. */
import {
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import { formatNumber, translate, type Lang, type MessageKey } from '../i18n';
import { chartPng } from './chart-png';
import type { ReportImage, ReportModel } from './model';

/** Latin text in Arial (LibreOffice substitutes the metric-compatible Liberation Sans), Japanese in Noto Sans CJK. */
export const LATIN_FONT = 'Arial';
export const EAST_ASIA_FONT = 'Noto Sans CJK JP';
const RUN_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: EAST_ASIA_FONT };

/** The usable width of an A4 page with 2.5 cm margins, in pixels at 96 dpi (images) and in twips (tables). */
export const TEXT_WIDTH_PX = 604;
export const TEXT_WIDTH_TWIPS = 9071;

/** The names of the report's column headings (`report.col.*` in messages.ts). */
export type Col = MessageKey extends infer K ? (K extends `report.col.${infer C}` ? C : never) : never;

/** The paragraph style of table cells: 9 pt (18 half-points), body text being 10.5 pt. */
const TABLE_STYLE = 'TableText';

const DEFAULT_PRIMARY = '1F4E79';
const hex = (c: string | undefined): string | null => {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(c?.trim() ?? '');
  if (!m) return null;
  const h = m[1]!;
  return (h.length === 3 ? h.replace(/./g, '$&$&') : h).toUpperCase();
};

/** What every part of the document needs: the language, its strings, the palette and the caption counters. */
export class DocxContext {
  readonly lang: Lang;
  /** Headings, the cover's acronym and table header shading (the palette's first colour). */
  readonly primary: string;
  /** Timeline cells that were planned (the palette's second colour, else the primary's). */
  readonly secondary: string;
  private tables = 0;
  private figures = 0;
  private drawings = 0;

  constructor(readonly model: ReportModel) {
    this.lang = model.lang;
    const colours = model.identity.palette.map(hex).filter((c): c is string => c !== null);
    this.primary = colours[0] ?? DEFAULT_PRIMARY;
    this.secondary = colours[1] ?? this.primary;
  }
  /** The next drawing id of this document (docx's own counter is shared by every document the process makes). */
  drawingId(): string {
    this.drawings += 1;
    return String(this.drawings);
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.lang, key, params);
  }

  /** Column headings: `report.col.<name>` for each name. */
  cols(...names: Col[]): string[] {
    return names.map((n) => translate(this.lang, `report.col.${n}`));
  }

  /** A quantity, grouped per locale; '—' when there is none. */
  num(n: number | null): string {
    return n === null ? '—' : formatNumber(this.lang, n);
  }

  /** "Table n. caption", numbered in the order tables appear (the seed's Table 4 is the events'). */
  tableCaption(caption: string): Paragraph {
    this.tables += 1;
    return new Paragraph({
      style: 'Caption',
      keepNext: true,
      children: [new TextRun(this.t('report.table', { n: this.tables, caption }))],
    });
  }

  figureCaption(caption: string): Paragraph {
    this.figures += 1;
    return new Paragraph({
      style: 'Caption',
      children: [new TextRun(this.t('report.figure', { n: this.figures, caption }))],
    });
  }
}

/** The document's styles: fonts for Latin and East Asian runs, headings and captions in the palette's colour. */
export function docStyles(ctx: DocxContext): IStylesOptions {
  const language = ctx.lang === 'ja' ? { value: 'en-GB', eastAsia: 'ja-JP' } : { value: 'en-GB' };
  return {
    default: {
      document: { run: { font: RUN_FONT, size: 21, language }, paragraph: { spacing: { after: 80 } } },
      heading1: {
        run: { font: RUN_FONT, size: 32, bold: true, color: ctx.primary },
        paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
      },
      heading2: {
        run: { font: RUN_FONT, size: 26, bold: true, color: ctx.primary },
        paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
      },
      title: { run: { font: RUN_FONT, size: 48, bold: true, color: ctx.primary } },
    },
    paragraphStyles: [
      {
        id: 'Caption',
        name: 'Caption',
        basedOn: 'Normal',
        next: 'Normal',
        run: { italics: true, size: 18, color: '404040' },
        paragraph: { spacing: { before: 120, after: 80 } },
      },
      { id: 'Bibliography', name: 'Bibliography', basedOn: 'Normal', next: 'Normal' },
      {
        id: TABLE_STYLE,
        name: 'Table Text',
        basedOn: 'Normal',
        run: { size: 18 },
        paragraph: { spacing: { before: 0, after: 0 } },
      },
    ],
  };
}

export function para(text: string, opts: { bold?: boolean; size?: number; color?: string } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, ...opts })] });
}

/** A paragraph per line of a coordinator's text (blank lines dropped); nothing for an empty text. */
export function paragraphs(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => para(l));
}

/**
 * A cell's text: one paragraph per line in the TableText style (9 pt, no spacing), so a plain cell carries no run
 * properties of its own (a table of 5,000 rows packs about as fast as unstyled cells: bench `report`).
 */
const cellParagraphs = (text: string, bold = false, color?: string): Paragraph[] =>
  text.split('\n').map((line) =>
    bold || color
      ? new Paragraph({
          style: TABLE_STYLE,
          children: [new TextRun({ text: line, ...(bold ? { bold } : {}), ...(color ? { color } : {}) })],
        })
      : new Paragraph({ style: TABLE_STYLE, text: line }),
  );

export interface CellSpec {
  text: string;
  /** Background colour (hex without #). */
  fill?: string;
  bold?: boolean;
}

export interface DataTableOptions {
  columns: string[];
  rows: Array<Array<string | CellSpec>>;
  /** Relative column widths (default equal). */
  widths?: number[];
}

/**
 * A real table: the header row repeats on every page (`tableHeader`), shaded in the palette's primary colour with
 * white bold text; the body rows in plain text.
 */
export function dataTable(ctx: DocxContext, opts: DataTableOptions): Table {
  const weights = opts.widths ?? opts.columns.map(() => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const columnWidths = weights.map((w) => Math.floor((TEXT_WIDTH_TWIPS * w) / sum));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: opts.columns.map(
      (c) =>
        new TableCell({
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: ctx.primary },
          children: cellParagraphs(c, true, 'FFFFFF'),
        }),
    ),
  });
  const body = opts.rows.map(
    (row) =>
      new TableRow({
        children: row.map((cell) => {
          const spec = typeof cell === 'string' ? { text: cell } : cell;
          return new TableCell({
            ...(spec.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: spec.fill } } : {}),
            children: cellParagraphs(spec.text, spec.bold ?? false),
          });
        }),
      }),
  );
  return new Table({
    rows: [header, ...body],
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths,
  });
}

type ImageType = 'png' | 'jpg' | 'gif' | 'bmp';

/** Width and height in pixels from a PNG, GIF or JPEG header; null when they cannot be read. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length && bytes[i] === 0xff) {
      const marker = bytes[i + 1]!;
      const len = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: view.getUint16(i + 7), height: view.getUint16(i + 5) };
      }
      i += 2 + len;
    }
  }
  return null;
}

const IMAGE_TYPES: Record<string, ImageType> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
};

/**
 * A logo or emblem as an inline image at most `maxHeight` pixels high (SVG is rasterised); null if unreadable. `id`:
 * the drawing's id, from DocxContext.drawingId() (taken before any await, so ids follow the document's order).
 */
export async function identityImage(
  image: ReportImage,
  o: { maxHeight: number; id: string },
): Promise<ImageRun | null> {
  const { maxHeight } = o;
  let data: Uint8Array = new Uint8Array(Buffer.from(image.data, 'base64'));
  let type = IMAGE_TYPES[image.contentType.toLowerCase()];
  if (image.contentType.toLowerCase().startsWith('image/svg')) {
    data = await chartPng({ svg: Buffer.from(data).toString('utf8'), width: maxHeight * 4 });
    type = 'png';
  }
  const size = type ? imageSize(data) : null;
  if (!type || !size || size.width === 0 || size.height === 0) return null;
  const scale = Math.min(1, maxHeight / size.height, TEXT_WIDTH_PX / size.width);
  return new ImageRun({
    type,
    data,
    transformation: {
      width: Math.max(1, Math.round(size.width * scale)),
      height: Math.max(1, Math.round(size.height * scale)),
    },
    altText: { id: o.id, name: image.fileName, description: image.alt, title: image.alt },
  });
}

/** A row of images in one paragraph, separated by spaces. */
export function imageRow(images: ImageRun[]): ParagraphChild[] {
  return images.flatMap((img, i) => (i === 0 ? [img] : [new TextRun('  '), img]));
}
