/** Reads a DOCX back for tests (jszip): its parts, paragraphs with their style, tables as rows of cell texts, media. */
import JSZip from 'jszip';

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of an XML fragment: every w:t, tabs as \t, paragraphs inside it joined with \n. */
export function xmlText(xml: string): string {
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [xml])
    .map((p) =>
      [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
        .map((m) => (m[0] === '<w:tab/>' ? '\t' : decode(m[1] ?? '')))
        .join(''),
    )
    .join('\n');
}

export interface ReadDocx {
  documentXml: string;
  stylesXml: string;
  files: string[];
  /** Body paragraphs outside tables, in order: their style id (or '') and text. */
  paragraphs: Array<{ style: string; text: string }>;
  /** Every table: rows of cell texts. */
  tables: string[][][];
  media: Array<{ name: string; bytes: Uint8Array }>;
}

export async function readDocx(bytes: Uint8Array): Promise<ReadDocx> {
  const zip = await JSZip.loadAsync(bytes);
  const documentXml = await zip.file('word/document.xml')!.async('string');
  const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const files = Object.keys(zip.files);
  const tableXml = documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
  const outside = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paragraphs = (outside.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? '',
    text: xmlText(p),
  }));
  const tables = tableXml.map((t) =>
    (t.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? []).map((r) =>
      (r.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((c) => xmlText(c)),
    ),
  );
  const media = await Promise.all(
    files
      .filter((f) => f.startsWith('word/media/'))
      .map(async (name) => ({ name, bytes: await zip.file(name)!.async('uint8array') })),
  );
  return { documentXml, stylesXml, files, paragraphs, tables, media };
}
