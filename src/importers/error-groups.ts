/** Import errors counted by problem: one group per i18n key (or English message) and column, with an example. */
import type { RowError } from './types';

/** Distinct groups a report keeps; errors of further problems are counted in one last "other" group. */
export const MAX_GROUPS = 100;
/** The id of the group that collects problems beyond MAX_GROUPS. */
export const OTHER_GROUP = 'other';

export interface ErrorGroup {
  /** Stable id of the problem (used in links: `?problem=`). */
  id: string;
  /** The first error of the group: its key, params, message and column describe the problem. */
  example: RowError;
  count: number;
}

/** The problem an error is: its i18n key (or message when it has none), the part of the row, and its column. */
export function problemOf(e: RowError): string {
  return [e.prefix?.key ?? '', e.key ?? e.message, e.column ?? ''].join('\u0001');
}

/** A short, URL-safe id of a problem (FNV-1a, hex). */
export function problemId(problem: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < problem.length; i++) {
    h ^= problem.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The group id of an error among `groups` (OTHER_GROUP when its problem did not get a group of its own). */
export function groupIdOf(groups: readonly ErrorGroup[], e: RowError): string {
  const id = problemId(problemOf(e));
  return groups.some((g) => g.id === id) ? id : OTHER_GROUP;
}

/** Counts `errors` into `groups` (in place), in the order problems first appear. */
export function groupErrors(groups: ErrorGroup[], errors: readonly RowError[]): void {
  const index = new Map(groups.map((g) => [g.id, g]));
  for (const e of errors) {
    const id = problemId(problemOf(e));
    const own = index.get(id);
    const room = groups.filter((g) => g.id !== OTHER_GROUP).length < MAX_GROUPS;
    const group =
      own ??
      (room
        ? { id, example: e, count: 0 }
        : (index.get(OTHER_GROUP) ?? { id: OTHER_GROUP, example: e, count: 0 }));
    if (!index.has(group.id)) {
      index.set(group.id, group);
      groups.push(group);
    }
    group.count += 1;
  }
}
