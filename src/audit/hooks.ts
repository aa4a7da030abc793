/**
 * What other domains do inside the transaction of every project audit entry, without the audit layer knowing them:
 * e.g. the dashboard's figure cache enqueues its refresh (src/kpi/jobs.ts). A hook runs in the writer's transaction,
 * so what it writes commits or rolls back with the change; it must be cheap and must not append audit entries.
 */
import type { Tx } from '../db/client';
import type { AuditEntryRow } from '../db/schema';

export type ProjectAuditHook = (tx: Tx, entry: AuditEntryRow & { projectId: string }) => Promise<void>;

const hooks = new Set<ProjectAuditHook>();

/** Registers a hook (once: the same function twice is one hook); returns its removal. */
export function onProjectAudit(hook: ProjectAuditHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every hook for an entry appended to a project's chain (appendAudit calls it; the instance chain has none). */
export async function runProjectAuditHooks(tx: Tx, entry: AuditEntryRow, projectId: string): Promise<void> {
  for (const hook of hooks) await hook(tx, { ...entry, projectId });
}
