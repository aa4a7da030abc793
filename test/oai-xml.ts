/**
 * OAI-PMH responses checked with libxml2 (xmllint-wasm) against the schemas in test/fixtures/xsd: the OAI-PMH
 * envelope and, inside it, oai_dc records (vendored schemas). CERIF payloads are removed before the envelope is
 * validated, then each is validated on its own against the stand-in for the OpenAIRE CERIF profile schema
 * (test/fixtures/xsd/cerif-subset, see the README there); the whole document is still parsed for well-formedness.
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

const safeName = (name: string) => name.replace(/[^\w.=&-]+/g, '_').slice(0, 150);
const cerifFile = (name: string) => file(`cerif-subset/${name}`);
const CERIF_SCHEMA = { ...cerifFile('openaire-cerif-subset.xsd'), fileName: 'openaire-cerif-subset.xsd' };
const cerifPreload = [
  file('xml.xsd'),
  ...['coar-publication-types.xsd', 'openaire-funding-types.xsd', 'coar-access-rights.xsd'].map((name) => ({
    ...cerifFile(name),
    fileName: name,
  })),
];

/** The CERIF payloads (`<metadata>` contents) of OAI-PMH responses, each a document of its own. */
export const cerifPayloads = (xml: string): string[] =>
  [...xml.matchAll(CERIF_METADATA)].map(
    (m) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n${m[0].slice('<metadata>'.length, -'</metadata>'.length)}`,
  );

/** Errors of CERIF documents against the stand-in profile schema, in one xmllint run. */
export async function cerifErrors(docs: readonly { name: string; xml: string }[]): Promise<string[]> {
  if (docs.length === 0) return [];
  const result = await validateXML({
    xml: docs.map((d, i) => ({ fileName: `${i}-${safeName(d.name)}.xml`, contents: d.xml })),
    schema: CERIF_SCHEMA,
    preload: cerifPreload,
  });
  return result.errors.map((e) => e.rawMessage);
}

const preload = [
  file('OAI-PMH.xsd'),
  file('oai_dc.xsd'),
  file('simpledc20021212.xsd', (s) => s.replace('http://www.w3.org/2001/03/xml.xsd', 'xml.xsd')),
  file('xml.xsd'),
];

/**
 * Errors of documents against OAI-PMH.xsd (+ oai_dc) with the CERIF `<metadata>` payloads removed, then of those
 * payloads against the CERIF stand-in. Several documents go through one xmllint run per schema (one WebAssembly
 * start), each named in its errors.
 */
export async function schemaErrors(
  docs: string | readonly { name: string; xml: string }[],
): Promise<string[]> {
  const list = typeof docs === 'string' ? [{ name: 'response', xml: docs }] : docs;
  if (list.length === 0) return [];
  const result = await validateXML({
    xml: list.map((d, i) => ({
      fileName: `${i}-${safeName(d.name)}.xml`,
      contents: d.xml.replace(CERIF_METADATA, ''),
    })),
    schema: { fileName: 'wrapper.xsd', contents: WRAPPER },
    preload,
  });
  const cerif = list.flatMap((d) => cerifPayloads(d.xml).map((xml, j) => ({ name: `${d.name}#${j}`, xml })));
  return [...result.errors.map((e) => e.rawMessage), ...(await cerifErrors(cerif))];
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
