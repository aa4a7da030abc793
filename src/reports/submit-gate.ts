/**
 * The pre-flight as submission's gate (web and CLI alike): errors always refuse (`preflight_errors`, no override: a
 * coordinator fixes the records, never forces them through); warnings refuse (`preflight_warnings`) until the
 * submitter acknowledges them (the page's checkbox, `--accept-warnings`). Each refusal lists the findings, located.
 */
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError, type ErrorDetail } from '../errors';
import { translate } from '../i18n';
import type { ReportPeriod } from './model';
import { countFindings, runPreflight, type PreflightFinding } from './preflight';

/** How many findings a refusal lists (the pre-flight page lists them all). */
const LISTED = 50;

/** A finding as a located detail: the record (kind, label, id) and field, the English text, its i18n key. */
function detailOf(f: PreflightFinding): ErrorDetail {
  const where = f.recordId === null ? f.kind : `${f.kind} ${f.recordId}${f.label ? ` “${f.label}”` : ''}`;
  return {
    path: f.field ? `${where}, field ${f.field}` : where,
    message: translate('en', f.messageKey, f.params),
    key: f.messageKey,
    params: f.params,
    ...(f.recordId ? { entry: f.recordId } : {}),
  };
}

export interface GateOptions {
  actor: Actor;
  projectId: string;
  period: ReportPeriod;
  /** The submitter has seen the warnings and submits anyway (errors are never accepted). */
  acceptWarnings: boolean;
}

/** Runs the pre-flight for the period; throws when it refuses the submission, else returns the counts. */
export async function preflightGate(db: Db, opts: GateOptions): Promise<{ error: number; warning: number }> {
  const findings = await runPreflight(db, {
    actor: opts.actor,
    projectId: opts.projectId,
    period: opts.period,
  });
  const counts = countFindings(findings);
  const params = { errors: counts.error, warnings: counts.warning, scope: opts.period.scope };
  if (counts.error > 0)
    throw new AppError({
      code: 'preflight_errors',
      status: 409,
      message:
        `the pre-flight found ${counts.error} error(s) and ${counts.warning} warning(s) in ${opts.period.scope}: ` +
        'fix the errors before submitting (errors cannot be overridden)',
      params,
      details: findings
        .filter((f) => f.severity === 'error')
        .slice(0, LISTED)
        .map(detailOf),
    });
  if (counts.warning > 0 && !opts.acceptWarnings)
    throw new AppError({
      code: 'preflight_warnings',
      status: 409,
      message:
        `the pre-flight found ${counts.warning} warning(s) in ${opts.period.scope}: review them, then ` +
        'acknowledge them to submit (the page’s checkbox, or --accept-warnings)',
      params,
      details: findings.slice(0, LISTED).map(detailOf),
    });
  return counts;
}
