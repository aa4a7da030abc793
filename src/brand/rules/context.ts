/** What every rule gets: the plan's identity, the document, the options, and a way to report. */
import type { Plan } from '../../plan/schema';
import type { Diagnostic, DocModel, LintContext } from '../types';

export interface RuleInput {
  plan: Plan;
  doc: DocModel;
  context: LintContext;
  /** The material is a scientific publication (grant number and open-access route required). */
  publication: boolean;
  /** SHA-256 hex of each readable asset file → asset id. */
  assetHashes: ReadonlyMap<string, string>;
}

export type Rule = (input: RuleInput) => Diagnostic[];

/** The whole document's text (blocks joined by a line break) and where each block starts in it. */
export interface JoinedText {
  text: string;
  starts: number[];
}

export function joinBlocks(doc: DocModel): JoinedText {
  const starts: number[] = [];
  let text = '';
  for (const b of doc.blocks) {
    if (text) text += '\n';
    starts.push(text.length);
    text += b.text;
  }
  return { text, starts };
}

/** The location of an offset of the joined text. */
export function locate(doc: DocModel, joined: JoinedText, offset: number) {
  let i = joined.starts.length - 1;
  while (i > 0 && joined.starts[i]! > offset) i--;
  const block = doc.blocks[i];
  return block ? block.at(Math.max(0, offset - joined.starts[i]!)) : { file: doc.file };
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
