/**
 * Portfolios: a scope over several projects (an organisation's or an agency's), and the people who hold a role across
 * all of it. A portfolio member acts in each of the portfolio's projects with the portfolio role, as a direct
 * member would; a direct membership in a project wins over the portfolio's.
 */
import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { projects } from './projects';

export const portfolios = pgTable('portfolios', {
  /** Slug of the name. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** organisation | agency */
  kind: text('kind').notNull().default('organisation'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const portfolioProjects = pgTable(
  'portfolio_projects',
  {
    portfolioId: text('portfolio_id')
      .notNull()
      .references(() => portfolios.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'portfolio_projects_pk', columns: [t.portfolioId, t.projectId] }),
    index('portfolio_projects_project').on(t.projectId),
  ],
);

export const portfolioMembers = pgTable(
  'portfolio_members',
  {
    portfolioId: text('portfolio_id')
      .notNull()
      .references(() => portfolios.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** coordinator | viewer: a partner editor belongs to one partner of one project, so it is never a portfolio role. */
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'portfolio_members_pk', columns: [t.portfolioId, t.userId] }),
    index('portfolio_members_user').on(t.userId),
  ],
);
