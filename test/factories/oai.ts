/** A plan with the OAI-PMH endpoint on (src/oai): Tide-X with an EC grant and its DOI, and two people. */
import type { Db } from '../../src/db/client';
import { importPlan } from '../../src/projects/service';
import { PARTNER_A } from '../auth-helpers';
import { makePlan, planInput } from './plan';

/** The Tide-X plan with the endpoint on, an EC grant with its DOI, and two people (one consenting). */
export function harvestPlan(overrides: { consentAna?: boolean } = {}) {
  const base = planInput();
  return makePlan({
    project: {
      ...base.project,
      programme: 'H2020',
      grants: [{ funder: 'EC', programme: 'H2020', number: '814917', doi: '10.3030/814917' }],
    },
    harvesting: {
      oai_pmh: true,
      admin_email: 'coordinator@tide-x.example',
      people: [
        {
          id: 'ana-silva',
          name: 'Silva, Ana',
          family_names: 'Silva',
          first_names: 'Ana',
          orcid: '0000-0002-1825-0097',
          partner: PARTNER_A,
          consent: overrides.consentAna ?? true,
        },
        { id: 'ola-berg', name: 'Berg, Ola', partner: 'CORPB', consent: false },
      ],
    },
  });
}

export async function importHarvestPlan(db: Db, overrides: { consentAna?: boolean } = {}) {
  const plan = harvestPlan(overrides);
  await importPlan(db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
}
