/**
 * The social calendar's test plan: Tide-X with an X account run by partner A (UNIA), a LinkedIn page run by no
 * partner, the website (not a social channel), a weekly strategy in London time with an image rule and the project
 * hashtag #TideX, and a KPI counting Delivered social-post activities.
 */
import type { Db } from '../src/db/client';
import type { Plan } from '../src/plan/schema';
import { importPlan } from '../src/projects/service';
import { PARTNER_A, PROJECT } from './auth-helpers';
import { makePlan, planInput } from './factories/plan';

export function socialPlan(overrides: Parameters<typeof makePlan>[0] = {}): Plan {
  const base = planInput();
  return makePlan({
    channels: [
      { id: 'website', kind: 'website', url: 'https://tide-x.example/', label: 'Website' },
      {
        id: 'x',
        kind: 'twitter',
        handle: '@TideX',
        url: 'https://x.com/TideX',
        label: { en: 'X @TideX', ja: 'X @TideX' },
        responsible: [PARTNER_A],
      },
      {
        id: 'linkedin',
        kind: 'linkedin',
        url: 'https://www.linkedin.com/company/tide-x/',
        label: 'LinkedIn',
      },
    ],
    social_strategy: {
      frequency: 'Weekly',
      posts_per_week: 1,
      timezone: 'Europe/London',
      best_times: [
        { channel_kind: 'twitter', time: 'Early morning', hours: [6, 10] },
        { channel_kind: 'linkedin', time: 'Afternoon', hours: [12, 18] },
      ],
      requires_image: true,
      hashtags: ['#TideX'],
      suggested_hashtags: ['#energy'],
    },
    kpis: [
      ...(base.kpis ?? []),
      {
        id: 'social-posts',
        label: 'Social media posts',
        target: 52,
        target_text: '52',
        measure: { kind: 'count', record: 'activity', where: { kind: 'social_post', status: 'Delivered' } },
      },
    ],
    ...overrides,
  });
}

/** Imports `plan` (default: socialPlan()) as the Tide-X project's current plan. */
export async function importSocialPlan(db: Db, plan: Plan = socialPlan()): Promise<Plan> {
  await importPlan(db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  return plan;
}

export { PROJECT };
