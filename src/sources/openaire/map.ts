/**
 * An OpenAIRE research product → the CSL-JSON item the CSL importer reads (src/importers/csl.ts: type, title,
 * author family/given or literal, container-title, publisher, volume, issue, page, issued date-parts, DOI, URL,
 * license, and the `Open access: …` note line) and the inbox row's own fields (external id, DOI, title, type, date).
 */
import type { CslItem, CslName } from '../../importers/csl';
import { DOI_PATTERN, normaliseDoi, normaliseIssn } from '../../records/schema';
import type { GraphProduct } from './graph';

/** OpenAIRE's product types (anything else is kept as `other`). */
export const PRODUCT_TYPES = ['publication', 'dataset', 'software', 'other'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/** OpenAIRE instance types (COAR resource types' labels) → CSL types. */
const INSTANCE_TYPES: Record<string, string> = {
  article: 'article-journal',
  'journal article': 'article-journal',
  'research article': 'article-journal',
  'review article': 'article-journal',
  'conference object': 'paper-conference',
  'conference paper': 'paper-conference',
  'conference proceedings': 'paper-conference',
  'part of book or chapter of book': 'chapter',
  'book chapter': 'chapter',
  book: 'book',
  'doctoral thesis': 'thesis',
  'master thesis': 'thesis',
  'bachelor thesis': 'thesis',
  thesis: 'thesis',
  preprint: 'article',
  report: 'report',
  dataset: 'dataset',
  software: 'software',
};

export interface InboxFields {
  externalId: string;
  doi: string | null;
  title: string;
  productType: ProductType;
  publishedOn: string | null;
  item: CslItem;
}

/** The product's DOI (lower-case), when it has a well-formed one. */
export function productDoi(p: GraphProduct): string | undefined {
  for (const pid of p.pids ?? []) {
    if (pid.scheme.toLowerCase() !== 'doi') continue;
    const doi = normaliseDoi(pid.value);
    if (DOI_PATTERN.test(doi)) return doi;
  }
  return undefined;
}

const clean = (s: string | null | undefined): string | undefined => {
  const v = s?.normalize('NFC').replace(/\s+/g, ' ').trim();
  return v ? v : undefined;
};

function cslType(p: GraphProduct): string {
  if (p.type === 'dataset' || p.type === 'software') return p.type;
  for (const i of p.instances ?? []) {
    const t = INSTANCE_TYPES[(i.type ?? '').trim().toLowerCase()];
    if (t) return t;
  }
  return 'document';
}

function authors(p: GraphProduct): CslName[] {
  return [...(p.authors ?? [])]
    .map((a, index) => ({ a, index }))
    .sort((x, y) => (x.a.rank ?? x.index + 1e6) - (y.a.rank ?? y.index + 1e6))
    .map(({ a }): CslName | undefined => {
      const family = clean(a.surname);
      const given = clean(a.name);
      if (family) return given ? { family, given } : { family };
      const literal = clean(a.fullName);
      return literal ? { literal } : undefined;
    })
    .filter((n): n is CslName => n !== undefined);
}

/** `2024-05-17` → [[2024, 5, 17]], `2024` → [[2024]]. */
function issued(date: string | undefined): CslItem['issued'] | undefined {
  const m = date?.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/);
  if (!m) return undefined;
  return { 'date-parts': [[m[1], m[2], m[3]].filter((x): x is string => !!x).map(Number)] };
}

/** The open-access route as the CSL importer's note line reads it (gold, green, hybrid, closed). */
function accessNote(p: GraphProduct): string | undefined {
  const routes = (p.instances ?? []).map((i) => i.accessRight?.openAccessRoute?.toLowerCase());
  const route = (['gold', 'hybrid', 'green'] as const).find((r) => routes.includes(r));
  if (route) return `Open access: ${route}`;
  if (p.bestAccessRight?.label?.toUpperCase() === 'CLOSED') return 'Open access: closed';
  return undefined;
}

/** The CSL-JSON item an accept imports (the external id as the item's id: the import's entry name). */
export function productToCsl(p: GraphProduct): CslItem {
  const doi = productDoi(p);
  const c = p.container ?? undefined;
  const pages = [clean(c?.sp), clean(c?.ep)].filter(Boolean).join('-');
  const url = doi
    ? `https://doi.org/${doi}`
    : (p.instances ?? []).flatMap((i) => i.urls ?? []).find((u) => /^https?:\/\//.test(u));
  const license = (p.instances ?? []).map((i) => clean(i.license)).find(Boolean);
  const note = accessNote(p);
  const item: CslItem = {
    id: p.id,
    type: cslType(p),
    title: clean(p.mainTitle),
    author: authors(p),
    'container-title': clean(c?.name),
    publisher: clean(p.publisher),
    volume: clean(c?.vol),
    issue: clean(c?.iss),
    page: pages || undefined,
    issued: issued(clean(p.publicationDate)),
    DOI: doi,
    // A wrong ISSN would block the accept: only a valid one is kept (its check digit verified).
    ISSN: [c?.issnPrinted, c?.issnOnline].map((x) => (x ? normaliseIssn(x) : undefined)).find(Boolean),
    URL: url,
    license,
    note,
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as CslItem;
}

/** The inbox row's fields, or undefined when the product has no title (nothing a coordinator could judge). */
export function productToInbox(p: GraphProduct): InboxFields | undefined {
  const title = clean(p.mainTitle);
  if (!title) return undefined;
  const type = (PRODUCT_TYPES as readonly string[]).includes(p.type ?? '')
    ? (p.type as ProductType)
    : 'other';
  const date = clean(p.publicationDate)?.match(/^\d{4}(-\d{2}(-\d{2})?)?/)?.[0];
  return {
    externalId: p.id,
    doi: productDoi(p) ?? null,
    title,
    productType: type,
    publishedOn: date ?? null,
    item: productToCsl(p),
  };
}

/** The product's page on OpenAIRE Explore. */
export const exploreUrl = (externalId: string): string =>
  `https://explore.openaire.eu/search/result?id=${encodeURIComponent(externalId)}`;
