/**
 * What a file really is, from its first bytes (and, for Office files, the names inside the ZIP), never from its
 * name or the type the browser claims. Only the evidence types Herald accepts are recognised; anything else
 * (HTML, SVG, scripts, archives, executables) is `undefined`.
 */

export interface EvidenceType {
  contentType: string;
  /** File name extensions that may carry this type (lower case, no dot). */
  extensions: readonly string[];
  /** Shown inline (an image in the record page); everything else is only ever an attachment. */
  image: boolean;
}

export const EVIDENCE_TYPES: readonly EvidenceType[] = [
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], image: true },
  { contentType: 'image/png', extensions: ['png'], image: true },
  { contentType: 'image/gif', extensions: ['gif'], image: true },
  { contentType: 'image/webp', extensions: ['webp'], image: true },
  { contentType: 'application/pdf', extensions: ['pdf'], image: false },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    image: false,
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    image: false,
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    image: false,
  },
  { contentType: 'video/mp4', extensions: ['mp4', 'm4v'], image: false },
];

export const evidenceType = (contentType: string): EvidenceType | undefined =>
  EVIDENCE_TYPES.find((t) => t.contentType === contentType);

const ascii = (b: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));

const startsWith = (b: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);

/** ISO base media brands of MP4 video (not HEIF images, not QuickTime). */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'M4V ',
  'dash',
  'mp71',
]);

/** File names inside a ZIP, from its central directory (empty when it is not a readable ZIP). */
export function zipEntryNames(b: Uint8Array): string[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const min = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || view.getUint32(at, true) !== 0x02014b50) return [];
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    names.push(new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

function officeType(b: Uint8Array): string | undefined {
  const names = zipEntryNames(b);
  if (!names.includes('[Content_Types].xml')) return undefined;
  if (names.some((n) => n.startsWith('word/')))
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (names.some((n) => n.startsWith('ppt/')))
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  if (names.some((n) => n.startsWith('xl/')))
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return undefined;
}

/** The content type of an accepted evidence file, from its bytes; undefined for anything else. */
export function sniffContentType(b: Uint8Array): string | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(b, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(b, 4, 8) === 'ftyp' && MP4_BRANDS.has(ascii(b, 8, 12))) return 'video/mp4';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return officeType(b);
  return undefined;
}

/** The lower-case extension of a file name (`photo.JPG` → `jpg`), or ''. */
export const extensionOf = (name: string): string =>
  /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? '';
