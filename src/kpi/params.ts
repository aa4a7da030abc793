/** Query and path parameters of the monitoring pages, as zod shapes (validated by src/web/query.ts). */
import { isoDate, kebabId, projectYear } from '../schema-pieces';

/** The dashboard's period: `?year=N` or `?from=&to=` (an empty field means "not set"). */
export const PERIOD_QUERY = {
  year: projectYear.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
/** A drill-down's query: the period and the KPI part. */
export const DRILLDOWN_QUERY = { ...PERIOD_QUERY, part: kebabId.optional() };
/** A KPI in a path. */
export const KPI_PARAMS = { kpiId: kebabId };
/** A project year in a path (`/years/2/…`). */
export const YEAR_PARAMS = { year: projectYear };
/** The records reported late: the year and the KPI. */
export const LATE_PARAMS = { ...YEAR_PARAMS, ...KPI_PARAMS };
