/**
 * Test tiers, one runner:
 * - unit: `*.test.ts(x)` beside the code, no database;
 * - pglite / postgres: the same `*.int.test.ts(x)` integration suite on each engine
 *   (one migrated template per run, cloned per file), plus files about one engine only:
 *   `*.pglite.test.ts` (e.g. the data folder lock) and `*.pg.test.ts` (e.g. PostgreSQL restarting under load);
 * - browser: `*.browser.test.ts(x)` driving Debian's Chromium through playwright-core;
 * - office: `*.office.test.ts` using LibreOffice and the system's fonts (DOCX → PDF with soffice, charts with
 *   fonts-noto-cjk): slow external programs, one soffice start per file, kept out of the quick unit tier.
 */
import { defineConfig } from 'vitest/config';

const integration = ['src/**/*.int.test.{ts,tsx}', 'test/**/*.int.test.{ts,tsx}'];

export default defineConfig({
  test: {
    env: { TZ: 'UTC', LOG_LEVEL: 'silent' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Unit files share no state (no database, no server): one module graph per worker halves their run time.
          isolate: false,
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          exclude: [
            '**/*.int.test.*',
            '**/*.pglite.test.*',
            '**/*.pg.test.*',
            '**/*.browser.test.*',
            '**/*.office.test.*',
            '**/node_modules/**',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: [...integration, 'src/**/*.pglite.test.ts', 'test/**/*.pglite.test.ts'],
          // Each file makes its own database and app (test/db.ts); sharing the module graph saves a re-import per file.
          isolate: false,
          globalSetup: ['test/setup/pglite.global.ts'],
          env: { HERALD_TEST_DB: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...integration, 'src/**/*.pg.test.ts'],
          isolate: false,
          // The PGlite template too (made once per run, shared with the pglite project): the cross-engine files.
          globalSetup: ['test/setup/pglite.global.ts', 'test/setup/postgres.global.ts'],
          env: { HERALD_TEST_DB: 'pg' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.{ts,tsx}', 'test/**/*.browser.test.{ts,tsx}'],
          // Each file launches its own Chromium, server and database: sharing the module graph saves a re-import.
          isolate: false,
          globalSetup: ['test/setup/pglite.global.ts'],
          env: { HERALD_TEST_DB: 'pglite' },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'office',
          include: ['src/**/*.office.test.ts', 'test/**/*.office.test.ts'],
          // soffice's first start in a fresh profile takes seconds: the conversion runs in beforeAll.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
