/**
 * Which projects have a public site, and what every page of it shares: the plan (opted in with
 * `website.public: true`), its languages, the text picker with its English fallback, the palette, logo, emblems and
 * funding acknowledgement (built as the reports build them: src/reports/assemble-plan.ts identityOf).
 * Everything here reads; nothing writes.
 */
import { join } from 'node:path';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import { isLang, type Lang } from '../i18n';
import { localize, type LocalizedText, type Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { identityOf } from '../reports/assemble-plan';
import type { ReportModel } from '../reports/model';

export interface PublicSite {
  projectId: string;
  plan: Plan;
  /** The current plan version's content hash (part of every page's ETag). */
  contentHash: string;
  /** When the current plan version was imported (the accessibility statement's date). */
  importedAt: Date;
  /** The site's languages: the plan's `website.languages`, English first. */
  langs: Lang[];
}

/** Whether a plan opts in to the public site. */
export const isPublicPlan = (plan: Plan): boolean => plan.website?.public === true;

/**
 * The project's public site, or a 404 (`not_found`) when the project does not exist or has not opted in: both
 * answer the same, so the site does not tell which projects exist.
 */
export async function loadPublicSite(db: Db, projectId: string): Promise<PublicSite> {
  const current = await getCurrentPlan(db, projectId);
  if (!current || !isPublicPlan(current.plan)) throw notFound('site');
  const declared = current.plan.website?.languages ?? ['en'];
  const langs = (['en', 'ja'] as const).filter((l) => l === 'en' || declared.includes(l));
  return {
    projectId,
    plan: current.plan,
    contentHash: current.contentHash,
    importedAt: current.importedAt,
    langs,
  };
}

/** A language of the site's path segment, or a 404. */
export function siteLang(site: PublicSite, raw: string | undefined): Lang {
  if (!isLang(raw) || !site.langs.includes(raw)) throw notFound('page');
  return raw;
}

/** A content text in the page's language: `en` when it shows English on a page in another language. */
export interface Picked {
  text: string;
  /** The text is English on a non-English page (no translation): marked `lang="en"`, and prose gets a notice. */
  en: boolean;
}

/**
 * Picks plan texts for one page and remembers whether any prose fell back to English (the page's notice). Names
 * (partners, assets, the project's title) fall back silently: they are proper names, marked `lang="en"` only.
 */
export class TextPicker {
  fellBack = false;
  constructor(readonly lang: Lang) {}

  private pickText(text: LocalizedText): Picked {
    const translated = this.lang === 'en' || (typeof text !== 'string' && text.ja !== undefined);
    return { text: localize(text, this.lang), en: !translated };
  }

  /** Prose (descriptions, key messages, the acknowledgement): a fallback is noticed. */
  prose(text: LocalizedText): Picked {
    const picked = this.pickText(text);
    if (picked.en) this.fellBack = true;
    return picked;
  }

  /** A name: English without a notice when there is no translation. */
  name(text: LocalizedText): Picked {
    return this.pickText(text);
  }
}

export type SiteIdentity = ReportModel['identity'];

/** Where identity assets named by a relative `file` are looked for first: `<HERALD_DATA_DIR>/assets` (as reports). */
function assetsDir(): string | undefined {
  try {
    return join(loadConfig().HERALD_DATA_DIR, 'assets');
  } catch {
    return undefined;
  }
}

const identities = new Map<string, Promise<SiteIdentity>>();

/**
 * Palette, logo, emblems and acknowledgement of the plan in `lang`, as the reports have them; kept per plan content
 * and language (a plan version never changes; images are read from disk once).
 */
export function siteIdentity(site: PublicSite, lang: Lang): Promise<SiteIdentity> {
  const key = `${site.contentHash}:${lang}`;
  let hit = identities.get(key);
  if (!hit) {
    hit = identityOf(site.plan, lang, assetsDir());
    identities.set(key, hit);
    hit.catch(() => identities.delete(key));
    if (identities.size > 200) identities.delete(identities.keys().next().value as string);
  }
  return hit;
}

/** Whether the acknowledgement is the plan's own text in `lang` (else English or the generic sentence). */
export function acknowledgementPicked(site: PublicSite, picker: TextPicker, identity: SiteIdentity): Picked {
  const own = site.plan.identity?.funding_acknowledgement;
  return own ? picker.prose(own) : { text: identity.acknowledgement, en: false };
}

/** The plan's funders include the EU (its emblem is shown, drawn when the plan has no file for it). */
export function fundedByEu(plan: Plan): boolean {
  return (
    ['H2020', 'HORIZON_EUROPE'].includes(plan.project.programme) ||
    plan.project.grants.some(
      (g) =>
        /^(EC|EU|European (Commission|Union))$/i.test(g.funder.trim()) ||
        ['H2020', 'HORIZON_EUROPE'].includes(g.programme ?? ''),
    )
  );
}
