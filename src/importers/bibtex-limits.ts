/**
 * Bounds on BibTeX `@string` macro expansion, checked arithmetically BEFORE the parser expands anything: a macro
 * defined as the previous one twice (`@string{m2 = m1 # m1}`) doubles at each step, so 28 lines would otherwise make
 * gigabytes. A file whose macros would expand too far is refused with the macro's name and line.
 */
import { AppError } from '../errors';
import type { RowError } from './types';
import { toErrorDetail } from './types';

/** Longest a single macro may expand to (characters). */
export const MAX_MACRO_CHARS = 1024 * 1024;
/** Most that all macro references of a file together may expand to (characters). */
export const MAX_EXPANDED_CHARS = 16 * 1024 * 1024;

const WS = /[ \t\r\n]/;
const KEY = /[^\s{}"#,=()%@]/;

/** A cursor over the text that skips whitespace and `%` comments as the BibTeX parser does. */
class Cursor {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}
  skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos] ?? '';
      if (c === '%') while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      else if (WS.test(c)) this.pos++;
      else return;
    }
  }
  peek(): string {
    this.skip();
    return this.text[this.pos] ?? '';
  }
  key(): string {
    this.skip();
    const start = this.pos;
    while (this.pos < this.text.length && KEY.test(this.text[this.pos] ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }
  /** Length of a `{…}` or `"…"` value's content (braces nested, `\` escapes), or undefined when it never ends. */
  delimited(): number | undefined {
    const t = this.text;
    const open = t[this.pos];
    const start = ++this.pos;
    let depth = 0;
    for (; this.pos < t.length; this.pos++) {
      const c = t[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}' && (open === '"' || depth > 0)) depth--;
      else if ((open === '{' && c === '}') || (open === '"' && c === '"' && depth <= 0)) {
        this.pos++;
        return this.pos - 1 - start;
      }
    }
    return undefined;
  }
}

/** Month macros the parser knows without a definition (`jan` → `01`). */
const DEFAULT_LENGTH = 2;
const DEFAULT_MACROS = new Set(
  'JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUN JUNE JUL JULY AUG AUGUST SEP SEPTEMBER OCT OCTOBER NOV NOVEMBER DEC DECEMBER'.split(
    ' ',
  ),
);

function lengthOf(macros: ReadonlyMap<string, number>, name: string): number {
  const upper = name.toUpperCase();
  return macros.get(upper) ?? (DEFAULT_MACROS.has(upper) ? DEFAULT_LENGTH : name.length + 4);
}

/** Expanded length of the value at the cursor (`part # part # …`), or undefined when it cannot be read. */
function valueLength(cur: Cursor, macros: ReadonlyMap<string, number>): number | undefined {
  let total = 0;
  for (;;) {
    const c = cur.peek();
    let part: number | undefined;
    if (c === '{' || c === '"') part = cur.delimited();
    else {
      const key = cur.key();
      if (!key) return undefined;
      part = /^\d+$/.test(key) ? key.length : lengthOf(macros, key);
    }
    if (part === undefined) return undefined;
    total += part;
    if (cur.peek() !== '#') return total;
    cur.pos++;
  }
}

/** Where a refusal points: the line of an offset. */
const lineOf = (text: string, offset: number) => {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

const refused = (error: RowError) =>
  new AppError({
    code: 'import_file_refused',
    status: 400,
    message: `${error.file ? `${error.file}, ` : ''}line ${error.line ?? 0}: ${error.message}`,
    messageKey: error.key ?? 'import.bibtex.macroTooLarge',
    params: { file: error.file ?? '', line: error.line ?? 0, ...error.params },
    details: [toErrorDetail(error)],
  });

/**
 * Throws a 400 AppError (with the macro's name and line) when a `@string` macro of `text` would expand to more than
 * `maxMacro` characters, or all references to macros together to more than `maxTotal`. Reads lengths only.
 */
export function checkMacroExpansion(
  text: string,
  limits: { file?: string; maxMacro?: number; maxTotal?: number } = {},
): void {
  const { maxMacro = MAX_MACRO_CHARS, maxTotal = MAX_EXPANDED_CHARS } = limits;
  const where = limits.file !== undefined ? { file: limits.file } : {};
  const macros = new Map<string, number>();
  const directive = /@\s*string\s*[{(]/gi;
  for (let m = directive.exec(text); m; m = directive.exec(text)) {
    const cur = new Cursor(text, m.index + m[0].length);
    const name = cur.key();
    if (!name || cur.peek() !== '=') continue;
    cur.pos++;
    const size = valueLength(cur, macros);
    if (size === undefined) continue;
    if (size > maxMacro) {
      const line = lineOf(text, m.index);
      throw refused({
        row: 0,
        line,
        entry: name,
        ...where,
        message: `the @string macro "${name}" would expand to ${size} characters, more than the ${maxMacro} allowed: the file is not read`,
        key: 'import.bibtex.macroTooLarge',
        params: { name, size, max: maxMacro },
      });
    }
    macros.set(name.toUpperCase(), size);
  }
  if (macros.size === 0) return;
  // Every place a value starts or continues (`= name`, `# name`) may reference a macro.
  const reference = /[=#](?:[ \t\r\n]|%[^\n]*)*([^\s{}"#,=()%@0-9][^\s{}"#,=()%@]*)/g;
  let total = 0;
  for (let m = reference.exec(text); m; m = reference.exec(text)) {
    const name = m[1] ?? '';
    total += macros.get(name.toUpperCase()) ?? 0;
    if (total > maxTotal) {
      const line = lineOf(text, m.index);
      throw refused({
        row: 0,
        line,
        entry: name,
        ...where,
        message: `the @string macros used up to "${name}" would expand to more than ${maxTotal} characters in all: the file is not read`,
        key: 'import.bibtex.macrosTooLarge',
        params: { name, max: maxTotal },
      });
    }
  }
}
