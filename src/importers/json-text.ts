/**
 * JSON files of imports (CSL-JSON, Crossref): parsed with a bound on nesting depth, and a syntax error located by
 * line and column (V8's messages often give no position, e.g. "Unexpected token 'x', … is not valid JSON").
 */
import type { RowError } from './types';

/** Deepest nesting of arrays and objects a JSON import may have (CSL items nest 4 or 5 levels). */
export const MAX_JSON_DEPTH = 64;

// Control characters may not appear raw in a JSON string.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /true|false|null/y;

/** A JSON syntax problem: where, what kind (`import.json.<code>` says it), the character found. */
export interface JsonProblem {
  at: number;
  code: 'end' | 'depth' | 'string' | 'unexpected' | 'key' | 'colon' | 'trailing' | 'comma';
  found?: string;
  expected?: string;
  max?: number;
}

/** English text of each problem (the CLI's; pages translate `import.json.<code>`). */
const PROBLEMS: Record<JsonProblem['code'], (p: JsonProblem) => string> = {
  end: () => 'the text ends too early',
  depth: (p) => `nested more than ${p.max} levels deep`,
  string: () => 'a string is not closed or holds a control character',
  unexpected: (p) => `unexpected "${p.found}"`,
  key: (p) => `expected a property name in quotes, found "${p.found}"`,
  colon: (p) => `expected ":", found "${p.found}"`,
  trailing: (p) => `unexpected "${p.found}" after the end of the JSON`,
  comma: (p) => `expected "," or "${p.expected}", found "${p.found}"`,
};

/** The first problem of a JSON text, with its offset, or undefined when it is valid and not too deep. */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: string[] = [];
  let expect: 'value' | 'key' | 'colon' | 'after' = 'value';
  let i = 0;
  const token = (re: RegExp) => {
    re.lastIndex = i;
    return re.test(text) ? re.lastIndex : -1;
  };
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
    if (i >= text.length)
      return stack.length === 0 && expect === 'after' ? undefined : { at: i, code: 'end' };
    const c = text[i] ?? '';
    if (expect === 'value') {
      if (c === '{' || c === '[') {
        stack.push(c);
        if (stack.length > maxDepth) return { at: i, code: 'depth', max: maxDepth };
        i++;
        while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expect = 'after';
        } else expect = c === '{' ? 'key' : 'value';
        continue;
      }
      const end = c === '"' ? token(STRING) : /[-\d]/.test(c) ? token(NUMBER) : token(WORD);
      if (end < 0) return c === '"' ? { at: i, code: 'string' } : { at: i, code: 'unexpected', found: c };
      i = end;
      expect = 'after';
    } else if (expect === 'key') {
      const end = c === '"' ? token(STRING) : -1;
      if (end < 0) return { at: i, code: 'key', found: c };
      i = end;
      expect = 'colon';
    } else if (expect === 'colon') {
      if (c !== ':') return { at: i, code: 'colon', found: c };
      i++;
      expect = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return { at: i, code: 'trailing', found: c };
      if (c === ',') expect = top === '{' ? 'key' : 'value';
      else if ((c === '}' && top === '{') || (c === ']' && top === '[')) stack.pop();
      else return { at: i, code: 'comma', found: c, expected: top === '{' ? '}' : ']' };
      i++;
    }
  }
}

/** Line and column (1-based) of an offset. */
function place(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** Parses a JSON import file's text (a BOM is dropped); a syntax error or a too-deep nesting is a located file error. */
export function parseJsonText(raw: string): { json: unknown } | { error: RowError } {
  const text = raw.replace(/^\uFEFF/, '');
  const found = scanJson(text);
  if (!found) {
    try {
      return { json: JSON.parse(text) };
    } catch (error) {
      const message = (error as Error).message;
      return {
        error: {
          row: 0,
          message: `the file is not valid JSON: ${message}`,
          key: 'import.json.invalid',
          params: { error: message },
        },
      };
    }
  }
  const { line, col } = place(text, found.at);
  const problem = PROBLEMS[found.code](found);
  return {
    error: {
      row: 0,
      line,
      col,
      message: `the file is not valid JSON: line ${line}, column ${col}: ${problem}`,
      key: `import.json.${found.code}`,
      params: {
        line,
        col,
        found: found.found ?? '',
        expected: found.expected ?? '',
        max: found.max ?? MAX_JSON_DEPTH,
      },
    },
  };
}
