/**
 * Pre-flight rule `signoff`: the sign-off periods (src/signoff) the report's period overlaps, each with the plan
 * partners that have not confirmed it (not yet answered, or said something is missing): one warning per period
 * naming their codes. Applies when the plan asks for sign-offs (`reminders.enabled` and `reminders.signoff.enabled`).
 */
import { signoffPeriods } from '../signoff/periods';
import { signoffGrid } from '../signoff/service';
import { recordFinding, type Rule } from './preflight-types';

const signoff: Rule = async (ctx) => {
  const r = ctx.plan.reminders;
  if (!r?.enabled || !r.signoff.enabled) return [];
  const periods = signoffPeriods(ctx.plan).filter((p) => p.from <= ctx.period.to && p.to >= ctx.period.from);
  if (periods.length === 0) return [];
  const grid = await signoffGrid(ctx.db, { projectId: ctx.projectId, plan: ctx.plan });
  return periods.flatMap((p) => {
    const partners = (grid.get(p.n) ?? []).filter((s) => s.state !== 'confirmed').map((s) => s.partner);
    if (partners.length === 0) return [];
    return [
      recordFinding(ctx, {
        rule: 'signoff',
        severity: 'warning',
        kind: 'project',
        recordId: null,
        label: null,
        messageKey: 'preflight.finding.signoff',
        params: { partners: partners.join(', '), n: p.n, from: p.from, to: p.to },
        href: `/p/${ctx.projectId}/signoff`,
      }),
    ];
  });
};

export const SIGNOFF_RULES: readonly Rule[] = [signoff];
