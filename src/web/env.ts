/** The typed Hono environment shared by every route: dependencies, the request's language and translator. */
import type { Logger } from 'pino';
import type { Actor } from '../auth/permissions';
import type { PasswordCheck, ThrottlePolicy } from '../auth/sign-in';
import type { Database } from '../db/client';
import type { Mailer } from '../mail/mailer';
import type { Lang, Translator } from '../i18n';
import type { Clock } from '../lib/clock';
import type { SiteHosts } from '../site/hosts';
import type { SourceDeps } from '../sources/env';

export interface AppDeps {
  database: Database;
  log: Logger;
  /** Outgoing mail (SMTP, or by default the local outbox in `database`). */
  mailer?: Mailer;
  /** Public address for links in mails; defaults to the request's origin. */
  baseUrl?: string;
  /** Behind a reverse proxy: trust X-Forwarded-For (last hop) and X-Forwarded-Proto. */
  trustProxy?: boolean;
  /** Sign-in throttling; defaults to DEFAULT_THROTTLE (src/auth/sign-in.ts). */
  throttle?: ThrottlePolicy;
  /** How sign-in checks a password; defaults to argon2id (src/auth/crypto.ts). Tests wrap it to count checks. */
  checkPassword?: PasswordCheck;
  /** Where evidence files are stored (content-addressed); defaults to `HERALD_DATA_DIR/files`. */
  filesDir?: string;
  /** The instance's Ed25519 private key file (src/signing.ts), the one `herald report submit` uses; defaults to
   * `keyFileOf(loadConfig())` (HERALD_KEY_FILE, else beside the data). Report submission signs with it. */
  keyFile?: string;
  /** The one clock for "now" and "today" (default: the system's); tests pass a `fixedClock`. */
  clock?: Clock;
  /** The in-process job runner (`herald serve`): woken when a request enqueues work, so it starts at once. */
  jobs?: { wake(): void };
  /**
   * `GET /_bench/hello` answers "ok" before any middleware (bench/server.ts's baseline), `GET /_bench/chain` after
   * all of it (bench/profile-dashboard.ts): HERALD_BENCH=1 only.
   */
  bench?: boolean;
  /** The most one web import may upload, in bytes (default: HERALD_MAX_UPLOAD_MB); tests set a small one. */
  maxUploadBytes?: number;
  /** Public sites served on their own host names (HERALD_SITE_HOSTS, src/site/hosts.ts); default: none. */
  siteHosts?: SiteHosts;
  /** Bound of the public site's page cache in bytes (HERALD_SITE_CACHE_MB; src/site/page-cache.ts; 0: none). */
  siteCacheBytes?: number;
  /** Live sources (src/sources): endpoints, contact, HTTP policy and waits (default: the real services). */
  sources?: SourceDeps;
  /** How long `/healthz` waits for the database's `select 1` before it reports `busy` (default 500 ms). */
  healthTimeoutMs?: number;
}

/** The signed-in person of a browser request (null for anonymous visitors and API tokens). */
export interface RequestSession {
  idHash: string;
  userId: string;
  name: string;
  email: string;
  isAdmin: boolean;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    /** `deps.clock` or the system clock: what routes and the use cases they call ask for now and today. */
    clock: Clock;
    lang: Lang;
    t: Translator;
    /** Who is acting: pass it to every service (`{ actor: c.var.actor }`). */
    actor: Actor;
    session: RequestSession | null;
    /** The CSRF token forms (`_csrf`) and htmx (`x-csrf-token`) send back. */
    csrfToken: string;
    /** True when an API request is authenticated by a bearer token (no cookies, no CSRF). */
    bearer: boolean;
    /** Set when the request's writes enqueued jobs: the runner is woken once the response is ready (committed). */
    jobsEnqueued?: boolean;
  };
}
