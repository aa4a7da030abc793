/**
 * A publication's licence, stored in one normal form: Creative Commons licences (and CC0) as their SPDX identifiers
 * (`CC-BY-4.0`, `CC-BY-NC-SA-3.0-IGO`, `CC0-1.0`) whether written as an identifier ("CC BY 4.0", "cc-by-4.0") or
 * as their creativecommons.org address; any other SPDX-like identifier as written (`MIT`, `LicenseRef-…`); any
 * other licence as its http(s) address (a publisher's own licence page), trimmed. Anything else is refused.
 */
import { z } from 'zod';

const CC_ELEMENTS = /^(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)$/;
const CC_VERSION = /^\d\.\d$/;
/** A licence identifier in the SPDX form: letters, digits, `.`, `-`, `+`; one word, at most 100 characters. */
const SPDX_LIKE = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,99}$/;

/** A Creative Commons licence URL path (`/licenses/by/4.0/legalcode.de`, `/publicdomain/zero/1.0/`) → SPDX id. */
function ccFromPath(path: string): string | undefined {
  const parts = path
    .toLowerCase()
    .split('/')
    .filter((p) => p !== '');
  if (parts[0] === 'publicdomain' && parts[1] === 'zero' && CC_VERSION.test(parts[2] ?? '')) {
    return `CC0-${parts[2]}`;
  }
  if (parts[0] !== 'licenses' || !CC_ELEMENTS.test(parts[1] ?? '') || !CC_VERSION.test(parts[2] ?? '')) {
    return undefined;
  }
  const igo = parts[3] === 'igo' ? '-IGO' : '';
  return `CC-${parts[1]!.toUpperCase()}-${parts[2]}${igo}`;
}

/** "CC BY 4.0", "cc-by-nc-4.0", "CC BY-SA 3.0 IGO", "CC0 1.0", "CC0" → SPDX id; undefined if not a CC licence. */
function ccFromName(text: string): string | undefined {
  const m = /^cc[\s-]*(0|by(?:[\s-]+(?:sa|nd|nc))*)(?:[\s-]+v?(\d\.\d))?(?:[\s-]+(igo))?$/i.exec(text);
  if (!m) return undefined;
  const elements = m[1]!.toLowerCase().split(/[\s-]+/);
  if (elements[0] === '0') return m[3] ? undefined : `CC0-${m[2] ?? '1.0'}`;
  const kind = elements.join('-');
  // A CC BY licence named without its version is too vague to store: 2.0 and 4.0 differ.
  if (!CC_ELEMENTS.test(kind) || !m[2]) return undefined;
  return `CC-${kind.toUpperCase()}-${m[2]}${m[3] ? '-IGO' : ''}`;
}

/** The normal form of a licence as written (identifier or address), or undefined when it is neither. */
export function normaliseLicence(input: string): string | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  if (/^https?:\/\//i.test(text) || /^(www\.)?creativecommons\.org\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
    } catch {
      return undefined;
    }
    if (/^(www\.)?creativecommons\.org$/i.test(url.hostname)) {
      const cc = ccFromPath(url.pathname);
      if (cc) return cc;
    }
    return url.href;
  }
  const cc = ccFromName(text);
  if (cc) return cc;
  if (/^cc\b/i.test(text) || !SPDX_LIKE.test(text)) return undefined;
  return text;
}

/**
 * Whether a stored licence meets Horizon Europe's open-access licence rule: CC BY (any version, IGO too), or CC0,
 * which gives every right CC BY gives and more. The same test as `HE_LICENCE_SQL`.
 */
export const isHorizonEuropeLicence = (licence: string): boolean => HE_LICENCE.test(licence);
const HE_LICENCE = /^(CC-BY-\d\.\d(-IGO)?|CC0-\d\.\d)$/;
/** The rule above as a PostgreSQL regular expression (POSIX ERE). */
export const HE_LICENCE_SQL = '^(CC-BY-[0-9]\\.[0-9](-IGO)?|CC0-[0-9]\\.[0-9])$';

/** Input: a licence identifier or address; output: its normal form. */
export const licenceSchema = z.string().transform((value, ctx) => {
  const normalised = normaliseLicence(value);
  if (normalised !== undefined && normalised.length <= 500) return normalised;
  ctx.addIssue({
    code: 'custom',
    message: `"${value}" is not a licence: write an identifier such as CC-BY-4.0 or the licence's address`,
    params: { key: 'validation.record.licence', input: value },
  });
  return z.NEVER;
});
