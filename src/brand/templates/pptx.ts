/**
 * The branded slide template (pptxgenjs, 16:9): a master (pptxgenjs writes it as the layout "BRAND" over its
 * generic slide master) with a palette band, the logo, the emblems and the funding
 * acknowledgement in the footer (images named by their file, alt text the plan's asset name; a labelled dashed box
 * when the plan has no file), then a title slide and a content slide on it. Repacked like the DOCX templates: the
 * plan's fixed instant everywhere and Office's theme colours replaced by the palette's.
 */
import PptxGenJS from 'pptxgenjs';
import { translate, type MessageKey } from '../../i18n';
import { corePropertiesXml } from '../../reports/docx-stable';
import { chartPng } from '../../reports/chart-png';
import { imageSize, LATIN_FONT } from '../../reports/docx-parts';
import { brandColours, type BrandAsset, type TemplateIdentity } from './identity';
import { repack } from './package';

const MASTER = 'BRAND';
/** LAYOUT_16x9: 10 × 5.625 inches. */
const W = 10;
const H = 5.625;

type MasterObject = NonNullable<Parameters<PptxGenJS['defineSlideMaster']>[0]['objects']>[number];

/** PNG/JPEG/GIF bytes of an image (SVG rasterised), or null when unreadable. */
async function raster(a: BrandAsset, height: number): Promise<{ data: string; w: number; h: number } | null> {
  if (!a.image) return null;
  let type = a.image.contentType.toLowerCase();
  let bytes: Uint8Array = new Uint8Array(Buffer.from(a.image.data, 'base64'));
  if (type.startsWith('image/svg')) {
    bytes = await chartPng({ svg: Buffer.from(bytes).toString('utf8'), width: 400 });
    type = 'image/png';
  }
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return null;
  return {
    data: `${type};base64,${Buffer.from(bytes).toString('base64')}`,
    w: (height * size.width) / size.height,
    h: height,
  };
}

/** The asset as a master object at (x, y), `height` inches high; a dashed labelled box when it has no image. */
async function assetObjects(
  id: TemplateIdentity,
  a: BrandAsset,
  o: { x: number; y: number; height: number; colour: string },
): Promise<{ objects: MasterObject[]; width: number }> {
  const image = await raster(a, o.height);
  if (image) {
    return {
      width: image.w,
      objects: [
        {
          image: {
            x: o.x,
            y: o.y,
            w: image.w,
            h: image.h,
            data: image.data,
            altText: a.image!.alt,
            objectName: a.image!.fileName,
          },
        },
      ],
    };
  }
  const width = o.height * 2.2;
  return {
    width,
    objects: [
      {
        text: {
          text: translate(id.lang, 'brand.doc.missingImage', { name: a.name }),
          options: {
            x: o.x,
            y: o.y,
            w: width,
            h: o.height,
            fontSize: 6,
            fontFace: LATIN_FONT,
            color: o.colour,
            align: 'center',
            valign: 'middle',
            line: { color: o.colour, width: 0.75, dashType: 'dash' },
          },
        },
      },
    ],
  };
}

/** The slide template (PPTX bytes). */
export async function slidesPptx(id: TemplateIdentity): Promise<Uint8Array> {
  const t = (key: MessageKey) => translate(id.lang, key);
  const { primary: dark, accent: band } = brandColours(id.palette);
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  pptx.author = 'Herald';
  pptx.company = id.acronym;
  pptx.title = `${id.acronym} – ${t('brand.kind.slides')}`;
  pptx.theme = { headFontFace: LATIN_FONT, bodyFontFace: LATIN_FONT };

  const objects: MasterObject[] = [
    { rect: { x: 0, y: 0, w: W, h: 0.12, fill: { color: band } } },
    ...id.palette.map((c, i): MasterObject => ({
      rect: { x: W - 0.3 * (id.palette.length - i), y: 0.12, w: 0.3, h: 0.06, fill: { color: c.hex } },
    })),
  ];
  if (id.logo)
    objects.push(
      ...(await assetObjects(id, id.logo, { x: 0.3, y: 0.25, height: 0.55, colour: dark })).objects,
    );
  let x = 0.3;
  for (const e of id.emblems) {
    const placed = await assetObjects(id, e, { x, y: H - 0.62, height: 0.42, colour: dark });
    objects.push(...placed.objects);
    x += placed.width + 0.15;
  }
  objects.push({
    text: {
      text: id.acknowledgement,
      options: {
        x,
        y: H - 0.7,
        w: W - x - 0.8,
        h: 0.6,
        fontSize: 7,
        fontFace: LATIN_FONT,
        color: dark,
        valign: 'middle',
      },
    },
  });
  pptx.defineSlideMaster({
    title: MASTER,
    objects,
    slideNumber: { x: W - 0.6, y: H - 0.5, w: 0.4, h: 0.3, fontSize: 9, color: dark },
  });

  const title = pptx.addSlide({ masterName: MASTER });
  title.addText(id.acronym, { x: 0.6, y: 1.2, w: W - 1.2, h: 0.8, fontSize: 40, bold: true, color: dark });
  title.addText(id.longName, { x: 0.6, y: 2.0, w: W - 1.2, h: 0.8, fontSize: 14, color: dark });
  title.addText(t('brand.slides.title'), {
    x: 0.6,
    y: 2.9,
    w: W - 1.2,
    h: 0.6,
    fontSize: 24,
    bold: true,
    color: band,
  });
  title.addText(t('brand.slides.subtitle'), {
    x: 0.6,
    y: 3.5,
    w: W - 1.2,
    h: 0.4,
    fontSize: 14,
    color: dark,
  });

  const content = pptx.addSlide({ masterName: MASTER });
  content.addText(t('brand.slides.contentTitle'), {
    x: 0.6,
    y: 0.95,
    w: W - 1.2,
    h: 0.6,
    fontSize: 26,
    bold: true,
    color: dark,
  });
  content.addText(
    [1, 2, 3].map((n) => ({
      text: `${t('brand.slides.bullet')} ${n}`,
      options: { bullet: true, breakLine: true },
    })),
    { x: 0.8, y: 1.7, w: W - 1.6, h: 2.6, fontSize: 18, color: dark, valign: 'top' },
  );

  const bytes = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  const core = corePropertiesXml({
    title: pptx.title,
    creator: 'Herald',
    description: pptx.title,
    at: id.at,
  });
  return repack(bytes, { at: id.at, palette: id.palette, core });
}
