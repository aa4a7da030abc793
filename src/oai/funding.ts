/**
 * A grant as the OpenAIRE literature guidelines' funding reference: funder name and identifier (Crossref Funder
 * Registry), funding stream (the programme), award number and award URI (the grant's DOI, e.g. the EC's
 * 10.3030/<number>, only when the plan gives it: never made up). Funders Herald knows by their short name are listed
 * here as data; any other funder's identifier comes from the plan's `funder_id`.
 */
import type { Grant } from '../plan/schema';

/** Funders known by the short name plans use, with their Funder Registry DOI. */
const KNOWN_FUNDERS: Record<string, { name: string; doi: string }> = {
  EC: { name: 'European Commission', doi: '10.13039/501100000780' },
};

export interface FundingReference {
  /** The name the plan uses (`EC`), for info:eu-repo and acronyms. */
  funderShort: string;
  funderName: string;
  /** https://doi.org/10.13039/… when known. */
  funderIdentifier?: string;
  fundingStream?: string;
  awardNumber: string;
  /** https://doi.org/<grant DOI> when the plan gives the grant's DOI. */
  awardUri?: string;
  awardTitle?: string;
}

export function fundingReference(grant: Grant): FundingReference {
  const known = KNOWN_FUNDERS[grant.funder.trim().toUpperCase()];
  const funderDoi = grant.funder_id ?? known?.doi;
  return {
    funderShort: grant.funder,
    funderName: known?.name ?? grant.funder,
    funderIdentifier: funderDoi ? `https://doi.org/${funderDoi}` : undefined,
    fundingStream: grant.programme,
    awardNumber: grant.number,
    awardUri: grant.doi ? `https://doi.org/${grant.doi}` : undefined,
    awardTitle: grant.label,
  };
}

/** The OpenAIRE `info:eu-repo/grantAgreement/<funder>/<programme>/<number>` relation (a segment's "/" encoded). */
export function euRepoGrant(ref: FundingReference): string {
  const seg = (s: string | undefined) => (s ?? '').replace(/\//g, '%2F');
  return `info:eu-repo/grantAgreement/${seg(ref.funderShort)}/${seg(ref.fundingStream)}/${seg(ref.awardNumber)}`;
}
