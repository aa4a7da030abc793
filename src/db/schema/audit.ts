/**
 * The audit trail: one hash chain per project (chain = project id) plus the `instance` chain for events without a
 * project. Entries are append-only; `audit_heads` remembers each chain's last entry so a removed tail is detected.
 * `at` is stored as the exact ISO string that was hashed, so verification never depends on how an engine reads
 * timestamps back.
 */
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const auditEntries = pgTable(
  'audit_entries',
  {
    chain: text('chain').notNull(),
    /** 1, 2, 3… without gaps within a chain. */
    seq: integer('seq').notNull(),
    /** ISO 8601 UTC with milliseconds, exactly as hashed. */
    at: text('at').notNull(),
    /** Stable id of who did it: `user:<id>`, `token:<id>`, or a system name such as `cli:alice`. */
    actorId: text('actor_id').notNull(),
    /** A label without personal data ("coordinator", "editor of WLI", "API token 3 of WLI"). */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    /** sha256(prev_hash + canonical JSON of the entry's content), hex. */
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chain, t.seq] }),
    index('audit_entries_entity').on(t.chain, t.entityType, t.entityId),
  ],
);

/** The last entry of each chain, written in the same transaction as the entry. */
export const auditHeads = pgTable('audit_heads', {
  chain: text('chain').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/**
 * Signed chain heads: now and then (and on demand) a chain's head is signed with the instance's Ed25519 key and kept
 * here. Outsiders keep copies (CLI, reports, public site); a history rewritten after a signed head no longer contains
 * that head's hash at its seq, which verification against the copy detects.
 */
export const auditSignedHeads = pgTable(
  'audit_signed_heads',
  {
    chain: text('chain').notNull(),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
    /** ISO 8601 UTC, exactly as signed. */
    signedAt: text('signed_at').notNull(),
    keyId: text('key_id').notNull(),
    /** Ed25519 signature (base64url) over the canonical JSON of { chain, seq, hash, signedAt, keyId }. */
    signature: text('signature').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.seq] })],
);

/**
 * Public halves of the instance's signing keys (Ed25519, SPKI PEM), kept so that signatures made with an earlier key
 * still verify after a rotation. The private key never enters the database: it lives in a file beside the data.
 */
export const instanceKeys = pgTable('instance_keys', {
  /** First 16 hex digits of SHA-256 of the SPKI DER. */
  id: text('id').primaryKey(),
  algorithm: text('algorithm').notNull().default('ed25519'),
  publicKey: text('public_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});

export type AuditEntryRow = typeof auditEntries.$inferSelect;
