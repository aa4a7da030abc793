/**
 * The public site's own content (src/site): news posts written in the app, bilingual (English required, Japanese
 * optional), in Markdown, with an optional image stored content-addressed on disk like evidence files
 * (`<files>/site/<sha256>`, type sniffed). States: draft → (proposed by a partner) → published ⇄ withdrawn.
 */
import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const newsPosts = pgTable(
  'news_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The address segment `/news/<slug>`, unique in the project. */
    slug: text('slug').notNull(),
    titleEn: text('title_en').notNull(),
    titleJa: text('title_ja'),
    summaryEn: text('summary_en').notNull(),
    summaryJa: text('summary_ja'),
    /** Markdown; rendered and sanitised once, by src/site/news/markdown.ts. */
    bodyEn: text('body_en').notNull(),
    bodyJa: text('body_ja'),
    /** The image's sha256 (bytes under `<files>/site/`), its sniffed type and alt texts. */
    imageSha256: text('image_sha256'),
    imageType: text('image_type'),
    imageAltEn: text('image_alt_en'),
    imageAltJa: text('image_alt_ja'),
    /** Public from this day on (with state `published`), by the app's clock. */
    publishOn: date('publish_on').notNull(),
    /** draft | proposed | published | withdrawn */
    state: text('state').notNull().default('draft'),
    /** The partner a partner editor proposed it for; null when the coordinator wrote it. */
    partnerCode: text('partner_code'),
    /** Why the coordinator sent a proposal back (shown to the partner), cleared when proposed again. */
    rejectionReason: text('rejection_reason'),
    authorId: text('author_id').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    uniqueIndex('news_posts_slug').on(t.projectId, t.slug),
    index('news_posts_public')
      .on(t.projectId, t.publishOn.desc(), t.id.desc())
      .where(sql`${t.state} = 'published'`),
  ],
);
