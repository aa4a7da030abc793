/**
 * readDocument: bytes → the document model. The type is sniffed from the bytes (`%PDF-`; a ZIP container by its
 * parts: `word/document.xml` DOCX, `ppt/presentation.xml` PPTX, ODF `mimetype` ODT), the extension deciding only
 * between text kinds (HTML and SVG also by their start; CSS by its extension). A file that is none of these, damaged,
 * or too large → BrandInputError naming the file and what is wrong; never a crash.
 */
import { extname } from 'node:path';
import type { DocKind, DocModel } from '../types';
import { BrandInputError } from './errors';
import { readHtml } from './html';
import { readCss, readMarkdown, readSocialPost, readText } from './text';
import { ZipReader } from './zip';

export const INPUT_LIMITS = {
  /** One input file. */
  fileBytes: 50 * 1024 * 1024,
  /** A text input (HTML, Markdown, text, a post). */
  textBytes: 5 * 1024 * 1024,
};

export { BrandInputError } from './errors';

export interface ReadOptions {
  /** The name findings carry (a path as typed, or an upload's name). */
  file: string;
  bytes: Uint8Array;
  /** Read as a pasted social post of this network. */
  social?: { network?: string };
}

const ODT_MIME = 'application/vnd.oasis.opendocument.text';

/** The kind of a file from its bytes (and its extension between text kinds). */
export function sniff(file: string, bytes: Uint8Array): DocKind {
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    const zip = new ZipReader(Buffer.from(bytes), file);
    if (zip.has('word/document.xml')) return 'docx';
    if (zip.has('ppt/presentation.xml')) return 'pptx';
    if (zip.text('mimetype')?.trim() === ODT_MIME) return 'odt';
    throw new BrandInputError({ file, reason: 'zipUnknown' });
  }
  const ext = extname(file).toLowerCase();
  const start = head
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (ext === '.svg' || start.startsWith('<svg') || (start.startsWith('<?xml') && /<svg[\s>]/.test(start)))
    return 'svg';
  if (
    ['.html', '.htm', '.xhtml'].includes(ext) ||
    start.startsWith('<!doctype html') ||
    start.startsWith('<html')
  )
    return 'html';
  if (ext === '.css') return 'css';
  if (['.md', '.markdown'].includes(ext)) return 'md';
  return 'txt';
}

function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes.length > INPUT_LIMITS.textBytes)
    throw new BrandInputError({ file, reason: 'tooLarge', params: { limit: INPUT_LIMITS.textBytes } });
  if (bytes.includes(0)) throw new BrandInputError({ file, reason: 'binary' });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    throw new BrandInputError({ file, reason: 'notUtf8' });
  }
}

export async function readDocument(opts: ReadOptions): Promise<DocModel> {
  const { file, bytes } = opts;
  if (bytes.length === 0) throw new BrandInputError({ file, reason: 'empty' });
  if (bytes.length > INPUT_LIMITS.fileBytes)
    throw new BrandInputError({ file, reason: 'tooLarge', params: { limit: INPUT_LIMITS.fileBytes } });
  if (opts.social) return readSocialPost(file, decodeText(file, bytes), opts.social.network);
  const kind = sniff(file, bytes);
  switch (kind) {
    case 'pdf':
      return (await import('./pdf')).readPdf(file, bytes);
    case 'docx':
      return (await import('./docx')).readDocx(file, new ZipReader(Buffer.from(bytes), file));
    case 'pptx':
      return (await import('./pptx')).readPptx(file, new ZipReader(Buffer.from(bytes), file));
    case 'odt':
      return (await import('./odt')).readOdt(file, new ZipReader(Buffer.from(bytes), file));
    case 'html':
      return readHtml(file, decodeText(file, bytes));
    case 'svg':
      return { ...readHtml(file, decodeText(file, bytes)), kind: 'svg' };
    case 'css':
      return readCss(file, decodeText(file, bytes));
    case 'md':
      return readMarkdown(file, decodeText(file, bytes));
    default:
      return readText(file, decodeText(file, bytes));
  }
}
