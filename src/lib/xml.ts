/**
 * A careful XML 1.0 writer: elements as strings built only through `xmlElement`, so the output is well-formed for any
 * input. Text and attribute values are escaped (`&`, `<`, `>`, quotes; `]]>` cannot survive since `>` is escaped),
 * and characters XML 1.0 forbids are removed: C0 controls other than tab, LF and CR, unpaired surrogates, U+FFFE and
 * U+FFFF. Names are checked against a conservative pattern (ASCII names, one optional prefix) and refused otherwise.
 */

/** Characters that may not appear in an XML 1.0 document, however escaped (lone surrogates included). */
const ILLEGAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` without the characters XML 1.0 forbids. */
export const xmlSafe = (value: string): string => value.replace(ILLEGAL, '');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text content or an attribute value: illegal characters removed, markup characters escaped. */
export const xmlEscape = (value: string): string => xmlSafe(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const NAME = /^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/;

/** A fragment of XML built by this module (never raw text): children of `xmlElement`. */
export interface XmlFragment {
  readonly xml: string;
}

export type XmlChild = XmlFragment | string | number | null | undefined | false | readonly XmlChild[];
export type XmlAttrs = Record<string, string | number | undefined | null>;

function renderChildren(children: readonly XmlChild[]): string {
  let out = '';
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) out += renderChildren(child);
    else if (typeof child === 'string') out += xmlEscape(child);
    else if (typeof child === 'number') out += String(child);
    else out += (child as XmlFragment).xml;
  }
  return out;
}

/** `<name attrs>children</name>` (or `<name attrs/>` without children); attributes with no value are left out. */
export function xmlElement(name: string, attrs: XmlAttrs | null, ...children: XmlChild[]): XmlFragment {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${JSON.stringify(name)}`);
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null) continue;
    if (!NAME.test(key)) throw new Error(`not an XML attribute name: ${JSON.stringify(key)}`);
    open += ` ${key}="${xmlEscape(String(value))}"`;
  }
  const inner = renderChildren(children);
  return { xml: inner === '' ? `${open}/>` : `${open}>${inner}</${name}>` };
}

/** An element only when `value` is a non-empty string after removing illegal characters. */
export function xmlOptional(
  name: string,
  value: string | null | undefined,
  attrs?: XmlAttrs,
): XmlFragment | null {
  if (value === null || value === undefined || xmlSafe(value).trim() === '') return null;
  return xmlElement(name, attrs ?? null, value);
}

/** A whole document: the XML declaration and its root element. */
export const xmlDocument = (root: XmlFragment): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${root.xml}\n`;
