/**
 * The open-access route of an imported publication, from what its source says (a repository copy, a licence, an
 * `is-oa` or `oa` flag); `unknown` when it says nothing. Rule, first match wins:
 * 1. an explicit route word (BibTeX `oa`/`openaccess`: gold, green, hybrid, closed; diamond/platinum = gold);
 * 2. a Creative Commons licence (Crossref `license`, a `license` field) → gold;
 * 3. a copy in a repository (arXiv, HAL, Zenodo, Europe PMC, PubMed Central, OSF, bioRxiv/medRxiv, SSRN, RePEc;
 *    a URL, an eprint such as `eprinttype = {arxiv}`, or a repository DOI such as 10.48550/arXiv.…) → green, and
 *    its address becomes `repository_url`;
 * 4. a yes/no flag (`is-oa`, `oa = {true}`): yes → gold (open at the publisher), no → closed;
 * 5. otherwise unknown (the report's pre-flight asks about it).
 * The licence itself is kept too (`licence`, normalised by records' rule): the first Creative Commons licence the
 * source gives, else the first it gives that is a licence at all (a publisher's licence page).
 */
import { normaliseLicence } from '../records/licence';
import type { OpenAccessRoute } from '../records/schema';

/** What a source says about access. */
export interface AccessEvidence {
  /** Every link the entry gives (URL, full-text and PDF links). */
  urls?: readonly (string | undefined)[];
  /** An eprint identifier and its archive (`arxiv`, `hal`, …). */
  eprint?: { id?: string; type?: string };
  doi?: string;
  /** Licence URLs or names. */
  licenses?: readonly (string | undefined)[];
  /** A yes/no or route word (`true`, `green`, `closed`, …) or a boolean. */
  flags?: readonly (string | boolean | undefined)[];
}

export interface DerivedAccess {
  open_access: OpenAccessRoute;
  repository_url?: string;
  licence?: string;
}

/** The licence to keep from a source's licences (see the module comment), normalised; undefined if none is one. */
export function pickLicence(licenses: readonly (string | undefined)[] | undefined): string | undefined {
  const normalised = (licenses ?? [])
    .map((l) => (l === undefined ? undefined : normaliseLicence(l)))
    .filter((l): l is string => l !== undefined && l.length <= 500);
  return normalised.find((l) => /^CC/.test(l)) ?? normalised[0];
}

const REPOSITORY_HOSTS = [
  'arxiv.org',
  'hal.science',
  'hal.archives-ouvertes.fr',
  'zenodo.org',
  'europepmc.org',
  'ncbi.nlm.nih.gov/pmc',
  'pmc.ncbi.nlm.nih.gov',
  'osf.io',
  'biorxiv.org',
  'medrxiv.org',
  'ssrn.com',
  'repec.org',
  'research-repository',
  'eprints.',
  'repository.',
];

/** DOI prefixes of repositories: arXiv (DataCite), Zenodo, OSF, SSRN. */
const REPOSITORY_DOIS = [
  /^10\.48550\/arxiv\./i,
  /^10\.5281\/zenodo\./i,
  /^10\.31219\/osf\.io\//i,
  /^10\.2139\/ssrn\./i,
];

/** `https://arxiv.org/abs/…` for eprints whose archive has a resolvable address. */
const EPRINT_URLS: Record<string, (id: string) => string> = {
  arxiv: (id) => `https://arxiv.org/abs/${id.replace(/^arxiv:/i, '')}`,
  hal: (id) => `https://hal.science/${id}`,
  pubmedcentral: (id) => `https://europepmc.org/article/PMC/${id.replace(/^pmc/i, '')}`,
  pmc: (id) => `https://europepmc.org/article/PMC/${id.replace(/^pmc/i, '')}`,
};

function isRepositoryUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const where = `${parsed.hostname}${parsed.pathname}`.toLowerCase().replace(/^www\./, '');
  return REPOSITORY_HOSTS.some(
    (h) => where.startsWith(h) || where.includes(`.${h}`) || (h.endsWith('.') && where.includes(h)),
  );
}

const ROUTE_WORDS: Record<string, OpenAccessRoute> = {
  gold: 'gold',
  diamond: 'gold',
  platinum: 'gold',
  green: 'green',
  hybrid: 'hybrid',
  closed: 'closed',
};
const YES = new Set(['true', 'yes', 'y', '1', 'open', 'oa', 'open access']);
const NO = new Set(['false', 'no', 'n', '0', 'none', 'restricted', 'subscription']);

/** The route a source's evidence supports (see the module comment for the rule). */
export function deriveOpenAccess(e: AccessEvidence): DerivedAccess {
  const licence = pickLicence(e.licenses);
  const route = routeOf(e);
  return licence ? { ...route, licence } : route;
}

function routeOf(e: AccessEvidence): DerivedAccess {
  const words = (e.flags ?? [])
    .filter((f) => f !== undefined)
    .map((f) => (typeof f === 'boolean' ? String(f) : f.trim().toLowerCase()));
  const explicit = words.map((w) => ROUTE_WORDS[w]).find((r) => r !== undefined);
  const repository = repositoryCopy(e);
  const withRepo = (route: OpenAccessRoute): DerivedAccess =>
    repository ? { open_access: route, repository_url: repository } : { open_access: route };
  if (explicit) return withRepo(explicit);
  if (
    (e.licenses ?? []).some(
      (l) => l !== undefined && /creativecommons\.org|^cc[ -]?(by|0|zero)/i.test(l.trim()),
    )
  )
    return withRepo('gold');
  if (repository) return { open_access: 'green', repository_url: repository };
  if (words.some((w) => YES.has(w))) return { open_access: 'gold' };
  if (words.some((w) => NO.has(w))) return { open_access: 'closed' };
  return { open_access: 'unknown' };
}

/** The address of a repository copy, if the evidence shows one. */
function repositoryCopy(e: AccessEvidence): string | undefined {
  const url = (e.urls ?? []).find((u): u is string => u !== undefined && isRepositoryUrl(u));
  if (url) return url.trim();
  const id = e.eprint?.id?.trim();
  const type = e.eprint?.type
    ?.trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (id) {
    if (/^https?:\/\//i.test(id) && isRepositoryUrl(id)) return id;
    const archive = type ?? (/^arxiv:|^\d{4}\.\d{4,5}(v\d+)?$/i.test(id) ? 'arxiv' : undefined);
    const make = archive ? EPRINT_URLS[archive] : undefined;
    if (make) return make(id);
  }
  const doi = e.doi?.trim();
  if (doi && REPOSITORY_DOIS.some((p) => p.test(doi))) return `https://doi.org/${doi}`;
  return undefined;
}
