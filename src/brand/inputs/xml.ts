/** Office XML parts as a small ordered tree (fast-xml-parser, order preserved, attributes kept, text untrimmed). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BrandInputError } from './errors';

export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
}
export type XNode = XElement | { text: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Raw = Record<string, unknown>;

function convert(items: Raw[]): XNode[] {
  const out: XNode[] = [];
  for (const item of items) {
    if ('#text' in item) {
      out.push({ text: String(item['#text']) });
      continue;
    }
    const name = Object.keys(item).find((k) => k !== ':@');
    if (!name) continue;
    const attrs = (item[':@'] ?? {}) as Record<string, string>;
    out.push({ name, attrs, children: convert((item[name] ?? []) as Raw[]) });
  }
  return out;
}

/** A part's root nodes; malformed XML → BrandInputError naming the file and the part. */
export function parseXml(file: string, part: string, xml: string): XNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new BrandInputError({
      file,
      reason: 'xmlBroken',
      params: { part, line: valid.err.line, detail: valid.err.msg },
    });
  try {
    return convert(parser.parse(xml) as Raw[]);
  } catch (e) {
    // the validator and the parser disagree on some damaged input (an unclosed processing instruction)
    throw new BrandInputError({
      file,
      reason: 'xmlBroken',
      params: { part, line: 0, detail: (e as Error).message },
    });
  }
}

export const isElement = (n: XNode): n is XElement => 'name' in n;

/** Every element named `name` below `nodes`, in document order (not looking inside a match). */
export function* elements(nodes: XNode[], name: string): Generator<XElement> {
  for (const n of nodes) {
    if (!isElement(n)) continue;
    if (n.name === name) yield n;
    else yield* elements(n.children, name);
  }
}

/** Every element (any depth, matches included), in document order. */
export function* allElements(nodes: XNode[]): Generator<XElement> {
  for (const n of nodes) {
    if (!isElement(n)) continue;
    yield n;
    yield* allElements(n.children);
  }
}

/** Relationship id → target path of a `_rels/*.rels` part, resolved against the part's folder. */
export function relationships(file: string, part: string, xml: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  const folder = part.replace(/_rels\/[^/]+\.rels$/, '');
  for (const r of allElements(parseXml(file, part, xml))) {
    if (r.name !== 'Relationship' || !r.attrs.Id || !r.attrs.Target) continue;
    if (r.attrs.TargetMode === 'External') continue;
    map.set(r.attrs.Id, resolvePath(folder, r.attrs.Target));
  }
  return map;
}

export function resolvePath(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = folder.split('/').filter(Boolean);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}
