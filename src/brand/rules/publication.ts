/**
 * brand/publication-grant and brand/publication-open-access, for a material checked as a scientific publication:
 * every grant number of the plan (`project.grants`) appears as a whole number, and an open-access route is named
 * (src/brand/reference/open-access.ts, or the OA DOI of a repository: `doi.org/10.5281/zenodo.` …).
 */
import { OPEN_ACCESS_PHRASES } from '../reference/open-access';
import { PARTIAL_KINDS, type Diagnostic } from '../types';
import { normPhrase } from './emblems';
import { escapeRegExp, joinBlocks, type Rule } from './context';

export const publication: Rule = ({ plan, doc, publication: isPublication }) => {
  if (!isPublication || PARTIAL_KINDS.has(doc.kind)) return [];
  const text = joinBlocks(doc).text;
  const out: Diagnostic[] = [];
  for (const grant of plan.project.grants) {
    if (new RegExp(`(?<![\\p{N}])${escapeRegExp(grant.number)}(?![\\p{N}])`, 'u').test(text)) continue;
    out.push({
      ruleId: 'brand/publication-grant',
      severity: 'error',
      messageKey: 'brand.publication.grant',
      suggestionKey: 'brand.publication.grant.fix',
      params: { funder: grant.funder, number: grant.number },
      location: { file: doc.file },
    });
  }
  const words = ` ${normPhrase(text)} `;
  const named =
    OPEN_ACCESS_PHRASES.some((p) => words.includes(` ${normPhrase(p)} `)) || /10\.5281\/zenodo\./i.test(text);
  if (!named)
    out.push({
      ruleId: 'brand/publication-open-access',
      severity: 'warning',
      messageKey: 'brand.publication.oa',
      suggestionKey: 'brand.publication.oa.fix',
      params: {},
      location: { file: doc.file },
    });
  return out;
};
