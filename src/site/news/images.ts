/**
 * A news post's image: PNG, JPEG, WebP or GIF only (sniffed from the bytes, as evidence files: src/records/sniff.ts),
 * at most 5 MB, stored under its sha256 in `<files>/site/` (content-addressed; a folder of its own, so removing an
 * evidence file never removes a post's image that happens to have the same bytes).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { validationError } from '../../records/validate';
import { sniffContentType } from '../../records/sniff';

export const NEWS_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const MAX_NEWS_IMAGE_BYTES = 5 * 1024 * 1024;

/** The folder of the site's images inside the files folder. */
export const siteImagesDir = (filesDir: string): string => join(filesDir, 'site');

/** The files folder of the app: its `filesDir`, else `HERALD_DATA_DIR/files` (as evidence files). */
export const filesDirOf = (deps: { filesDir?: string | undefined }): string =>
  deps.filesDir ?? join(loadConfig().HERALD_DATA_DIR, 'files');

const SHA256 = /^[0-9a-f]{64}$/;

/** Checks an upload; returns its sniffed type and sha256, or a 422 naming the field `image`. */
export function checkNewsImage(bytes: Uint8Array): { contentType: string; sha256: string } {
  const refuse = (message: string, key: string, params?: Record<string, string>) =>
    validationError([{ path: 'image', message, key, ...(params ? { params } : {}) }]);
  if (bytes.length > MAX_NEWS_IMAGE_BYTES) throw refuse('is larger than 5 MB', 'news.error.imageSize');
  const sniffed = sniffContentType(bytes);
  if (!sniffed || !(NEWS_IMAGE_TYPES as readonly string[]).includes(sniffed))
    throw refuse('must be a PNG, JPEG, WebP or GIF image', 'news.error.imageType');
  return { contentType: sniffed, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes the bytes under their hash once (a temporary name, then a rename: never half a file). */
export async function storeNewsImage(dir: string, sha256: string, bytes: Uint8Array): Promise<void> {
  const path = join(dir, sha256);
  if (existsSync(path)) return;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${sha256}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, bytes, { mode: 0o640 });
  await rename(tmp, path);
}

/** The bytes of an image, or undefined when the file is missing. */
export async function readNewsImage(dir: string, sha256: string): Promise<Buffer | undefined> {
  if (!SHA256.test(sha256)) return undefined;
  try {
    return await readFile(join(dir, sha256));
  } catch {
    return undefined;
  }
}
