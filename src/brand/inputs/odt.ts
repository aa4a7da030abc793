/**
 * ODT → the document model: `text:p`/`text:h` paragraphs of content.xml (numbered in document order) and of the
 * master pages' headers and footers in styles.xml (located by part + paragraph); `draw:frame` images (alt =
 * `svg:title` + `svg:desc`, name = `draw:name`, bytes of `draw:image xlink:href`); `fo:color`/`fo:background-color`.
 */
import type { ColourUse, DocModel, ImageRef, Location, TextBlock } from '../types';
import { officeColour } from './colour-parse';
import { BrandInputError } from './errors';
import { imageRef, paragraphBlocks, textOf, walkParagraphs } from './office-walk';
import { allElements, isElement, parseXml, type XElement } from './xml';
import type { ZipReader } from './zip';

const LEAF: Record<string, (e: XElement) => string> = {
  'text:s': (e) => ' '.repeat(Math.min(1000, Number(e.attrs['text:c'] ?? 1) || 1)),
  'text:tab': () => '\t',
  'text:line-break': () => '\n',
  'text:soft-page-break': () => '',
  'svg:title': () => '',
  'svg:desc': () => '',
  'office:annotation': () => '',
};

function readPart(zip: ZipReader, file: string, part: string, where: (n: number) => Location) {
  const xml = zip.text(part);
  const images: ImageRef[] = [];
  const colours: ColourUse[] = [];
  if (xml === undefined) return { blocks: [] as TextBlock[], images, colours };
  const nodes = parseXml(file, part, xml);
  const texts = walkParagraphs(nodes, {
    isParagraph: (e) => e.name === 'text:p' || e.name === 'text:h',
    leaf: (e) => LEAF[e.name]?.(e),
    mixed: true,
    visit: (e, paragraph) => {
      if (e.name !== 'draw:frame') return;
      const kids = e.children.filter(isElement);
      const img = kids.find((k) => k.name === 'draw:image');
      const alt = kids
        .filter((k) => k.name === 'svg:title' || k.name === 'svg:desc')
        .map(textOf)
        .join(' ');
      images.push(
        imageRef(zip, {
          target: img?.attrs['xlink:href'],
          name: e.attrs['draw:name'] ?? '',
          alt,
          location: where(Math.max(1, paragraph)),
        }),
      );
    },
  });
  for (const e of allElements(nodes))
    for (const a of ['fo:color', 'fo:background-color']) {
      const rgb = officeColour(e.attrs[a]?.replace(/^#/, ''));
      if (rgb) colours.push({ written: e.attrs[a]!, rgb, location: { file, part } });
    }
  return { blocks: paragraphBlocks(texts, where), images, colours };
}

export function readOdt(file: string, zip: ZipReader): DocModel {
  if (!zip.has('content.xml')) throw new BrandInputError({ file, reason: 'odtNoContent' });
  const content = readPart(zip, file, 'content.xml', (paragraph) => ({ file, paragraph }));
  const styles = readPart(zip, file, 'styles.xml', (paragraph) => ({ file, part: 'styles.xml', paragraph }));
  return {
    file,
    kind: 'odt',
    blocks: [...content.blocks, ...styles.blocks],
    images: [...content.images, ...styles.images],
    colours: [...content.colours, ...styles.colours],
  };
}
