/**
 * The DOCX package made reproducible: `docx` stamps the wall clock into docProps/core.xml and every zip entry's DOS
 * time, and numbers bookmarks from one counter per process, so the same model gave different bytes each time. Here
 * the core properties carry the model's time (the injected clock's), every entry is dated with it in UTC and the
 * bookmarks are numbered from 1 per document (drawing ids: DocxContext.drawingId); same model → same bytes.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const NS =
  'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
  'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface CoreProperties {
  title: string;
  creator: string;
  description: string;
  /** ISO 8601 instant: created and modified. */
  at: string;
}

/** docProps/core.xml with the given time instead of the wall clock (an override for Packer). */
export function corePropertiesXml(p: CoreProperties): string {
  const at = `${p.at.slice(0, 19)}Z`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<cp:coreProperties ${NS}>` +
    `<dc:title>${xmlEscape(p.title)}</dc:title><dc:creator>${xmlEscape(p.creator)}</dc:creator>` +
    `<dc:description>${xmlEscape(p.description)}</dc:description>` +
    `<cp:lastModifiedBy>${xmlEscape(p.creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** An instant as MS-DOS time and date (2-second resolution, years 1980–2107), read in UTC. */
export function dosDateTime(iso: string): { time: number; date: number } {
  const d = new Date(iso);
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface ZipEntry {
  name: Uint8Array;
  method: number;
  crc: number;
  size: number;
  /** The entry's data as stored (compressed with `method`). */
  stored: Uint8Array;
}

/** The entries of a zip file without a comment (what fflate writes for docx), in order. */
function readEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== EOCD) throw new Error('not a zip file (end record not found)');
  const entries: ZipEntry[] = [];
  let at = view.getUint32(end + 16, true);
  for (let i = 0, count = view.getUint16(end + 10, true); i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new Error(`zip central entry ${i} not found`);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== LOCAL) throw new Error(`zip local header ${i} not found`);
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({
      name: zip.subarray(at + 46, at + 46 + nameLength),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      size: view.getUint32(at + 24, true),
      stored: zip.subarray(data, data + view.getUint32(at + 20, true)),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** A zip file of these entries, every one dated `iso` (UTF-8 names, no extra fields, no comment). */
function writeEntries(entries: ZipEntry[], iso: string): Uint8Array {
  const { time, date } = dosDateTime(iso);
  const size = entries.reduce((n, e) => n + 30 + 46 + 2 * e.name.byteLength + e.stored.byteLength, 22);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const header = (at: number, e: ZipEntry, central: boolean): number => {
    const o = central ? 4 : 2; // the central header has "version made by" before what both share
    view.setUint32(at, central ? CENTRAL : LOCAL, true);
    if (central) view.setUint16(at + 4, 20, true);
    view.setUint16(at + o + 2, 20, true); // version needed
    view.setUint16(at + o + 4, 0x0800, true); // UTF-8 names
    view.setUint16(at + o + 6, e.method, true);
    view.setUint16(at + o + 8, time, true);
    view.setUint16(at + o + 10, date, true);
    view.setUint32(at + o + 12, e.crc, true);
    view.setUint32(at + o + 16, e.stored.byteLength, true);
    view.setUint32(at + o + 20, e.size, true);
    view.setUint16(at + o + 24, e.name.byteLength, true);
    return at + (central ? 46 : 30);
  };
  let at = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(at);
    at = header(at, e, false);
    out.set(e.name, at);
    out.set(e.stored, at + e.name.byteLength);
    at += e.name.byteLength + e.stored.byteLength;
  }
  const directory = at;
  entries.forEach((e, i) => {
    const next = header(at, e, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(e.name, next);
    at = next + e.name.byteLength;
  });
  view.setUint32(at, EOCD, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}

/**
 * Bookmark ids (and the `_Toc<id>` names built from them) renumbered 1, 2, … in the order they start: docx takes them
 * from one counter for the whole process, so the second report a process rendered numbered them further on.
 */
export function renumberBookmarks(xml: string): string {
  const ids = new Map<string, string>();
  for (const m of xml.matchAll(/<w:bookmarkStart\b[^>]*?\bw:id="(\d+)"/g)) {
    if (!ids.has(m[1]!)) ids.set(m[1]!, String(ids.size + 1));
  }
  const id = (old: string) => ids.get(old) ?? old;
  return xml
    .replace(
      /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g,
      (_, head: string, old: string) => `${head}${id(old)}"`,
    )
    .replace(/\b_Toc(\d+)\b/g, (_, old: string) => `_Toc${id(old)}`);
}

const DOCUMENT = 'word/document.xml';

/**
 * The package made reproducible: every entry dated `iso` (UTC), and the document's bookmark ids numbered from 1.
 * Entries other than the document keep their compressed bytes as they are.
 */
export function stabilisePackage(zip: Uint8Array, iso: string): Uint8Array {
  const decoder = new TextDecoder();
  const entries = readEntries(zip).map((e) => {
    if (decoder.decode(e.name) !== DOCUMENT) return e;
    const raw = e.method === 8 ? inflateRawSync(e.stored) : e.stored;
    const xml = Buffer.from(renumberBookmarks(decoder.decode(raw)), 'utf8');
    return { ...e, method: 8, crc: crc32(xml), size: xml.byteLength, stored: deflateRawSync(xml) };
  });
  return writeEntries(entries, iso);
}
