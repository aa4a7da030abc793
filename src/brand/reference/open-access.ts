/**
 * Words that name an open-access route in a publication (lower case; matched as whole phrases after normalising
 * spaces). H2020 Art. 29.2 and Horizon Europe require open access through a repository (green) or the publisher
 * (gold); see /work/shared/reference/ec-reporting.md, "Open access rules".
 */
export const OPEN_ACCESS_PHRASES = [
  'open access',
  'open-access',
  'green oa',
  'gold oa',
  'diamond oa',
  'green open access',
  'gold open access',
  'zenodo',
  'arxiv',
  'hal',
  'biorxiv',
  'medrxiv',
  'europe pmc',
  'pubmed central',
  'institutional repository',
  'openaire',
  'cc by',
  'cc-by',
  'cc0',
  'creative commons',
];
