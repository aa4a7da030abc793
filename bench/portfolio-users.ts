/**
 * The portfolio bench's two readers of GET /portfolio: an instance admin, who sees every project, and a viewer of a
 * portfolio of 5 projects (made through src/portfolio/service.ts, so audited as an admin would have done it).
 */
import { hashPassword } from '../src/auth/crypto';
import { systemActor } from '../src/auth/permissions';
import type { Db } from '../src/db/client';
import { users } from '../src/db/schema';
import { addProjects, createPortfolio, grantRole } from '../src/portfolio/service';
import { BENCH_PASSWORD } from './generate';
import { ctxActor } from './gen-rows';

/** A signed-in reader of the portfolio page and what it should see. */
export interface PortfolioReader {
  label: string;
  email: string;
  password: string;
  projects: number;
}

/** Projects in the smaller reader's portfolio. */
export const PORTFOLIO_OF = 5;

/** Creates both readers; `projectIds` are every generated project (the portfolio takes its first 5). */
export async function portfolioReaders(db: Db, projectIds: readonly string[]): Promise<PortfolioReader[]> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const admin = 'bench-admin@example.org';
  const viewer = 'bench-portfolio@example.org';
  await db.insert(users).values([
    { id: 'bench-admin', email: admin, name: 'Bench Admin', passwordHash, isAdmin: true },
    { id: 'bench-portfolio', email: viewer, name: 'Bench Portfolio Viewer', passwordHash },
  ]);
  const actor = systemActor(ctxActor);
  const { id } = await createPortfolio(db, { actor, input: { name: 'Bench five', kind: 'agency' } });
  await addProjects(db, { actor, portfolioId: id, projectIds: projectIds.slice(0, PORTFOLIO_OF) });
  await grantRole(db, { actor, portfolioId: id, input: { email: viewer, role: 'viewer' } });
  return [
    { label: 'admin (every project)', email: admin, password: BENCH_PASSWORD, projects: projectIds.length },
    {
      label: `viewer of a portfolio of ${PORTFOLIO_OF}`,
      email: viewer,
      password: BENCH_PASSWORD,
      projects: Math.min(PORTFOLIO_OF, projectIds.length),
    },
  ];
}
