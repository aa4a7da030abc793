/**
 * Text helpers of the brand rules: word tokens that survive line breaks, end-of-line hyphenation, typographic quotes
 * and spacing; the word alignment that says what differs; the spans a name is never checked in (URLs, e-mail
 * addresses, hashtags and handles); line:column of an offset.
 */

export interface Token {
  /** Normalised: NFKC, lower case, letters and digits only ("Union’s" → "unions", "No." → "no"). */
  norm: string;
  /** As written (hyphenated words joined: "inno-" + "vation" → "inno-vation"). */
  raw: string;
  start: number;
  end: number;
}

/** Han, Hiragana, Katakana: one token per character (Japanese has no spaces between words). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
const normWord = (s: string): string =>
  /^[A-Za-z0-9]+$/.test(s)
    ? s.toLowerCase()
    : s
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The words of `text`. A chunk between white space ending in a hyphen (or soft hyphen) at a line end is joined with
 * the next chunk: "inno-\nvation" is one word, "innovation".
 */
export function tokenize(text: string): Token[] {
  const chunks: { raw: string; start: number; end: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prev = chunks.at(-1);
    const gap = prev ? text.slice(prev.end, m.index) : '';
    if (prev && /[-\u00ad\u2010]$/.test(prev.raw) && /\n/.test(gap) && /^\p{L}/u.test(m[0])) {
      prev.raw = prev.raw.replace(/\u00ad$/, '') + m[0];
      prev.end = m.index + m[0].length;
    } else chunks.push({ raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  const tokens: Token[] = [];
  for (const c of chunks) {
    if (!CJK.test(c.raw)) {
      const norm = normWord(c.raw);
      if (norm) tokens.push({ norm, raw: c.raw, start: c.start, end: c.end });
      continue;
    }
    // Mixed chunk: every CJK character its own token, runs of anything else one token each.
    const local = c.raw.slice(0, c.end - c.start);
    let run = '';
    let runStart = 0;
    let i = 0;
    const flush = () => {
      const norm = normWord(run);
      if (norm)
        tokens.push({ norm, raw: run, start: c.start + runStart, end: c.start + runStart + run.length });
      run = '';
    };
    for (const ch of local) {
      if (CJK.test(ch)) {
        flush();
        tokens.push({ norm: ch, raw: ch, start: c.start + i, end: c.start + i + ch.length });
      } else {
        if (!run) runStart = i;
        run += ch;
      }
      i += ch.length;
    }
    flush();
  }
  return tokens;
}

export type DiffOp =
  | { op: 'same'; expected: string; found: string }
  | { op: 'missing'; expected: string }
  | { op: 'extra'; found: string }
  | { op: 'changed'; expected: string; found: string };

export interface Alignment {
  /** Expected words found in order (longest common subsequence), over the expected count. */
  score: number;
  /** The matched window of the text's tokens: [first, last] indexes into the text's tokens. */
  first: number;
  last: number;
  ops: DiffOp[];
  exact: boolean;
}

/** A word as a finding shows it: without the punctuation around it ("(contract" → "contract"). */
const shown = (t: Token): string => t.raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '') || t.raw;

/** Longest-common-subsequence alignment of expected words with a window of the text's words. */
function align(expected: Token[], words: Token[], from: number, to: number): Alignment | undefined {
  const n = expected.length;
  const m = to - from;
  if (n === 0 || m <= 0) return undefined;
  const L: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i]![j] =
        expected[i]!.norm === words[from + j]!.norm
          ? L[i + 1]![j + 1]! + 1
          : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const raw: DiffOp[] = [];
  let i = 0;
  let j = 0;
  let first = -1;
  let last = -1;
  while (i < n || j < m) {
    // Before the first match, text words are skipped while that loses nothing: the sentence's start is its last
    // possible place (a heading "The M-Sec project" above the acknowledgement is not its first words).
    const skip = i === 0 && j < m && L[0]![j + 1]! === L[0]![j]!;
    if (!skip && i < n && j < m && expected[i]!.norm === words[from + j]!.norm) {
      raw.push({ op: 'same', expected: shown(expected[i]!), found: shown(words[from + j]!) });
      if (first < 0) first = from + j;
      last = from + j;
      i++;
      j++;
    } else if (j < m && (i >= n || L[i]![j + 1]! >= L[i + 1]![j]!)) {
      raw.push({ op: 'extra', found: shown(words[from + j]!) });
      j++;
    } else {
      raw.push({ op: 'missing', expected: shown(expected[i]!) });
      i++;
    }
  }
  if (first < 0) return undefined;
  // Extra words before the first and after the last match are not part of the sentence.
  let lo = 0;
  while (raw[lo]!.op === 'extra') lo++;
  let hi = raw.length - 1;
  while (raw[hi]!.op === 'extra') hi--;
  const ops: DiffOp[] = [];
  for (const op of raw.slice(lo, hi + 1)) {
    const prev = ops.at(-1);
    // A missing word next to an extra one is one changed word.
    if (prev && prev.op === 'missing' && op.op === 'extra')
      ops[ops.length - 1] = { op: 'changed', expected: prev.expected, found: op.found };
    else if (prev && prev.op === 'extra' && op.op === 'missing')
      ops[ops.length - 1] = { op: 'changed', expected: op.expected, found: prev.found };
    else ops.push(op);
  }
  const matched = L[0]![0]!;
  return {
    score: matched / n,
    first,
    last,
    ops,
    exact: matched === n && ops.every((o) => o.op === 'same'),
  };
}

/** A text's words and where each distinct word occurs: made once, searched for several sentences. */
export interface WordIndex {
  words: Token[];
  at: Map<string, number[]>;
}

export function indexWords(words: Token[]): WordIndex {
  const at = new Map<string, number[]>();
  words.forEach((w, i) => {
    const list = at.get(w.norm);
    if (list) list.push(i);
    else at.set(w.norm, [i]);
  });
  return { words, at };
}

/** Distinct expected words whose occurrences propose starts: the rarest in the text (common words add only noise). */
const ANCHORS = 3;
/** Candidate starts aligned in full. */
const CANDIDATES = 10;
/** Starts scored at most (a long text of nothing but common words): the rarest anchors' come first. */
const MAX_STARTS = 50_000;

/**
 * The best place of `expected` in the text: each occurrence of the expected words rarest in the text proposes the
 * start it implies; a start's score is how many expected words sit at their place from it; the ten best are aligned
 * in full (LCS, with slack for missing and extra words). Undefined when no expected word occurs.
 */
export function bestAlignment(expected: Token[], text: WordIndex | Token[]): Alignment | undefined {
  const index = Array.isArray(text) ? indexWords(text) : text;
  const { words } = index;
  const n = expected.length;
  const offsets = new Map<string, number[]>();
  expected.forEach((t, j) => offsets.set(t.norm, [...(offsets.get(t.norm) ?? []), j]));
  const anchors = [...offsets.keys()]
    .filter((norm) => index.at.has(norm))
    .sort((a, b) => index.at.get(a)!.length - index.at.get(b)!.length)
    .slice(0, ANCHORS);
  const seen = new Set<number>();
  const top: { start: number; score: number }[] = [];
  for (const norm of anchors)
    for (const i of index.at.get(norm)!)
      for (const j of offsets.get(norm)!) {
        const start = i - j;
        if (seen.has(start) || seen.size >= MAX_STARTS) continue;
        seen.add(start);
        let score = 0;
        for (let k = 0; k < n; k++) if (words[start + k]?.norm === expected[k]!.norm) score++;
        if (top.length < CANDIDATES || score > top.at(-1)!.score) {
          top.push({ start, score });
          top.sort((a, b) => b.score - a.score || a.start - b.start);
          if (top.length > CANDIDATES) top.pop();
        }
      }
  const starts = top.map((t) => t.start);
  let best: Alignment | undefined;
  const slack = Math.max(3, Math.ceil(n / 5));
  for (const s of starts) {
    const a = align(expected, words, Math.max(0, s - slack), Math.min(words.length, s + n + slack));
    if (a && (!best || a.score > best.score || (a.score === best.score && a.ops.length < best.ops.length)))
      best = a;
    if (best?.exact) break;
  }
  return best;
}

/** Spans of `text` no name rule looks into: URLs, e-mail addresses, #hashtags and @handles. */
export function excludedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re =
    /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}|[#@][\p{L}\p{N}_]+|\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|org|net|eu|jp|io|info|edu|gov|int)\b(?:\/\S*)?/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** 1-based line and column (UTF-16 units) of each offset of a text, from its line starts. */
export function lineMap(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
