/** Validates candidate rows: project context (partners, vocabulary, period, codes) and the record schema. */
import type { z } from 'zod';
import { issueKey, type KeyedMessage } from '../i18n/zod';
import type { RecordType } from '../plan/schema';
import { recordSchemas, type RecordOutputs } from '../records/schema';
import { applyContext, type FieldIssue, type ValidationContext } from '../records/apply-context';
import { issueMessage } from '../records/issue-message';
import { placeOf, type CandidateRow, type EntryUnit, type RowError } from './types';

/** A candidate row after validation: `value` is set exactly when `errors` is empty. */
export interface ValidatedRow<T> {
  row: number;
  line?: number;
  file?: string;
  entry?: string;
  unit?: EntryUnit;
  sheet?: string;
  input: Record<string, unknown>;
  value?: T;
  errors: RowError[];
}

// ---------------------------------------------------------------------------
// Zod issues → row errors
// ---------------------------------------------------------------------------

/** `authors.1.partner` → `author 2 (partner): ` with its i18n key; `audiences.0` → none. */
function nestedPrefix(
  path: readonly PropertyKey[],
): { text: string; key: string; params: Record<string, string | number> } | undefined {
  const [field, index, sub] = path;
  if (field === 'authors' && typeof index === 'number')
    return sub !== undefined
      ? {
          text: `author ${index + 1} (${String(sub)}): `,
          key: 'import.where.authorField',
          params: { n: index + 1, field: String(sub) },
        }
      : { text: `author ${index + 1}: `, key: 'import.where.author', params: { n: index + 1 } };
  if (field === 'reach_by_audience' && typeof index === 'string')
    return { text: `"${index}": `, key: 'import.where.audience', params: { audience: index } };
  return undefined;
}

function toRowError(
  candidate: CandidateRow,
  issue: FieldIssue | z.core.$ZodIssue,
  message: string,
  keyed?: KeyedMessage,
): RowError {
  const field = String(issue.path[0] ?? '');
  const column = candidate.columns?.[field] ?? (field === '' ? undefined : field);
  const missingColumn =
    message === 'a value is required' &&
    candidate.columns !== undefined &&
    candidate.columns[field] === undefined;
  const prefix = nestedPrefix(issue.path);
  const translated = missingColumn ? { key: 'validation.import.requiredNoColumn', params: { field } } : keyed;
  return {
    ...placeOf(candidate),
    ...(column !== undefined ? { column } : {}),
    message:
      (prefix?.text ?? '') +
      (missingColumn
        ? `a value is required (the file has no "${field}" column: add one or set an import default)`
        : message),
    ...(translated ? { key: translated.key, params: translated.params } : {}),
    // A message about one author or audience: the part is translated before the message.
    ...(prefix ? { prefix: { key: prefix.key, params: prefix.params } } : {}),
  };
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** Validates one candidate row. */
export function validateRow<T extends RecordType>(
  candidate: CandidateRow,
  type: T,
  ctx: ValidationContext,
): ValidatedRow<RecordOutputs[T]> {
  const base = { ...placeOf(candidate), input: candidate.input };
  const errors = [...candidate.errors];
  // A row that could not be read at all (a broken entry, an unreadable post) carries only its read errors.
  if (errors.length > 0 && Object.keys(candidate.input).length === 0) return { ...base, errors };
  const context = applyContext(type, candidate.input, ctx);
  errors.push(
    ...context.issues.map((issue) =>
      toRowError(
        candidate,
        issue,
        issue.message,
        issue.key !== undefined ? { key: issue.key, params: issue.params ?? {} } : undefined,
      ),
    ),
  );
  const failedColumns = new Set(errors.map((e) => e.column));
  const parsed = recordSchemas[type].safeParse(context.value, { reportInput: true });
  if (parsed.success)
    return errors.length > 0
      ? { ...base, errors }
      : { ...base, value: parsed.data as RecordOutputs[T], errors };
  for (const issue of parsed.error.issues) {
    const error = toRowError(candidate, issue, issueMessage(issue), issueKey(issue));
    if (!failedColumns.has(error.column)) errors.push(error);
  }
  return { ...base, errors };
}

/** Validates a batch of candidate rows. */
export function validateBatch<T extends RecordType>(
  batch: readonly CandidateRow[],
  type: T,
  ctx: ValidationContext,
): ValidatedRow<RecordOutputs[T]>[] {
  return batch.map((row) => validateRow(row, type, ctx));
}

/** Validates a stream of candidate batches, batch by batch (memory stays at one batch). */
export async function* validateRows<T extends RecordType>(
  batches: AsyncIterable<CandidateRow[]> | Iterable<CandidateRow[]>,
  type: T,
  ctx: ValidationContext,
): AsyncGenerator<ValidatedRow<RecordOutputs[T]>[]> {
  for await (const batch of batches) yield validateBatch(batch, type, ctx);
}
