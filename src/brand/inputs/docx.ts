/**
 * DOCX → the document model: paragraphs of the body, then of headers, footers, footnotes and endnotes (where
 * acknowledgements and emblems often sit), located by paragraph number (body) or part + paragraph; images of
 * `w:drawing` (alt = `descr`/`title`, name, bytes through the part's relationships); run and shading colours and the
 * theme's colour scheme.
 */
import type { ColourUse, DocModel, ImageRef, Location, TextBlock } from '../types';
import { BrandInputError } from './errors';
import {
  elementColour,
  imageRef,
  paragraphBlocks,
  textOf,
  themeColours,
  walkParagraphs,
} from './office-walk';
import { allElements, parseXml, relationships, type XElement } from './xml';
import type { ZipReader } from './zip';

const LEAF: Record<string, (e: XElement) => string> = {
  'w:t': textOf,
  'w:tab': () => '\t',
  'w:br': () => '\n',
  'w:cr': () => '\n',
  'w:noBreakHyphen': () => '-',
  'w:softHyphen': () => '\u00ad',
  'w:delText': () => '',
  'w:instrText': () => '',
};

function readPart(opts: {
  zip: ZipReader;
  file: string;
  part: string;
  where: (paragraph: number) => Location;
}): { blocks: TextBlock[]; images: ImageRef[]; colours: ColourUse[] } {
  const { zip, file, part, where } = opts;
  const xml = zip.text(part);
  if (xml === undefined) return { blocks: [], images: [], colours: [] };
  const nodes = parseXml(file, part, xml);
  const folder = part.slice(0, part.lastIndexOf('/') + 1);
  const relsPart = `${folder}_rels/${part.slice(folder.length)}.rels`;
  const rels = relationships(file, relsPart, zip.text(relsPart));
  const images: ImageRef[] = [];
  const colours: ColourUse[] = [];
  const texts = walkParagraphs(nodes, {
    isParagraph: (e) => e.name === 'w:p',
    leaf: (e) => LEAF[e.name]?.(e),
    visit: (e, paragraph) => {
      const location = where(Math.max(1, paragraph));
      const c = elementColour(e, location);
      if (c) colours.push(c);
      if (e.name !== 'w:drawing' && e.name !== 'w:pict') return;
      const all = [...allElements(e.children)];
      const pr = all.find((x) => x.name === 'wp:docPr' || x.name === 'pic:cNvPr' || x.name === 'v:shape');
      const blip = all.find((x) => x.name === 'a:blip' || x.name === 'v:imagedata');
      const id = blip?.attrs['r:embed'] ?? blip?.attrs['r:id'];
      images.push(
        imageRef(zip, {
          target: id ? rels.get(id) : undefined,
          name: pr?.attrs.name ?? '',
          alt: [pr?.attrs.descr, pr?.attrs.title, pr?.attrs.alt]
            .filter((v, k, all) => v && all.indexOf(v) === k)
            .join(' '),
          location,
        }),
      );
    },
  });
  return { blocks: paragraphBlocks(texts, where), images, colours };
}

export function readDocx(file: string, zip: ZipReader): DocModel {
  if (!zip.has('word/document.xml')) throw new BrandInputError({ file, reason: 'docxNoBody' });
  const body = readPart({
    zip,
    file,
    part: 'word/document.xml',
    where: (paragraph) => ({ file, paragraph }),
  });
  const parts = [...zip.entries.keys()]
    .filter((n) => /^word\/(?:(?:header|footer)\d*|footnotes|endnotes)\.xml$/.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const extra = parts.map((part) =>
    readPart({ zip, file, part, where: (paragraph) => ({ file, part, paragraph }) }),
  );
  const theme = zip.text('word/theme/theme1.xml');
  const themeUse = theme
    ? themeColours(parseXml(file, 'word/theme/theme1.xml', theme), { file, part: 'word/theme/theme1.xml' })
    : [];
  return {
    file,
    kind: 'docx',
    blocks: [...body.blocks, ...extra.flatMap((p) => p.blocks)],
    images: [...body.images, ...extra.flatMap((p) => p.images)],
    colours: [...body.colours, ...extra.flatMap((p) => p.colours), ...themeUse],
  };
}
