/** The report's sections drawn from the plan beside the records: identity (palette, logo, emblems), §5.1 partner contributions, the planned-vs-done timeline. */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import type { Db } from '../db/client';
import { translate, type Lang } from '../i18n';
import { contributionMatrix, missedMonths, timelineActuals } from '../kpi/dashboard';
import { localize, type Asset, type Plan, type RecordType } from '../plan/schema';
import { monthOf } from '../plan/time';
import type { ReportImage, ReportModel, ReportPartner, ReportTimelineItem } from './model';

const DEFAULT_PALETTE = ['#1f4e79', '#5b9bd5', '#c0504d'];

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/**
 * An identity asset's image: its `file` read from disk (absolute, or relative to `<assetsDir>`, then the working
 * directory) when it is an image; null when the plan names no file or it cannot be read (the report then shows the
 * asset's name only).
 */
async function assetImage(
  asset: Asset,
  lang: Lang,
  assetsDir: string | undefined,
): Promise<ReportImage | null> {
  if (!asset.file) return null;
  const contentType = IMAGE_TYPES[extname(asset.file).toLowerCase()];
  if (!contentType) return null;
  const candidates = isAbsolute(asset.file)
    ? [asset.file]
    : [...(assetsDir ? [join(assetsDir, asset.file)] : []), asset.file];
  for (const path of candidates) {
    try {
      const bytes = await readFile(path);
      return {
        fileName: asset.file.split(/[\\/]/).at(-1) ?? asset.file,
        contentType,
        data: bytes.toString('base64'),
        alt: localize(asset.name, lang),
      };
    } catch {
      // Not there: try the next place.
    }
  }
  return null;
}

/** Palette, logo, emblems (the plan's required emblems, else every emblem asset) and the acknowledgement. */
export async function identityOf(
  plan: Plan,
  lang: Lang,
  assetsDir: string | undefined,
): Promise<ReportModel['identity']> {
  const identity = plan.identity;
  const palette = identity?.palette.map((c) => c.hex.toLowerCase()) ?? [];
  const assets = identity?.assets ?? [];
  const logoAsset = assets.find((a) => a.kind === 'logo');
  const emblemAssets =
    identity && identity.required_emblems.length > 0
      ? identity.required_emblems.flatMap((id) => assets.filter((a) => a.id === id))
      : assets.filter((a) => a.kind === 'emblem');
  const emblems = await Promise.all(emblemAssets.map((a) => assetImage(a, lang, assetsDir)));
  const funders = plan.project.grants.map((g) => `${g.label ?? g.funder} (${g.number})`).join('; ');
  return {
    palette: palette.length > 0 ? palette : DEFAULT_PALETTE,
    logo: logoAsset ? await assetImage(logoAsset, lang, assetsDir) : null,
    emblems: emblems.filter((e): e is ReportImage => e !== null),
    acknowledgement: identity
      ? localize(identity.funding_acknowledgement, lang)
      : translate(lang, 'reports.acknowledgement', { funders }),
  };
}

const COUNT_KEYS: Record<RecordType, keyof ReportPartner['counts']> = {
  activity: 'activities',
  event: 'events',
  publication: 'publications',
  synergy: 'synergies',
  metric: 'metrics',
};

/**
 * §5.1: per partner of the plan, the records it led or took part in during the period (one GROUP BY per table,
 * src/kpi/dashboard.ts), and the plan's responsibilities it answered with records of their type.
 */
export async function partnerContributions(
  db: Db,
  q: { projectId: string; plan: Plan; from: string; to: string; lang: Lang },
): Promise<ReportPartner[]> {
  const matrix = await contributionMatrix(db, q);
  const byCode = new Map(matrix.map((c) => [c.partner, c]));
  return q.plan.partners.map((p) => {
    const c = byCode.get(p.code);
    const counts = { activities: 0, events: 0, publications: 0, synergies: 0, metrics: 0 };
    for (const type of Object.keys(COUNT_KEYS) as RecordType[])
      counts[COUNT_KEYS[type]] = (c?.led[type] ?? 0) + (c?.involved[type] ?? 0);
    const responsibilities = q.plan.responsibilities
      .filter((r) => r.record_type !== undefined && counts[COUNT_KEYS[r.record_type]] > 0)
      .map((r) => localize(r.text, q.lang));
    return {
      code: p.code,
      name: localize(p.name, q.lang),
      responsibilities,
      counts,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
    };
  });
}

/**
 * Figure 10: each timeline item's planned months against the months with a linked record up to the period's end.
 * Late: a planned month up to the end that no record answers (the dashboard's rule); done: every planned month
 * answered; in progress: some; planned: none yet.
 */
export async function timelineOf(
  db: Db,
  q: { projectId: string; plan: Plan; to: string; lang: Lang },
): Promise<ReportTimelineItem[]> {
  const actuals = await timelineActuals(db, q.projectId, q.plan);
  const endMonth = monthOf(q.plan.project.start_date, q.to);
  return q.plan.timeline.map((item) => {
    const planned = [...new Set(item.months)].sort((a, b) => a - b);
    const done = [...(actuals.get(item.id)?.keys() ?? [])].filter((m) => m <= endMonth).sort((a, b) => a - b);
    const missed = missedMonths(planned, done, endMonth + 1);
    const state: ReportTimelineItem['state'] =
      missed.length > 0
        ? 'late'
        : done.length > 0 && planned.every((m) => m <= endMonth)
          ? 'done'
          : done.length > 0
            ? 'in_progress'
            : 'planned';
    return {
      id: item.id,
      label: localize(item.label, q.lang),
      responsible: item.responsible,
      plannedMonths: planned,
      doneMonths: done,
      state,
      stateLabel: translate(q.lang, `reports.timeline.${state}`),
    };
  });
}
