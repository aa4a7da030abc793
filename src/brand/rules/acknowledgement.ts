/**
 * brand/funding-acknowledgement and brand/funding-disclaimer. The required sentence is matched word by word after
 * normalising (src/brand/text.ts: case, punctuation, typographic quotes, spacing, line breaks and end-of-line
 * hyphenation do not count: "JAPAN" and "Japan", "No" and "No." are the same word); every word must be there, in order.
 * When ≥ 80 % of the words are found in order, the finding lists what differs (missing, extra, changed words).
 *
 * Which sentence: the context's sentence of the plan's programme (src/brand/reference/programmes.ts); for
 * dissemination the plan's own `identity.funding_acknowledgement` (any of its languages) takes precedence. Social
 * posts are exempt (the length limits leave no room: the rules ask them for the hashtag instead), and so are
 * standalone SVG and CSS files (parts of a material, checked for their colours).
 */
import type { Plan } from '../../plan/schema';
import { PROGRAMMES, type ProgrammeTexts } from '../reference/programmes';
import { bestAlignment, indexWords, tokenize, type Alignment, type WordIndex } from '../text';
import { PARTIAL_KINDS, type Diagnostic, type LintContext, type WordDiff } from '../types';
import { joinBlocks, locate, type Rule } from './context';

/** Nearly right: at least this share of the sentence's words found in order. */
export const NEARLY = 0.8;

export function programmeOf(plan: Plan): ProgrammeTexts | undefined {
  return PROGRAMMES[plan.project.programme];
}

function fill(texts: string[], plan: Plan, programme: ProgrammeTexts): string[] {
  const grant =
    plan.project.grants.find((g) => g.programme === programme.programme) ??
    plan.project.grants.find((g) => /^(EC|EU|European)/i.test(g.funder)) ??
    plan.project.grants[0];
  return texts.flatMap((t) => {
    const n = t.replaceAll('{number}', grant?.number ?? '');
    return n.includes('{authority}') ? programme.authorities.map((a) => n.replaceAll('{authority}', a)) : [n];
  });
}

/** The sentences any one of which satisfies the acknowledgement in `context`. */
export function requiredAcknowledgements(plan: Plan, context: LintContext): string[] {
  const programme = programmeOf(plan);
  const own = plan.identity?.funding_acknowledgement;
  const planTexts =
    own === undefined ? [] : typeof own === 'string' ? [own] : [own.en, ...(own.ja ? [own.ja] : [])];
  if (context === 'dissemination' && planTexts.length) return planTexts;
  if (programme) return fill(programme.acknowledgement[context], plan, programme);
  return planTexts;
}

export function requiredDisclaimers(plan: Plan): string[] {
  const programme = programmeOf(plan);
  return programme ? fill(programme.disclaimer, plan, programme) : [];
}

interface Found {
  alignment?: Alignment;
  expected: string;
}

function best(words: WordIndex, alternatives: string[]): Found | undefined {
  let found: Found | undefined;
  for (const expected of alternatives) {
    const alignment = bestAlignment(tokenize(expected), words);
    if (alignment?.exact) return { alignment, expected };
    if (!found || (alignment && alignment.score > (found.alignment?.score ?? -1)))
      found = { alignment, expected };
  }
  return found;
}

export const fundingAcknowledgement: Rule = ({ plan, doc, context }) => {
  if (PARTIAL_KINDS.has(doc.kind)) return [];
  const joined = joinBlocks(doc);
  const index = indexWords(tokenize(joined.text));
  const words = index.words;
  const out: Diagnostic[] = [];
  const check = (opts: {
    alternatives: string[];
    ruleId: 'brand/funding-acknowledgement' | 'brand/funding-disclaimer';
    severity: 'error' | 'warning';
    key: string;
    /** The text the suggestion shows when nothing near was found (else the nearest alternative). */
    example?: string;
  }) => {
    if (!opts.alternatives.length) return;
    const found = best(index, opts.alternatives);
    if (found?.alignment?.exact) return;
    const a = found?.alignment;
    const nearly = a !== undefined && a.score >= NEARLY;
    out.push({
      ruleId: opts.ruleId,
      severity: opts.severity,
      messageKey: `${opts.key}.${nearly ? 'nearly' : 'missing'}`,
      suggestionKey: `${opts.key}.fix`,
      params: {
        expected: nearly ? found!.expected : (opts.example ?? opts.alternatives[0]!),
        context,
        percent: Math.round((a?.score ?? 0) * 100),
      },
      location: nearly ? locate(doc, joined, words[a.first]!.start) : { file: doc.file },
      ...(nearly ? { diff: a.ops.filter((o): o is WordDiff => o.op !== 'same') } : {}),
    });
  };
  check({
    alternatives: requiredAcknowledgements(plan, context),
    ruleId: 'brand/funding-acknowledgement',
    severity: 'error',
    key: 'brand.ack',
  });
  if (context === 'dissemination')
    check({
      alternatives: requiredDisclaimers(plan),
      ruleId: 'brand/funding-disclaimer',
      severity: 'warning',
      key: 'brand.disclaimer',
      example: programmeOf(plan)?.disclaimerExample,
    });
  return out;
};
