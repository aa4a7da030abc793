/** Settings from the environment, validated once with zod. */
import { join } from 'node:path';
import { z } from 'zod';
import { PGLITE_MEMORY, type PgliteMemory } from './db/pglite-memory';
import { AppError } from './errors';
import { parseSiteHosts } from './site/hosts';

/** A PostgreSQL memory size: a whole number and kB, MB or GB (`32MB`). */
const pgSize = z.string().regex(/^[1-9]\d{0,6}(kB|MB|GB)$/, 'must be a size such as 512kB, 32MB or 1GB');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /**
   * PostgreSQL; unset means the embedded PGlite in HERALD_DATA_DIR. Set but empty is refused, not read as unset:
   * it is what a deployment template leaves when its variable is missing (`DATABASE_URL=${PG_URL}`), and quietly
   * falling back to an embedded database would write the data somewhere nobody backs up.
   */
  DATABASE_URL: z
    .string()
    .refine((v) => v.trim() !== '', {
      message:
        'is set but empty: unset it to use the embedded database in HERALD_DATA_DIR, or set it to postgres://user:password@host:5432/database',
      abort: true,
    })
    .refine((v) => /^postgres(ql)?:\/\/./.test(v), 'must be a postgres:// (or postgresql://) URL')
    .optional(),
  HERALD_DATA_DIR: z.string().default('./data'),
  /** PGlite's shared_buffers, inside its WASM heap (src/db/pglite-memory.ts; default 32MB, PGlite's own 128MB). */
  HERALD_PGLITE_SHARED_BUFFERS: pgSize.default(PGLITE_MEMORY.sharedBuffers),
  /** PGlite's work_mem: per sort or hash of a query before it spills to disk (default 4MB). */
  HERALD_PGLITE_WORK_MEM: pgSize.default(PGLITE_MEMORY.workMem),
  /** `1`: mounts `GET /_bench/hello` ("ok", before any middleware), the baseline of `bench/server.ts`. Off by default. */
  HERALD_BENCH: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /** The instance's Ed25519 private key (PEM, mode 0600), created on first need; default <HERALD_DATA_DIR>/instance-ed25519.pem. */
  HERALD_KEY_FILE: z.string().optional(),
  HERALD_DEFAULT_PLAN: z.string().optional(),
  /** Where uploaded import files wait between preview and commit (default: herald-uploads in the system temp folder). */
  HERALD_UPLOAD_DIR: z.string().optional(),
  /** Where record exports made as a job wait for their download, a day (default: herald-exports in the system temp folder). */
  HERALD_EXPORT_DIR: z.string().optional(),
  /** Above this many records, the list page makes its CSV/XLSX export a job with progress instead of a download. */
  HERALD_EXPORT_JOB_ROWS: z.coerce.number().int().min(0).max(100_000_000).default(5000),
  /** The most a web import may upload at once, all files together, in MB (streamed to HERALD_UPLOAD_DIR). */
  HERALD_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).default(200),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public address used in links sent by e-mail and printed by the CLI; defaults to http://HOST:PORT. */
  HERALD_BASE_URL: z.string().url().optional(),
  /**
   * Public sites on their own host names (src/site/hosts.ts): `project=origin` pairs, comma-separated, e.g.
   * `m-sec=https://www.msecproject.eu`. The project must also opt in (`website.public: true` in its plan).
   */
  HERALD_SITE_HOSTS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseSiteHosts(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  /** The public site's in-memory page cache, in MB (src/site/page-cache.ts; 0 turns it off). */
  HERALD_SITE_CACHE_MB: z.coerce.number().min(0).max(4096).default(16),
  /** Behind a reverse proxy: trust its X-Forwarded-For (last hop) and X-Forwarded-Proto. */
  HERALD_TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** The contact outside services see in Herald's User-Agent (`mailto:`; Crossref's polite pool asks for one). */
  HERALD_CONTACT_EMAIL: z.string().email().optional(),
  /** The outside services' addresses (src/sources/types.ts DEFAULT_ENDPOINTS); tests point them at a local fake. */
  HERALD_CROSSREF_URL: z.string().url().optional(),
  HERALD_DATACITE_URL: z.string().url().optional(),
  HERALD_OPENAIRE_URL: z.string().url().optional(),
  HERALD_ZENODO_URL: z.string().url().optional(),
  HERALD_YOUTUBE_URL: z.string().url().optional(),
  /** SMTP server (smtp://user:pass@host:587, smtps://…); without it, mails go to the local outbox (/admin/outbox). */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default('Herald <herald@localhost>'),
  /** Messages handed to the SMTP server per second (0: no limit); the `mail.send` job keeps to it. */
  SMTP_RATE_PER_SECOND: z.coerce.number().min(0).max(10_000).default(10),
  /** Transient SMTP errors in a row that pause sending (the circuit breaker) … */
  SMTP_PAUSE_AFTER_ERRORS: z.coerce.number().int().min(1).max(1000).default(5),
  /** … for this many minutes; then sending resumes. */
  SMTP_PAUSE_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(15),
});

/** The mail sender's policy from the configuration (src/mail/sender.ts). */
export const mailPolicyOf = (
  c: Pick<Config, 'SMTP_RATE_PER_SECOND' | 'SMTP_PAUSE_AFTER_ERRORS' | 'SMTP_PAUSE_MINUTES'>,
): { ratePerSecond: number; pauseAfterErrors: number; pauseMs: number } => ({
  ratePerSecond: c.SMTP_RATE_PER_SECOND,
  pauseAfterErrors: c.SMTP_PAUSE_AFTER_ERRORS,
  pauseMs: c.SMTP_PAUSE_MINUTES * 60_000,
});

/** The address links point at: HERALD_BASE_URL, else http://HOST:PORT (localhost for a wildcard host). */
export const baseUrlOf = (c: Pick<Config, 'HERALD_BASE_URL' | 'HOST' | 'PORT'>): string =>
  (
    c.HERALD_BASE_URL ?? `http://${c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST}:${c.PORT}`
  ).replace(/\/+$/, '');

export type Config = z.infer<typeof envSchema>;

/** Where the instance's private signing key lives: HERALD_KEY_FILE, else beside the data. */
export const keyFileOf = (c: Pick<Config, 'HERALD_KEY_FILE' | 'HERALD_DATA_DIR'>): string =>
  c.HERALD_KEY_FILE ?? join(c.HERALD_DATA_DIR, 'instance-ed25519.pem');

/** PGlite's memory settings from the configuration (src/db/pglite-memory.ts). */
export const pgliteMemoryOf = (
  c: Pick<Config, 'HERALD_PGLITE_SHARED_BUFFERS' | 'HERALD_PGLITE_WORK_MEM'>,
): PgliteMemory => ({ sharedBuffers: c.HERALD_PGLITE_SHARED_BUFFERS, workMem: c.HERALD_PGLITE_WORK_MEM });

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    // An AppError: the CLI prints its message and exits with 1 (a configuration mistake, not an internal error).
    throw new AppError({
      code: 'config',
      status: 500,
      message: `Invalid environment:\n${lines.join('\n')}`,
    });
  }
  return parsed.data;
}
