/**
 * The yearly columns of the dashboard: each ended project year's figures as of its last day, frozen when the year
 * is closed (with the records reported late beside them) and live, marked provisional, until then. Reads only.
 */
import type { Db } from '../db/client';
import type { Plan } from '../plan/schema';
import { figuresAt } from './figures-at';
import { lateCounts } from './late';
import { endedYears, listClosedYears, yearWindow, type YearClosure } from './snapshots';

export interface YearFigure {
  value: number;
  /** False for a live manual KPI without a value yet. */
  hasValue: boolean;
  /** Records created after the closure that the figure would count (closed years only; 0 otherwise). */
  late: number;
}

export interface YearColumn {
  year: number;
  from: string;
  /** The year's last day: its figures are as of this date. */
  at: string;
  /** Null while the year is open: its figures are live and provisional. */
  closure: YearClosure | null;
  figures: Map<string, YearFigure>;
}

/** Every ended year of the project, closed or provisional, in year order. */
export async function yearColumns(
  db: Db,
  opts: { projectId: string; plan: Plan; today: string },
): Promise<YearColumn[]> {
  const { projectId, plan } = opts;
  const closed = new Map((await listClosedYears(db, projectId)).map((y) => [y.year, y]));
  const years = [...new Set([...endedYears(plan, opts.today), ...closed.keys()])].sort((a, b) => a - b);
  // Every open year's live figures in one statement (src/kpi/figures-at.ts), as evaluateKpis gives them.
  const open = years.filter((y) => !closed.has(y)).map((y) => yearWindow(plan, y).to);
  const live = await figuresAt(db, { projectId, plan, ats: open });
  const out: YearColumn[] = [];
  for (const year of years) {
    const { from, to: at } = yearWindow(plan, year);
    const frozen = closed.get(year);
    const figures = new Map<string, YearFigure>();
    if (frozen) {
      const late = await lateCounts(db, { projectId, plan, year, at });
      for (const k of plan.kpis) {
        const row = frozen.kpis.find((r) => r.kpiCode === k.id);
        figures.set(k.id, {
          value: row?.value ?? 0,
          hasValue: row !== undefined,
          late: late.get(k.id) ?? 0,
        });
      }
    } else {
      for (const [id, f] of live.get(at) ?? [])
        figures.set(id, { value: f.value, hasValue: f.hasValue, late: 0 });
    }
    out.push({ year, from, at, closure: frozen?.closure ?? null, figures });
  }
  return out;
}
