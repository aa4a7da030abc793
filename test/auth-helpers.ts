/**
 * Accounts in tests: an app on a fresh database with a small two-partner plan (Tide-X: UNIA, CORPB), users made
 * directly (a password hash only when a test signs in with it), sessions without a sign-in, and a tiny browser-like
 * client (cookie jar + CSRF token) over `app.request()`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import type { Database } from '../src/db/client';
import { mailQueue, memberships, users } from '../src/db/schema';
import { hashPassword } from '../src/auth/crypto';
import { systemActor, type Role } from '../src/auth/permissions';
import { addMember } from '../src/auth/members';
import { createSession } from '../src/auth/sessions';
import { newId } from '../src/lib/ids';
import { createLogger } from '../src/log';
import { importPlan } from '../src/projects/service';
import { createApp } from '../src/web/app';
import type { AppDeps, AppEnv } from '../src/web/env';
import { createTestDatabase } from './db';
import { makePlan } from './factories/plan';

export const PROJECT = 'tide-x';
export const PARTNER_A = 'UNIA';
export const PARTNER_B = 'CORPB';
export const BASE_URL = 'http://localhost';

export interface AuthTestApp {
  app: Hono<AppEnv>;
  database: Database;
  db: Database['db'];
  close(): Promise<void>;
}

/** A fresh database with the Tide-X plan imported, and the app over it (trusting X-Forwarded-For, so tests pick addresses). */
export async function createAuthTestApp(deps: Partial<AppDeps> = {}): Promise<AuthTestApp> {
  const database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  const app = createApp({
    database,
    log: createLogger('silent'),
    baseUrl: BASE_URL,
    trustProxy: true,
    // The instance key (feed keys, signatures) in a temporary folder, never in the working copy's ./data.
    keyFile: join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem'),
    ...deps,
  });
  return { app, database, db: database.db, close: () => database.close() };
}

export interface MadeUser {
  id: string;
  email: string;
}

let counter = 0;

/** Inserts a user (hashing `password` only when given) with an optional membership in Tide-X. */
export async function makeUser(
  db: Database['db'],
  opts: {
    email?: string;
    name?: string;
    password?: string;
    isAdmin?: boolean;
    role?: Role;
    partnerCode?: string | null;
    projectId?: string;
  } = {},
): Promise<MadeUser> {
  counter += 1;
  const id = newId();
  const email = opts.email ?? `user${counter}-${id.slice(0, 6)}@example.org`;
  await db.insert(users).values({
    id,
    email,
    name: opts.name ?? `User ${counter}`,
    passwordHash: opts.password ? await hashPassword(opts.password) : null,
    isAdmin: opts.isAdmin ?? false,
  });
  if (opts.role) {
    await addMember(db, {
      actor: systemActor('test'),
      projectId: opts.projectId ?? PROJECT,
      userId: id,
      input: { role: opts.role, partnerCode: opts.partnerCode ?? '' },
    });
  }
  return { id, email };
}

export async function membershipOf(db: Database['db'], userId: string) {
  return db.select().from(memberships).where(eq(memberships.userId, userId));
}

/** The newest mail of the queue (enqueued by the use case; sent later by the `mail.send` job). */
export async function lastMail(db: Database['db']) {
  const [m] = await db.select().from(mailQueue).orderBy(desc(mailQueue.id)).limit(1);
  return m;
}

/** The first http(s) link of a mail's text, as a path (`/invite/…`). */
export const linkIn = (text: string): string => {
  const m = /https?:\/\/[^\s/]+(\/\S+)/.exec(text);
  if (!m?.[1]) throw new Error(`no link in: ${text}`);
  return m[1];
};

type Form = Record<string, string>;

/** A browser-like client: keeps cookies, sends the CSRF token of its session (or its anonymous cookie). */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly app: Hono<AppEnv>,
    readonly ip = '203.0.113.1',
  ) {}

  /** A client already signed in as `userId` (a session made directly, without a password). */
  static async signedIn(
    t: Pick<AuthTestApp, 'app' | 'db'>,
    userId: string,
    ip?: string,
  ): Promise<TestClient> {
    const client = new TestClient(t.app, ip);
    const s = await createSession(t.db, { userId });
    client.cookies.set('herald_session', s.id);
    client.csrf = s.csrfToken;
    return client;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    opts: { form?: Form; headers?: Record<string, string>; csrf?: boolean | string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip, ...opts.headers };
    let body: string | undefined;
    if (opts.form !== undefined || method !== 'GET') {
      const form = new URLSearchParams(opts.form ?? {});
      const wantCsrf = opts.csrf ?? true;
      if (wantCsrf !== false) {
        if (typeof wantCsrf === 'string') form.set('_csrf', wantCsrf);
        else form.set('_csrf', await this.csrfToken());
      }
      body = form.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    const res = await this.app.request(path, { method, headers, body });
    this.remember(res);
    return res;
  }

  get(path: string, headers?: Record<string, string>): Promise<Response> {
    return this.request('GET', path, { headers });
  }

  post(
    path: string,
    form: Form = {},
    opts: { headers?: Record<string, string>; csrf?: boolean | string } = {},
  ): Promise<Response> {
    return this.request('POST', path, { form, ...opts });
  }

  /** A JSON request (API calls from a signed-in browser: session cookie + CSRF header). */
  async json(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip };
    if (method !== 'GET') headers['x-csrf-token'] = await this.csrfToken();
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    const res = await this.app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.remember(res);
    return res;
  }

  /** The token this client's forms carry: its session's, or its anonymous `herald_csrf` cookie (fetched once). */
  async csrfToken(): Promise<string> {
    if (this.csrf) return this.csrf;
    if (!this.cookies.has('herald_csrf')) await this.get('/login');
    return this.cookies.get('herald_csrf') ?? '';
  }

  /** Signs in through the form; afterwards the client carries the new session and its CSRF token. */
  async signIn(email: string, password: string): Promise<Response> {
    const res = await this.post('/login', { email, password });
    if (res.status === 303) {
      const page = await (await this.get('/account')).text();
      this.csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    }
    return res;
  }

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0/i.test(c) || value === '') {
        this.cookies.delete(name);
        if (name === 'herald_session') this.csrf = undefined;
      } else {
        this.cookies.set(name, value);
      }
    }
  }
}
