/**
 * The funders' acknowledgement sentences, as data: one entry per programme (the plan's `project.programme`). A
 * plan's own `identity.funding_acknowledgement` takes precedence over the dissemination sentence (src/brand/rules/
 * acknowledgement.ts). `{number}` is the grant number of the plan's grant in that programme; `{authority}` takes each
 * of `authorities` in turn (a text naming any of them passes).
 *
 * Sources (see /work/shared/reference/ec-reporting.md, "Acknowledgement texts"):
 * - H2020 Model Grant Agreement (AGA/MGA, multi-beneficiary): Art. 29.4 information on EU funding (dissemination),
 *   Art. 29.5 disclaimer, Art. 27.3 patent applications, Art. 28.2 standards. The words "Agency"/"Commission" of the
 *   disclaimer depend on who manages the grant: both forms are accepted.
 * - Horizon Europe: the "Funded by the European Union" emblem text and the disclaimer used on project sites under the
 *   2021–27 visibility rules (the reference marks the wording "confirm against the grant agreement"). The granting
 *   authority varies; the list below names the ones in use. Horizon Europe has no separate patent or standard
 *   sentence in the reference: those contexts require the same words (unconfirmed, kept as data so it can change).
 */
import type { LintContext } from '../types';

export interface ProgrammeTexts {
  /** Who the grant must come from to fill `{number}`: the plan's grant whose `programme` is this one. */
  programme: string;
  /** Required sentence(s) per context: any one alternative passes. */
  acknowledgement: Record<LintContext, string[]>;
  /** The disclaimer every dissemination of results carries (a warning when missing). */
  disclaimer: string[];
  /** The disclaimer as a suggestion shows it (a whole sentence). */
  disclaimerExample: string;
  authorities: string[];
  /** Phrases that name the EU emblem in an image's alt text or file name (lower case, normalised). */
  euEmblem: string[];
}

const H2020_FUNDING =
  "the European Union's Horizon 2020 research and innovation programme under grant agreement No {number}";

export const PROGRAMMES: Record<string, ProgrammeTexts> = {
  H2020: {
    programme: 'H2020',
    acknowledgement: {
      // MGA Art. 29.4
      dissemination: [`This project has received funding from ${H2020_FUNDING}.`],
      // MGA Art. 27.3
      patent: [`The project leading to this application has received funding from ${H2020_FUNDING}.`],
      // MGA Art. 28.2
      standard: [`Results incorporated in this standard received funding from ${H2020_FUNDING}.`],
    },
    // MGA Art. 29.5: "…reflects only the author's view and that the Agency/Commission is not responsible…"
    disclaimer: [
      "reflects only the author's view and the {authority} is not responsible for any use that may be made of the information it contains.",
      "reflects only the author's view and the Agency and the Commission are not responsible for any use that may be made of the information it contains.",
    ],
    disclaimerExample:
      "This publication reflects only the author's view and the Commission is not responsible for any use that may be made of the information it contains.",
    authorities: ['Commission', 'European Commission', 'Agency', 'Research Executive Agency'],
    euEmblem: [
      'eu emblem',
      'eu flag',
      'flag of the european union',
      'european union emblem',
      'european flag',
    ],
  },
  HORIZON_EUROPE: {
    programme: 'HORIZON_EUROPE',
    acknowledgement: {
      dissemination: ['Funded by the European Union'],
      patent: ['Funded by the European Union'],
      standard: ['Funded by the European Union'],
    },
    disclaimer: [
      'Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union or {authority}. Neither the European Union nor the granting authority can be held responsible for them.',
    ],
    disclaimerExample:
      'Funded by the European Union. Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union or the granting authority. Neither the European Union nor the granting authority can be held responsible for them.',
    authorities: [
      'the European Commission',
      'the European Research Executive Agency (REA)',
      'the European Research Executive Agency',
      'the European Research Council Executive Agency (ERCEA)',
      'the European Climate, Infrastructure and Environment Executive Agency (CINEA)',
      'the European Health and Digital Executive Agency (HaDEA)',
      'the European Innovation Council and SMEs Executive Agency (EISMEA)',
      'the European Education and Culture Executive Agency (EACEA)',
      'the granting authority',
    ],
    euEmblem: [
      'eu emblem',
      'eu flag',
      'flag of the european union',
      'european union emblem',
      'european flag',
      'funded by the european union',
    ],
  },
};

/** Phrases naming the EU emblem whatever the programme (a plan of an unknown programme still has the flag). */
export const EU_EMBLEM_PHRASES = PROGRAMMES.HORIZON_EUROPE!.euEmblem;

/** Words in an emblem image's alt text or name that say it is combined with other graphics (warning). */
export const MERGED_WORDS = ['logo', 'logos', 'combined', 'merged', 'lockup', 'banner'];

/**
 * The EU emblem's own colours (reflex blue and yellow, as the EU's graphic guide gives them for screens): allowed in
 * any material, since the emblem is drawn in them whatever the project's palette.
 */
export const EMBLEM_COLOURS: readonly (readonly [number, number, number])[] = [
  [0x00, 0x33, 0x99],
  [0xff, 0xcc, 0x00],
];
