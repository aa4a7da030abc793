/**
 * Inconsistency alerts: the use cases over the rules of consistency-rules.ts and the `consistency_alerts` table.
 *
 * - What is open is always a LIVE run of the rules (a GET never writes): `openAlerts` and the page run them and
 *   leave out the fingerprints someone dismissed; the table adds when the daily job first saw each one.
 * - The daily job (consistency-jobs.ts) calls `recordAlertRun` in its transaction: new fingerprints are inserted,
 *   found ones get `last_seen_at`, fingerprints no longer found get `resolved_at` (cleared if found again). It returns
 *   the NEW open alerts (never seen, or seen again after being resolved; dismissed ones never), which it mails.
 * - Dismissing (`alerts.dismiss`) needs a reason and is audited (`alert.dismiss`); it is kept per fingerprint, so an
 *   alert whose records or values change (another fingerprint) comes back.
 */
import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { consistencyAlerts, users } from '../db/schema';
import { AppError, notFound } from '../errors';
import { translate, type Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import { multilineText } from '../schema-pieces';
import { loadRecordContext } from './context';
import {
  runRules,
  STALE_AFTER_DAYS,
  type AlertFinding,
  type AlertRecord,
  type AlertSeverity,
  type ConsistencyRule,
} from './consistency-rules';
import { validationError } from './validate';
import { valueLabel } from './views/shared';

export type { AlertFinding, AlertRecord, ConsistencyRule };

/** Every finding of the rules now, for the project's current plan period (no permission check: callers check). */
export async function findAlerts(
  db: Db | Tx,
  q: { projectId: string; today: string },
): Promise<AlertFinding[]> {
  const rc = await loadRecordContext(db as Db, q.projectId);
  return runRules(db, {
    projectId: q.projectId,
    today: q.today,
    projectStart: rc.validation.projectStart ?? rc.plan.project.start_date,
    projectEnd: rc.validation.projectEnd ?? '9999-12-31',
  });
}

async function dismissedFingerprints(db: Db | Tx, projectId: string): Promise<Set<string>> {
  const rows = await db
    .select({ fingerprint: consistencyAlerts.fingerprint })
    .from(consistencyAlerts)
    .where(and(eq(consistencyAlerts.projectId, projectId), isNotNull(consistencyAlerts.dismissedAt)));
  return new Set(rows.map((r) => r.fingerprint));
}

/**
 * The open findings of a project as of `today`: a live run of the rules without the dismissed ones, in rule order.
 * For the KPI digest and other system callers (no actor: the caller decides who sees them).
 */
export async function openAlerts(db: Db, q: { projectId: string; today: string }): Promise<AlertFinding[]> {
  const [found, dismissed] = await Promise.all([findAlerts(db, q), dismissedFingerprints(db, q.projectId)]);
  return found.filter((f) => !dismissed.has(f.fingerprint));
}

export interface OpenAlert extends AlertFinding {
  /** When the daily job first saw it; null when only this live run finds it. */
  firstSeenAt: Date | null;
}

export interface DismissedAlert {
  fingerprint: string;
  rule: ConsistencyRule;
  severity: AlertSeverity;
  records: AlertRecord[];
  values: Record<string, string>;
  dismissedAt: Date;
  /** Who dismissed it: the person's name (or e-mail), else the stored actor id. */
  dismissedBy: string;
  reason: string;
  /** Whether the live run still finds it. */
  stillFound: boolean;
}

export interface AlertsPage {
  open: OpenAlert[];
  dismissed: DismissedAlert[];
}

/** The page's data (`alerts.read`): open findings of a live run with first-seen times, and the dismissed alerts. */
export async function alertsPage(
  db: Db,
  opts: { actor: Actor; projectId: string; clock: Clock },
): Promise<AlertsPage> {
  authorize(opts.actor, 'alerts.read', { projectId: opts.projectId });
  const found = await findAlerts(db, { projectId: opts.projectId, today: opts.clock.today() });
  const stored = await db
    .select()
    .from(consistencyAlerts)
    .where(eq(consistencyAlerts.projectId, opts.projectId))
    .orderBy(consistencyAlerts.id);
  const byFingerprint = new Map(stored.map((r) => [r.fingerprint, r]));
  const live = new Set(found.map((f) => f.fingerprint));
  const open = found
    .filter((f) => !byFingerprint.get(f.fingerprint)?.dismissedAt)
    .map((f) => ({ ...f, firstSeenAt: byFingerprint.get(f.fingerprint)?.firstSeenAt ?? null }));
  const dismissedRows = stored.filter((r) => r.dismissedAt !== null);
  const userIds = dismissedRows.flatMap((r) =>
    r.dismissedBy?.startsWith('user:') ? [r.dismissedBy.slice(5)] : [],
  );
  const names = new Map(
    userIds.length === 0
      ? []
      : (
          await db
            .select({ id: users.id, name: users.name, email: users.email })
            .from(users)
            .where(inArray(users.id, userIds))
        ).map((u) => [`user:${u.id}`, u.name || u.email || u.id]),
  );
  const dismissed = dismissedRows
    .map((r) => ({
      fingerprint: r.fingerprint,
      rule: r.rule as ConsistencyRule,
      severity: r.severity as AlertSeverity,
      records: r.records as AlertRecord[],
      values: r.values as Record<string, string>,
      dismissedAt: r.dismissedAt as Date,
      dismissedBy: names.get(r.dismissedBy ?? '') ?? r.dismissedBy ?? '',
      reason: r.dismissReason ?? '',
      stillFound: live.has(r.fingerprint),
    }))
    .sort((a, b) => b.dismissedAt.getTime() - a.dismissedAt.getTime());
  return { open, dismissed };
}

const reasonSchema = multilineText(2000);

/**
 * Dismisses one open alert (`alerts.dismiss`) with a required reason: the finding must be found now (else 404), the
 * row is stored or updated with who, when and why, and the `alert.dismiss` entry is appended in the same transaction.
 */
export async function dismissAlert(
  db: Db,
  opts: { actor: Actor; projectId: string; fingerprint: string; reason: unknown; clock: Clock },
): Promise<AlertFinding> {
  const { actor, projectId } = opts;
  authorize(actor, 'alerts.dismiss', { projectId });
  const parsed = reasonSchema.safeParse(typeof opts.reason === 'string' ? opts.reason : '');
  if (!parsed.success || parsed.data === '')
    throw validationError([
      {
        path: 'reason',
        message: parsed.success
          ? 'say why this alert is dismissed'
          : (parsed.error.issues[0]?.message ?? 'invalid'),
        ...(parsed.success ? { key: 'alerts.reasonRequired' } : {}),
      },
    ]);
  const reason = parsed.data;
  const now = opts.clock.now();
  const found = await findAlerts(db, { projectId, today: opts.clock.today() });
  const finding = found.find((f) => f.fingerprint === opts.fingerprint);
  if (!finding) throw notFound('alert');
  const who = actorId(actor);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(consistencyAlerts)
      .where(
        and(
          eq(consistencyAlerts.projectId, projectId),
          eq(consistencyAlerts.fingerprint, finding.fingerprint),
        ),
      );
    if (before?.dismissedAt)
      throw new AppError({
        code: 'conflict',
        status: 409,
        message: 'This alert was dismissed already',
        messageKey: 'alerts.alreadyDismissed',
      });
    const dismissed = { dismissedAt: now, dismissedBy: who, dismissReason: reason };
    await tx
      .insert(consistencyAlerts)
      .values({
        projectId,
        fingerprint: finding.fingerprint,
        rule: finding.rule,
        severity: finding.severity,
        records: finding.records,
        values: finding.values,
        firstSeenAt: now,
        lastSeenAt: now,
        ...dismissed,
      })
      .onConflictDoUpdate({
        target: [consistencyAlerts.projectId, consistencyAlerts.fingerprint],
        set: dismissed,
      });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'alert.dismiss',
      entityType: 'consistency_alert',
      entityId: finding.fingerprint,
      after: {
        rule: finding.rule,
        records: finding.records.map((r) => ({ kind: r.kind, id: r.id })),
        values: finding.values,
        reason,
      },
      at: now,
    });
  });
  return finding;
}

