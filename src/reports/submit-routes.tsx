/** Routes of submission, the submitted reports' downloads, the evidence manifest, the instance's public key. Checks live in the use cases. */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';

export const submitRoutes = new Hono<AppEnv>();
