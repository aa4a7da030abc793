/** Hostile import files for tests and the fuzz bench: a BibTeX macro bomb, an XLSX with one damaged deflate byte. */

/** 28 `@string` macros, each the previous one twice, used in one title: about 750 bytes, 2^28 characters expanded. */
export function macroBomb(levels = 28): string {
  const lines = ['@string{m1 = "a" # "a"}'];
  for (let i = 2; i <= levels; i++) lines.push(`@string{m${i} = m${i - 1} # m${i - 1}}`);
  lines.push(`@article{bomb, author = {Silva, Ana}, title = m${levels}, journal = {J}, year = {2024}}`);
  return lines.join('\n');
}

/** Where an entry's packed data starts and how long it is, from the ZIP's central directory. */
export function zipEntryData(zip: Uint8Array, name: string): { start: number; length: number } | undefined {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return undefined;
  let at = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    if (buf.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = buf.readUInt32LE(at + 42);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      return { start, length: buf.readUInt32LE(at + 20) };
    }
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return undefined;
}

/** A copy of an XLSX with one bit flipped in the deflate data of an entry (`offset` into that data). */
export function damagedXlsx(xlsx: Uint8Array, entry = 'xl/worksheets/sheet1.xml', offset = 0): Buffer {
  const place = zipEntryData(xlsx, entry);
  if (!place) throw new Error(`no entry ${entry}`);
  const copy = Buffer.from(xlsx);
  copy[place.start + offset] = (copy[place.start + offset] ?? 0) ^ 0x01;
  return copy;
}
