/** Turns the cells of one spreadsheet row into a candidate row, using the header match of the file. */
import { convertCell, cellText, type CellValue } from '../records/cells';
import type { HeaderMatch } from '../records/columns';
import type { CandidateRow, RowError } from './types';

export interface RowPlace {
  row: number;
  line?: number;
}

/** True when every cell is empty (spreadsheets often end with blank rows). */
export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/** Field values from the cells (converted), then `defaults` for the fields the row leaves empty. */
export function buildRow(
  match: HeaderMatch,
  cells: readonly CellValue[],
  place: RowPlace,
  defaults: Record<string, unknown> = {},
): CandidateRow {
  const input: Record<string, unknown> = {};
  const errors: RowError[] = [];
  const also: Record<string, unknown> = {};
  for (const [index, spec] of match.byIndex) {
    const values = typeof spec.values === 'function' ? undefined : spec.values;
    const result = convertCell(spec.kind, cells[index], values);
    if (!result.ok)
      errors.push({
        row: place.row,
        line: place.line,
        column: match.headerOf[spec.field],
        message: result.message,
        ...(result.key !== undefined ? { key: result.key, params: result.params ?? {} } : {}),
      });
    else if (result.value !== undefined) {
      input[spec.field] = result.value;
      Object.assign(also, result.also);
    }
  }
  // What a cell says of other fields (a partial date's precision and year) when the row's own columns do not.
  for (const [field, value] of Object.entries(also)) input[field] ??= value;
  for (const [field, value] of Object.entries(defaults))
    if (input[field] === undefined && !errors.some((e) => e.column === match.headerOf[field]))
      input[field] = value;
  return { ...place, input, errors, columns: match.headerOf };
}

/** Groups items into arrays of `size`. */
export async function* inBatches<T>(
  items: AsyncIterable<T> | Iterable<T>,
  size: number,
): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export const DEFAULT_BATCH_SIZE = 1000;
