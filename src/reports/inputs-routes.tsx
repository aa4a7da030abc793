/** Routes of what the coordinator keeps for a report: texts, KPI comments, deviations, recommendations. Checks live in the use cases. */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';

export const reportInputRoutes = new Hono<AppEnv>();
