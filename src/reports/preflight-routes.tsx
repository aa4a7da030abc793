/** Routes of the pre-flight page: findings of every rule, each linking to the record to fix. Checks live in the use cases. */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';

export const preflightRoutes = new Hono<AppEnv>();
