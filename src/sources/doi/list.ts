/**
 * DOI lists as people write them: one DOI per line (`doi:…`, `https://doi.org/…`, `http://dx.doi.org/…`, bare
 * `10.…/…`), blank lines and `#` comments skipped, repeats kept once; the API's array of DOIs. Small on purpose (no
 * HTTP, no database): the file importers use isDoiList to tell a DOI list from the files they read.
 */
import { AppError, type ErrorDetail } from '../../errors';
import { DOI_PATTERN, normaliseDoi } from '../../records/schema';

/** The most DOIs one lookup takes (a request, a form, a file). */
export const MAX_DOIS = 100;

/** The DOI in a text (`doi:…`, `https://doi.org/…`, `http://dx.doi.org/…`, bare `10.…/…`), normalised; else undefined. */
export function parseDoi(text: string): string | undefined {
  const doi = normaliseDoi(text.trim());
  return DOI_PATTERN.test(doi) ? doi : undefined;
}

/** A DOI list: the DOIs (each once, in order) and the lines that repeated one. */
export interface DoiList {
  dois: string[];
  repeated: { doi: string; line: number; first: number }[];
}

/** A list's problem as a located 422. */
function notDois(details: ErrorDetail[]): AppError {
  return new AppError({
    code: 'validation',
    status: 422,
    message: details.map((d) => d.message).join('; '),
    messageKey: details[0]?.key ?? 'doi.error.notDoi',
    params: details[0]?.params ?? {},
    details,
  });
}

const notDoiDetail = (place: { line?: number; path?: string }, text: string): ErrorDetail => {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  const where = place.line !== undefined ? `line ${place.line}` : (place.path ?? '');
  return {
    path: where,
    message: `${where}: "${shown}" is not a DOI`,
    ...(place.line !== undefined
      ? { key: 'doi.error.notDoiLine', params: { line: place.line, text: shown } }
      : { key: 'doi.error.notDoi', params: { where, text: shown } }),
  };
};

const tooMany = (n: number) =>
  notDois([
    {
      path: 'dois',
      message: `${n} DOIs: at most ${MAX_DOIS} in one lookup`,
      key: 'doi.error.tooMany',
      params: { count: n, max: MAX_DOIS },
    },
  ]);

/** Collects DOIs once each, remembering where a repeat was. */
function collect(entries: readonly { doi: string; line: number }[]): DoiList {
  const firstAt = new Map<string, number>();
  const list: DoiList = { dois: [], repeated: [] };
  for (const { doi, line } of entries) {
    const first = firstAt.get(doi);
    if (first !== undefined) list.repeated.push({ doi, line, first });
    else {
      firstAt.set(doi, line);
      list.dois.push(doi);
    }
  }
  if (list.dois.length > MAX_DOIS) throw tooMany(list.dois.length);
  return list;
}

/**
 * One DOI per line; blank lines and `#` comments skipped. Throws a 422 naming every line that is not a DOI
 * (`line 3: "…" is not a DOI`).
 */
export function parseDoiList(text: string): DoiList {
  const entries: { doi: string; line: number }[] = [];
  const bad: ErrorDetail[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const doi = parseDoi(line);
    if (doi) entries.push({ doi, line: i + 1 });
    else bad.push(notDoiDetail({ line: i + 1 }, line));
  });
  if (bad.length > 0) throw notDois(bad);
  return collect(entries);
}

/** The API's `dois` array: a 422 located at `dois[N]` (0-based) for each that is not a DOI. */
export function parseDoiArray(values: readonly string[]): DoiList {
  const bad = values.flatMap((v, i) => (parseDoi(v) ? [] : [notDoiDetail({ path: `dois[${i}]` }, v)]));
  if (bad.length > 0) throw notDois(bad);
  return collect(values.map((v, i) => ({ doi: parseDoi(v) as string, line: i })));
}

/**
 * Whether a text is meant as a DOI list: its first line that is not blank or a comment is a DOI (a CSV's first line
 * is its header, never a DOI). Its other lines are then held to it: parseDoiList names each that is not a DOI.
 */
export function isDoiList(text: string): boolean {
  const first = text
    .slice(0, 4096)
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^\uFEFF/, '').trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  return first !== undefined && parseDoi(first) !== undefined;
}
