/**
 * The one check for a `next` (return) path a request hands us: only a parsed, same-origin path is followed.
 *
 * Browsers strip tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` or `/\evil.example` become
 * `//evil.example`, another host. A string test on the raw value cannot see all of that; here the value must be
 * free of control characters (C0, DEL) and backslashes, raw and once %-decoded, must resolve against our own
 * origin without leaving it, and its resolved path must start with exactly one `/`. What comes back is the URL
 * parser's serialisation (path, query, fragment), so it is plain ASCII and always a valid Location header.
 */

/** A placeholder origin: only "did the value leave it?" matters, never its name. */
const BASE = 'http://herald.invalid';
const MAX_LENGTH = 500;

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

const decodeOnce = (v: string): string | undefined => {
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
};

/** `v` as a same-site path (`/p/x?y=1#z`), or undefined when it is anything else: then use the default page. */
export function safeNextPath(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length >= MAX_LENGTH) return undefined;
  if (!v.startsWith('/') || v.startsWith('//') || UNSAFE.test(v)) return undefined;
  const decoded = decodeOnce(v);
  if (decoded === undefined || UNSAFE.test(decoded) || decoded.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/..//evil.example` resolves to `//evil.example`: check what the parser made of it, not only the input.
  if (!path.startsWith('/') || path.startsWith('//') || UNSAFE.test(path)) return undefined;
  const decodedPath = decodeOnce(url.pathname);
  if (decodedPath === undefined || decodedPath.startsWith('//') || UNSAFE.test(decodedPath)) return undefined;
  return path;
}
