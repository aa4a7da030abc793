/**
 * OAI-PMH responses checked with libxml2 (xmllint-wasm) against the vendored schemas in test/fixtures/xsd: the
 * OAI-PMH envelope and, inside it, oai_dc records. CERIF payloads (no vendored schema) are removed before the envelope
 * is validated, and the whole document is still parsed for well-formedness.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const dir = new URL('./fixtures/xsd/', import.meta.url);
const file = (name: string, transform: (s: string) => string = (s) => s) => ({
  fileName: name,
  contents: transform(readFileSync(new URL(name, dir), 'utf8')),
});

const WRAPPER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
</xs:schema>`;

const CERIF_METADATA =
  /<metadata><[A-Za-z]+ xmlns="https:\/\/www\.openaire\.eu\/cerif-profile\/1\.1\/"[\s\S]*?<\/metadata>/g;

const preload = [
  file('OAI-PMH.xsd'),
  file('oai_dc.xsd'),
  file('simpledc20021212.xsd', (s) => s.replace('http://www.w3.org/2001/03/xml.xsd', 'xml.xsd')),
  file('xml.xsd'),
];

/**
 * Errors of documents against OAI-PMH.xsd (+ oai_dc); CERIF `<metadata>` payloads removed first. Several documents
 * go through one xmllint run (one WebAssembly start), each named in its errors.
 */
export async function schemaErrors(
  docs: string | readonly { name: string; xml: string }[],
): Promise<string[]> {
  const list = typeof docs === 'string' ? [{ name: 'response', xml: docs }] : docs;
  if (list.length === 0) return [];
  const result = await validateXML({
    xml: list.map((d, i) => ({
      fileName: `${i}-${d.name.replace(/[^\w.=&-]+/g, '_').slice(0, 150)}.xml`,
      contents: d.xml.replace(CERIF_METADATA, ''),
    })),
    schema: { fileName: 'wrapper.xsd', contents: WRAPPER },
    preload,
  });
  return result.errors.map((e) => e.rawMessage);
}

/** Responses kept to be validated together (`schemaErrors(seen.docs)`): one xmllint run per test file. */
export class SeenResponses {
  readonly docs: { name: string; xml: string }[] = [];
  add(name: string, xml: string): string {
    this.docs.push({ name, xml });
    return xml;
  }
}

/** Errors parsing documents as XML (well-formedness only, CERIF payloads included), in one xmllint run. */
export async function wellFormedErrors(
  docs: string | readonly { name: string; xml: string }[],
): Promise<string[]> {
  const list = typeof docs === 'string' ? [{ name: 'response', xml: docs }] : docs;
  if (list.length === 0) return [];
  const result = await validateXML({
    xml: list.map((d, i) => ({ fileName: `${i}.xml`, contents: d.xml })),
    normalization: 'format',
  });
  return result.errors.map((e) => e.rawMessage);
}

/** The texts of every `<tag …>text</tag>` (no nested elements), in order. */
export const texts = (xml: string, tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);

/** The error code of an error response, else undefined. */
export const errorCode = (xml: string): string | undefined => /<error code="([^"]+)"/.exec(xml)?.[1];

/** The `<request …>` element's attributes as written. */
export const requestAttrs = (xml: string): string => /<request([^>]*)>/.exec(xml)?.[1]?.trim() ?? '';

/** The resumption token element: its text and attributes (undefined: none). */
export function resumption(xml: string): { token: string; size?: number; cursor?: number } | undefined {
  const m = /<resumptionToken([^>]*?)(?:\/>|>([^<]*)<\/resumptionToken>)/.exec(xml);
  if (!m) return undefined;
  const attr = (name: string) => {
    const a = new RegExp(`${name}="(\\d+)"`).exec(m[1]!);
    return a ? Number(a[1]) : undefined;
  };
  return { token: m[2] ?? '', size: attr('completeListSize'), cursor: attr('cursor') };
}
