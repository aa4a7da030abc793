/**
 * What a new plan takes from its programme (H2020 or Horizon Europe): the grant's label and DOI, the acknowledgement
 * sentence, and the funder's audience vocabulary its default audiences map to. The texts are the brand checker's
 * (src/brand/reference/programmes.ts) and the vocabularies the records' (src/records/vocabularies), never copies.
 * The grant DOI is CORDIS's Crossref grant DOI `10.3030/<grant number>` (shared reference ec-reporting.md).
 */
import { PROGRAMMES } from '../../brand/reference/programmes';
import { vocabularyFor } from '../../records/vocabularies';
import type { Bilingual } from './types';

export const INIT_PROGRAMMES = ['H2020', 'HORIZON_EUROPE'] as const;
export type InitProgramme = (typeof INIT_PROGRAMMES)[number];

/** The grant's DOI as the EC mints it (CORDIS): `10.3030/<grant number>`. */
export const grantDoi = (grant: string): string => `10.3030/${grant}`;

const GRANT_LABELS: Record<InitProgramme, string> = {
  H2020: "European Union's Horizon 2020 research and innovation programme",
  HORIZON_EUROPE: "European Union's Horizon Europe research and innovation programme",
};

/** The dissemination acknowledgement of `programme`, the grant number filled in where it has one (the first alternative). */
export function acknowledgementText(programme: InitProgramme, grant: string): string {
  const texts = PROGRAMMES[programme];
  const sentence = texts?.acknowledgement.dissemination[0];
  if (sentence === undefined) throw new Error(`no acknowledgement text for ${programme}`);
  // Horizon Europe's sentence is the emblem's words alone (no grant number): the plan's acknowledgement takes
  // precedence in the brand checker, so adding words here would make every material need them.
  return sentence.replaceAll('{number}', grant);
}

export const grantLabel = (programme: InitProgramme): string => GRANT_LABELS[programme];

export interface DefaultAudience {
  id: string;
  name: Bilingual;
  who: Bilingual;
  benefit: Bilingual;
  /** The funder's audience strings it maps to, per programme (verbatim vocabulary values). */
  funder: Record<InitProgramme, string[]>;
}

/** Herald default audiences of a new plan (the coordinator rewrites them), mapped to each funder's vocabulary. */
export const DEFAULT_AUDIENCES: readonly DefaultAudience[] = [
  {
    id: 'research-community',
    name: { en: 'Research community', ja: '研究コミュニティ' },
    who: { en: 'Researchers in the project’s fields.', ja: 'プロジェクトの分野の研究者。' },
    benefit: {
      en: 'Reuse the results and build on them.',
      ja: '成果を再利用し、発展させる。',
    },
    funder: {
      H2020: ['Scientific Community (higher education, Research)'],
      HORIZON_EUROPE: ['Research communities'],
    },
  },
  {
    id: 'industry',
    name: { en: 'Industry and innovators', ja: '産業界・イノベーター' },
    who: { en: 'Companies, SMEs and innovators.', ja: '企業、中小企業、イノベーター。' },
    benefit: { en: 'Adopt and exploit the results.', ja: '成果を導入し、活用する。' },
    funder: { H2020: ['Industry'], HORIZON_EUROPE: ['Industry, business partners', 'Innovators'] },
  },
  {
    id: 'policy-makers',
    name: { en: 'Policy makers', ja: '政策立案者' },
    who: { en: 'EU, national and regional authorities.', ja: 'EU・国・地域の行政機関。' },
    benefit: { en: 'Evidence for policy and standards.', ja: '政策と標準化のための根拠。' },
    funder: {
      H2020: ['Policy makers'],
      HORIZON_EUROPE: ['EU institutions', 'National authorities', 'Regional authorities'],
    },
  },
  {
    id: 'general-public',
    name: { en: 'General public', ja: '一般市民' },
    who: { en: 'Citizens and civil society.', ja: '市民と市民社会。' },
    benefit: {
      en: 'Understand what the project does for them.',
      ja: 'プロジェクトが自分たちにもたらすものを理解する。',
    },
    funder: { H2020: ['General Public', 'Civil Society'], HORIZON_EUROPE: ['Citizens', 'Civil society'] },
  },
];

/** The funder strings of `audience` in `programme`, each checked against the programme's vocabulary. */
export function funderAudiences(audience: DefaultAudience, programme: InitProgramme): string[] {
  const vocabulary = vocabularyFor(programme);
  const allowed = new Set([...vocabulary.disseminationAudiences, ...vocabulary.communicationAudiences]);
  return audience.funder[programme].filter((a) => allowed.has(a));
}
