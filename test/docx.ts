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
  /** Every table: the paragraphs just before and after it (captions), and its rows of cell texts. */
  tables: Array<{ before: string; after: string; rows: string[][] }>;
  media: Array<{ name: string; bytes: Uint8Array }>;
}

export async function readDocx(bytes: Uint8Array): Promise<ReadDocx> {
  const zip = await JSZip.loadAsync(bytes);
  const documentXml = await zip.file('word/document.xml')!.async('string');
  const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const files = Object.keys(zip.files);
  // The body in order: tables (with the paragraphs inside them) and the paragraphs between them.
  const blocks = documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  const paragraphs: ReadDocx['paragraphs'] = [];
  const tables: ReadDocx['tables'] = [];
  const pending: Array<ReadDocx['tables'][number]> = [];
  for (const block of blocks) {
    if (block.startsWith('<w:tbl>')) {
      const rows = (block.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? []).map((r) =>
        (r.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((c) => xmlText(c)),
      );
      const table = { before: paragraphs.at(-1)?.text ?? '', after: '', rows };
      tables.push(table);
      pending.push(table);
      continue;
    }
    const text = xmlText(block);
    for (const t of pending.splice(0)) t.after = text;
    paragraphs.push({ style: /<w:pStyle w:val="([^"]+)"\/>/.exec(block)?.[1] ?? '', text });
  }
  const media = await Promise.all(
    files
      .filter((f) => f.startsWith('word/media/'))
      .map(async (name) => ({ name, bytes: await zip.file(name)!.async('uint8array') })),
  );
  return { documentXml, stylesXml, files, paragraphs, tables, media };
}
