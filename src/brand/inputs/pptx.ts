/**
 * PPTX → the document model: slides in presentation order (`p:sldIdLst`), each shape's paragraphs located by slide
 * number and shape name; pictures (alt = `descr`/`title`) of the slides and of their layouts and masters (a logo on
 * the master shows on every slide), and the text of the layouts' and masters' own shapes (a footer drawn on the
 * master shows on every slide; their placeholders' prompt texts do not, and are left out); explicit colours and the
 * theme's colour scheme.
 */
import type { ColourUse, DocModel, ImageRef, TextBlock } from '../types';
import { BrandInputError } from './errors';
import { elementColour, imageRef, textOf, themeColours } from './office-walk';
import { allElements, elements, parseXml, relationships, type XElement } from './xml';
import type { ZipReader } from './zip';

const relsOf = (part: string) => {
  const i = part.lastIndexOf('/') + 1;
  return `${part.slice(0, i)}_rels/${part.slice(i)}.rels`;
};

function paragraphText(p: XElement): string {
  let s = '';
  for (const e of allElements(p.children)) {
    if (e.name === 'a:t') s += textOf(e);
    else if (e.name === 'a:br') s += '\n';
  }
  return s;
}

function pictures(
  zip: ZipReader,
  file: string,
  part: string,
  nodes: ReturnType<typeof parseXml>,
  location: { file: string; slide?: number; part?: string },
): ImageRef[] {
  const rels = relationships(file, relsOf(part), zip.text(relsOf(part)));
  return [...elements(nodes, 'p:pic')].map((pic) => {
    const all = [...allElements(pic.children)];
    const pr = all.find((x) => x.name === 'p:cNvPr');
    const blip = all.find((x) => x.name === 'a:blip');
    const id = blip?.attrs['r:embed'];
    return imageRef(zip, {
      target: id ? rels.get(id) : undefined,
      name: pr?.attrs.name ?? '',
      alt: [pr?.attrs.descr, pr?.attrs.title].filter((v, k, all) => v && all.indexOf(v) === k).join(' '),
      location: { ...location, ...(pr?.attrs.name ? { shape: pr.attrs.name } : {}) },
    });
  });
}

/** The text of the shapes and tables in `nodes`, each paragraph a block located by `at` and the shape's name. */
function shapeBlocks(
  nodes: ReturnType<typeof parseXml>,
  at: { file: string; slide?: number; part?: string },
  o: { placeholders: boolean },
): TextBlock[] {
  const blocks: TextBlock[] = [];
  // Text boxes and placeholders (also inside groups), and tables (graphic frames).
  const holders = [...allElements(nodes)].filter((e) => e.name === 'p:sp' || e.name === 'p:graphicFrame');
  for (const sp of holders) {
    const inner = [...allElements(sp.children)];
    if (!o.placeholders && inner.some((x) => x.name === 'p:ph')) continue;
    const shape = inner.find((x) => x.name === 'p:cNvPr')?.attrs.name;
    for (const p of elements(sp.children, 'a:p')) {
      const text = paragraphText(p);
      if (text.trim()) blocks.push({ text, at: () => ({ ...at, ...(shape ? { shape } : {}) }) });
    }
  }
  return blocks;
}

export function readPptx(file: string, zip: ZipReader): DocModel {
  const presentation = zip.text('ppt/presentation.xml');
  if (presentation === undefined) throw new BrandInputError({ file, reason: 'pptxNoSlides' });
  const rels = relationships(
    file,
    'ppt/_rels/presentation.xml.rels',
    zip.text('ppt/_rels/presentation.xml.rels'),
  );
  const slideParts = [...allElements(parseXml(file, 'ppt/presentation.xml', presentation))]
    .filter((e) => e.name === 'p:sldId')
    .map((e) => rels.get(e.attrs['r:id'] ?? ''))
    .filter((p): p is string => p !== undefined && zip.has(p));
  const blocks: TextBlock[] = [];
  const images: ImageRef[] = [];
  const colours: ColourUse[] = [];
  const backdrops = new Set<string>();
  slideParts.forEach((part, i) => {
    const slide = i + 1;
    const nodes = parseXml(file, part, zip.text(part)!);
    blocks.push(...shapeBlocks(nodes, { file, slide }, { placeholders: true }));
    images.push(...pictures(zip, file, part, nodes, { file, slide }));
    for (const e of allElements(nodes)) {
      const c = elementColour(e, { file, slide });
      if (c) colours.push(c);
    }
    // The slide's layout and master: their pictures show on it.
    const slideRels = relationships(file, relsOf(part), zip.text(relsOf(part)));
    for (const target of slideRels.values())
      if (/slideLayouts\/|slideMasters\//.test(target)) {
        backdrops.add(target);
        const layoutRels = relationships(file, relsOf(target), zip.text(relsOf(target)));
        for (const t of layoutRels.values()) if (/slideMasters\//.test(t)) backdrops.add(t);
      }
  });
  for (const part of [...backdrops].sort()) {
    const xml = zip.text(part);
    if (!xml) continue;
    const nodes = parseXml(file, part, xml);
    images.push(...pictures(zip, file, part, nodes, { file, part }));
    blocks.push(...shapeBlocks(nodes, { file, part }, { placeholders: false }));
  }
  const themes = [...zip.entries.keys()].filter((n) => /^ppt\/theme\/theme\d+\.xml$/.test(n)).sort();
  for (const part of themes.slice(0, 1))
    colours.push(...themeColours(parseXml(file, part, zip.text(part)!), { file, part }));
  return { file, kind: 'pptx', blocks, images, colours };
}
