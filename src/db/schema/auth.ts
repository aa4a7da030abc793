/**
 * Accounts: users, project memberships, sessions, one-time links (setup, reset, invitation), API tokens and
 * sign-in attempts. Secrets (session ids, link tokens, API tokens) are stored only as SHA-256 hex digests.
 * Every personal field is listed in docs/PRIVACY.md.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { projects } from './projects';

/** A person. Deleting an account blanks name, e-mail and password and keeps the row as a tombstone. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Lower-cased; null once the account is deleted. */
    email: text('email'),
    name: text('name'),
    /** argon2id PHC string; null until the user sets a password. */
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    /** Preferred language (en | ja) for mails and pages; null until chosen. */
    lang: text('lang'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** What the deleted account is shown as, e.g. "former member of WLI". */
    tombstone: text('tombstone'),
  },
  (t) => [
    uniqueIndex('users_email')
      .on(t.email)
      .where(sql`${t.email} is not null`),
  ],
);

/** A user's role in one project; a partner editor names the partner whose records it edits. */
export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** coordinator | editor | viewer */
    role: text('role').notNull(),
    partnerCode: text('partner_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_user_project').on(t.userId, t.projectId),
    index('memberships_project').on(t.projectId),
  ],
);

/** A signed-in browser. The cookie carries the random id; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Synchronizer token for forms and htmx requests of this session. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Absolute expiry: the session ends then whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Single-use links to set a password: `setup` (first admin, or one made by `herald user create-admin`) and `reset`. */
export const passwordTokens = pgTable(
  'password_tokens',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    /** setup | reset */
    kind: text('kind').notNull(),
    /** Null for the first-start setup link, which creates the first admin. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null: valid until used (the first-start link, which also dies once an admin exists). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('password_tokens_hash').on(t.tokenHash)],
);

/** An invitation to join a project with a role, sent by e-mail; single-use, expiring. */
export const invitations = pgTable(
  'invitations',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').notNull(),
    partnerCode: text('partner_code'),
    /** The language the invitation mail was written in (the invitee's, chosen by the inviter). */
    lang: text('lang').notNull().default('en'),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('invitations_hash').on(t.tokenHash), index('invitations_project').on(t.projectId)],
);

/** Bearer tokens for partners' scripts, scoped to one project, one partner and read or write. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token (`hrd_ab12cd`), to recognise it in the list. */
    prefix: text('prefix').notNull(),
    name: text('name').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    partnerCode: text('partner_code').notNull(),
    /** read | write */
    access: text('access').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_project').on(t.projectId)],
);

/** Failed sign-ins, by key (`account:<email>` or `address:<ip>`), for throttling. Rows older than a day are purged. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_failures_key_at').on(t.key, t.at)],
);

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
