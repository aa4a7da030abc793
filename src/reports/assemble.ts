/**
 * Assembles the report model from the database for one project, period and language. (Seam: being written now; the
 * real assembly replaces this body, keeping the signature.)
 */
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import type { Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import type { ReportModel } from './model';

export interface AssembleOptions {
  actor: Actor;
  projectId: string;
  /** A project year, or `from` + `to` (YYYY-MM-DD, inclusive). */
  year?: number;
  from?: string;
  to?: string;
  lang: Lang;
  clock: Clock;
  /** Set when submitting: printed on the cover. */
  proof?: ReportModel['proof'];
  /** Called as sections are assembled (0..1), for the job's progress. */
  onProgress?: (fraction: number) => void;
}

export function assembleReport(db: Db, opts: AssembleOptions): Promise<ReportModel> {
  void db;
  return Promise.reject(new Error(`the report assembly is not built yet (${opts.projectId})`));
}
