/** Every table of the database, one file per domain. drizzle-kit reads this file to generate migrations. */
export * from './projects';
export * from './auth';
export * from './audit';
export * from './mail';
export * from './records';
export * from './kpi';
export * from './deliverables';
export * from './imports';
export * from './jobs';
export * from './portfolios';
export * from './reports';
export * from './newsletter';
export * from './newsletter-issues';
export * from './site-downloads';
export * from './site';
export * from './mail-preferences';
export * from './consistency';
