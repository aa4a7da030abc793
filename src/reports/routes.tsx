/** Routes of the report pages: generate (a job with progress), preview, download; /p/:id/reports…. Checks live in the use cases. */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';

export const reportRoutes = new Hono<AppEnv>();
