/**
 * PDF → the document model through unpdf (PDF.js): one block per page, located by page number. Images are not
 * read (emblems are not checked in PDF). A damaged PDF → BrandInputError naming the file.
 */
import type { DocModel } from '../types';
import { BrandInputError } from './errors';

export const PDF_LIMITS = { pages: 2_000 };

export async function readPdf(file: string, bytes: Uint8Array): Promise<DocModel> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes the buffer over: give it a copy.
    doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (e) {
    throw new BrandInputError({ file, reason: 'pdfBroken', params: { detail: (e as Error).message } });
  }
  try {
    if (doc.numPages > PDF_LIMITS.pages)
      throw new BrandInputError({
        file,
        reason: 'pdfTooManyPages',
        params: { pages: doc.numPages, limit: PDF_LIMITS.pages },
      });
    let pages: string[];
    try {
      pages = (await extractText(doc, { mergePages: false })).text;
    } catch (e) {
      throw new BrandInputError({ file, reason: 'pdfBroken', params: { detail: (e as Error).message } });
    }
    return {
      file,
      kind: 'pdf',
      blocks: pages.map((text, i) => ({ text, at: () => ({ file, page: i + 1 }) })),
      images: [],
      colours: [],
    };
  } finally {
    await doc.destroy();
  }
}