export interface AlertRunResult {
  found: number;
  /** Open alerts never seen before, or seen again after they were resolved (dismissed ones never count). */
  fresh: AlertFinding[];
  resolved: number;
}

/**
 * Stores one run's findings (in the caller's transaction): first/last seen, resolved, found again. Runs of one
 * project take turns (a transaction-scoped advisory lock): two at once (the schedule's and a run by hand, or two
 * instances) would both insert a new alert, and the second would fail on its unique fingerprint.
 */
export async function recordAlertRun(
  tx: Tx,
  opts: { projectId: string; findings: readonly AlertFinding[]; now: Date },
): Promise<AlertRunResult> {
  const { projectId, findings, now } = opts;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`consistency:${projectId}`}))`);
  const stored = await tx.select().from(consistencyAlerts).where(eq(consistencyAlerts.projectId, projectId));
  const byFingerprint = new Map(stored.map((r) => [r.fingerprint, r]));
  const fresh: AlertFinding[] = [];
  for (const f of findings) {
    const row = byFingerprint.get(f.fingerprint);
    if (!row) {
      await tx.insert(consistencyAlerts).values({
        projectId,
        fingerprint: f.fingerprint,
        rule: f.rule,
        severity: f.severity,
        records: f.records,
        values: f.values,
        firstSeenAt: now,
        lastSeenAt: now,
      });
      fresh.push(f);
      continue;
    }
    await tx
      .update(consistencyAlerts)
      .set({ lastSeenAt: now, resolvedAt: null, records: f.records, severity: f.severity })
      .where(eq(consistencyAlerts.id, row.id));
    if (row.resolvedAt && !row.dismissedAt) fresh.push(f);
  }
  const seen = findings.map((f) => f.fingerprint);
  const resolved = await tx
    .update(consistencyAlerts)
    .set({ resolvedAt: now })
    .where(
      and(
        eq(consistencyAlerts.projectId, projectId),
        isNull(consistencyAlerts.resolvedAt),
        ...(seen.length > 0 ? [notInArray(consistencyAlerts.fingerprint, seen)] : []),
      ),
    )
    .returning({ id: consistencyAlerts.id });
  return { found: findings.length, fresh, resolved: resolved.length };
}

/** The parameters of a finding's message in `lang`: the records' labels and partners, and its values. */
export function alertParams(
  lang: Lang,
  f: Pick<AlertFinding, 'records' | 'values'>,
): Record<string, string | number> {
  const [a, b] = f.records;
  return {
    ...f.values,
    ...(f.values.status ? { status: valueLabel(lang, 'status', f.values.status) } : {}),
    record: a?.label ?? '',
    partner: a?.partner ?? '',
    recordA: a?.label ?? '',
    partnerA: a?.partner ?? '',
    recordB: b?.label ?? '',
    partnerB: b?.partner ?? '',
    days: STALE_AFTER_DAYS,
  };
}

/** A finding's message in `lang`, naming its records. */
export const alertMessage = (lang: Lang, f: Pick<AlertFinding, 'rule' | 'records' | 'values'>): string =>
  translate(lang, `alerts.msg.${f.rule}`, alertParams(lang, f));
