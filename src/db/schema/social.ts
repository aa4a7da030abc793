/**
 * The social-media calendar (src/social): posts planned per project on one of the plan's `channels` (a social
 * network account), drafted in Herald with hashtags, mentions and an optional image (content-addressed under
 * `<files>/social/`, type sniffed, like news images), then marked posted with their URL: the communication
 * activity that records it is `activity_id`. States: draft → planned → posted; draft | planned → cancelled.
 */
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const socialPosts = pgTable(
  'social_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** A `channels[].id` of the plan (kind twitter, linkedin, mastodon, …). */
    channelId: text('channel_id').notNull(),
    /** When the post should go out (the calendar shows it in the strategy's time zone). */
    plannedAt: timestamp('planned_at', { withTimezone: true }).notNull(),
    text: text('text').notNull(),
    /** `#tags` and `@mentions` as parsed from the text (stored for exports and the API; the text is the truth). */
    hashtags: text('hashtags').array().notNull().default([]),
    mentions: text('mentions').array().notNull().default([]),
    /** The image's sha256 (bytes under `<files>/social/`), its sniffed type and alternative text. */
    imageSha256: text('image_sha256'),
    imageType: text('image_type'),
    imageAlt: text('image_alt'),
    /** The partner who proposed it (a partner editor's own); null when the coordinator wrote it. */
    partnerCode: text('partner_code'),
    /** draft | planned | posted | cancelled */
    state: text('state').notNull().default('draft'),
    postedUrl: text('posted_url'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /** The communication activity (kind social_post) recorded when it was marked posted. */
    activityId: text('activity_id'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('social_posts_calendar').on(t.projectId, t.plannedAt, t.id)],
);

export type SocialPostRow = typeof socialPosts.$inferSelect;
