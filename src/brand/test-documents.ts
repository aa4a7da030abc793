/**
 * Real documents built in memory for the brand checker's tests (and the templates' later): DOCX through `docx`,
 * PPTX and ODT as minimal valid packages through jszip, a one-page-per-text PDF written by hand, PNG images.
 */
import { crc32, deflateSync } from 'node:zlib';
import { Document, FootnoteReferenceRun, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';

/** A w×h PNG of one colour (RGB). */
export function png(rgb: [number, number, number], w = 2, h = 2): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface TestImage {
  data: Buffer;
  alt?: string;
  name?: string;
}

/** A DOCX: one paragraph per string (a run colour optional), images after the paragraphs, one per paragraph. */
export async function docxFile(opts: {
  paragraphs: string[];
  images?: TestImage[];
  colour?: string;
  /** A footnote (referenced from the first paragraph). */
  footnote?: string;
}): Promise<Buffer> {
  const doc = new Document({
    ...(opts.footnote ? { footnotes: { 1: { children: [new Paragraph(opts.footnote)] } } } : {}),
    sections: [
      {
        children: [
          ...opts.paragraphs.map(
            (text, p) =>
              new Paragraph({
                children: [
                  ...text.split('\n').map(
                    (line, i) =>
                      new TextRun({
                        text: line,
                        break: i > 0 ? 1 : 0,
                        ...(opts.colour ? { color: opts.colour } : {}),
                      }),
                  ),
                  ...(p === 0 && opts.footnote ? [new FootnoteReferenceRun(1)] : []),
                ],
              }),
          ),
          ...(opts.images ?? []).map(
            (img) =>
              new Paragraph({
                children: [
                  new ImageRun({
                    type: 'png',
                    data: img.data,
                    transformation: { width: 20, height: 20 },
                    altText: {
                      name: img.name ?? 'Picture',
                      description: img.alt ?? '',
                      title: img.alt ?? '',
                    },
                  }),
                ],
              }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const NS_P =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const rels = (items: [string, string, string][]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;

const pic = (id: number, img: TestImage, rid: string) =>
  `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="${esc(img.name ?? `Picture ${id}`)}" descr="${esc(img.alt ?? '')}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="${rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;

const shape = (id: number, name: string, paragraphs: string[], colour?: string) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${esc(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="8000000" cy="1000000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>${paragraphs
    .map(
      (t) =>
        `<a:p><a:r><a:rPr lang="en-GB">${colour ? `<a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>` : ''}</a:rPr><a:t>${esc(t)}</a:t></a:r></a:p>`,
    )
    .join('')}</p:txBody></p:sp>`;

const tree = (inner: string) =>
  `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${inner}</p:spTree></p:cSld>`;

/** The theme's colour scheme: dk1 black, lt1 white, the accents given (hex without #). */
const theme = (accents: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Test"><a:themeElements><a:clrScheme name="Test"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>${accents
    .map((c, i) => `<a:accent${i + 1}><a:srgbClr val="${c}"/></a:accent${i + 1}>`)
    .join(
      '',
    )}</a:clrScheme><a:fontScheme name="Test"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Test"><a:fillStyleLst/><a:lnStyleLst/><a:effectStyleLst/><a:bgFillStyleLst/></a:fmtScheme></a:themeElements></a:theme>`;

/**
 * A PPTX: slides of shapes (name → paragraphs), pictures per slide, pictures on the slide master (shown on every
 * slide), the theme's accent colours, an explicit text colour.
 */
export async function pptxFile(opts: {
  slides: { shapes: Record<string, string[]>; images?: TestImage[] }[];
  masterImages?: TestImage[];
  accents?: string[];
  colour?: string;
}): Promise<Buffer> {
  const zip = new JSZip();
  const n = opts.slides.length;
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/><Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>${Array.from(
      { length: n },
      (_, i) =>
        `<Override PartName="/ppt/slides/slide${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`,
    ).join('')}</Types>`,
  );
  zip.file('_rels/.rels', rels([['rId1', 'officeDocument', 'ppt/presentation.xml']]));
  zip.file(
    'ppt/presentation.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation ${NS_P}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>${opts.slides
      .map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 10}"/>`)
      .join(
        '',
      )}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`,
  );
  zip.file(
    'ppt/_rels/presentation.xml.rels',
    rels([
      ['rId1', 'slideMaster', 'slideMasters/slideMaster1.xml'],
      ['rId2', 'theme', 'theme/theme1.xml'],
      ...opts.slides.map((_, i): [string, string, string] => [
        `rId${i + 10}`,
        'slide',
        `slides/slide${i + 1}.xml`,
      ]),
    ]),
  );
  const masterImages = opts.masterImages ?? [];
  masterImages.forEach((img, i) => zip.file(`ppt/media/master${i + 1}.png`, img.data));
  zip.file(
    'ppt/slideMasters/slideMaster1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldMaster ${NS_P}>${tree(
      masterImages.map((img, i) => pic(100 + i, img, `rIdM${i + 1}`)).join(''),
    )}<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`,
  );
  zip.file(
    'ppt/slideMasters/_rels/slideMaster1.xml.rels',
    rels([
      ['rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      ['rId2', 'theme', '../theme/theme1.xml'],
      ...masterImages.map((_, i): [string, string, string] => [
        `rIdM${i + 1}`,
        'image',
        `../media/master${i + 1}.png`,
      ]),
    ]),
  );
  zip.file(
    'ppt/slideLayouts/slideLayout1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldLayout ${NS_P}>${tree('')}</p:sldLayout>`,
  );
  zip.file(
    'ppt/slideLayouts/_rels/slideLayout1.xml.rels',
    rels([['rId1', 'slideMaster', '../slideMasters/slideMaster1.xml']]),
  );
  zip.file('ppt/theme/theme1.xml', theme(opts.accents ?? []));
  opts.slides.forEach((slide, i) => {
    const images = slide.images ?? [];
    images.forEach((img, k) => zip.file(`ppt/media/s${i + 1}-${k + 1}.png`, img.data));
    const shapes = Object.entries(slide.shapes)
      .map(([name, ps], k) => shape(2 + k, name, ps, opts.colour))
      .join('');
    zip.file(
      `ppt/slides/slide${i + 1}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld ${NS_P}>${tree(
        shapes + images.map((img, k) => pic(50 + k, img, `rIdI${k + 1}`)).join(''),
      )}</p:sld>`,
    );
    zip.file(
      `ppt/slides/_rels/slide${i + 1}.xml.rels`,
      rels([
        ['rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
        ...images.map((_, k): [string, string, string] => [
          `rIdI${k + 1}`,
          'image',
          `../media/s${i + 1}-${k + 1}.png`,
        ]),
      ]),
    );
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** An ODT: paragraphs (a `text:s` for each double space), framed images with title/description, a text colour. */
export async function odtFile(opts: {
  paragraphs: string[];
  images?: TestImage[];
  colour?: string;
}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  const images = opts.images ?? [];
  images.forEach((img, i) => zip.file(`Pictures/image${i + 1}.png`, img.data));
  zip.file(
    'META-INF/manifest.xml',
    `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>${images
      .map(
        (_, i) =>
          `<manifest:file-entry manifest:full-path="Pictures/image${i + 1}.png" manifest:media-type="image/png"/>`,
      )
      .join('')}</manifest:manifest>`,
  );
  const para = (t: string) =>
    `<text:p text:style-name="P1">${esc(t)
      .replace(/ {2}/g, ' <text:s/>')
      .replace(/\n/g, '<text:line-break/>')}</text:p>`;
  const frames = images.map(
    (img, i) =>
      `<text:p><draw:frame draw:name="${esc(img.name ?? `Image${i + 1}`)}" svg:width="1cm" svg:height="1cm" text:anchor-type="as-char"><draw:image xlink:href="Pictures/image${i + 1}.png" xlink:type="simple"/><svg:title>${esc(img.alt ?? '')}</svg:title></draw:frame></text:p>`,
  );
  zip.file(
    'content.xml',
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"><office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties${opts.colour ? ` fo:color="${opts.colour}"` : ''}/></style:style></office:automatic-styles><office:body><office:text>${[
      ...opts.paragraphs.map(para),
      ...frames,
    ].join('')}</office:text></office:body></office:document-content>`,
  );
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    mimeType: 'application/vnd.oasis.opendocument.text',
  });
}

/** A PDF (1.4, Helvetica) with one page per entry, each line of the entry a line of text. ASCII text only. */
export function pdfFile(pages: string[][]): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) + 0;
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const lines of pages) {
    const text = lines.map((l) => `(${l.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj T*`).join('\n');
    const stream = `BT /F1 11 Tf 14 TL 50 780 Td\n${text}\nET`;
    add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    const content = objects.length;
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`,
    );
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
