/** Tests' context for the metric adapters: a SourceEnv against a loopback fake, a small plan, a fixed day. */
import { makePlan } from '../../../test/factories/plan';
import { fixedClock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { sourceEnv } from '../env';
import { recordingSleep, type FakeService } from '../testing/fake-service';
import type { FetchContext } from '../types';

export const TODAY = '2026-12-02';

/** A fetch context for `settings`, every endpoint at the fake, waits recorded (returned as `waits`). */
export function fetchContext<S>(
  fake: FakeService,
  settings: S,
  o: { secret?: string; plan?: Plan } = {},
): FetchContext<S> & { waits: number[] } {
  const { sleep, waits } = recordingSleep();
  const clock = fixedClock(`${TODAY}T10:00:00Z`);
  const env = sourceEnv({
    clock,
    deps: {
      endpoints: { zenodo: fake.url, youtube: `${fake.url}/youtube/v3` },
      sleep,
      policy: { ratePerSecond: 0, maxAttempts: 2 },
    },
  });
  return {
    env,
    projectId: 'tide-x',
    plan: o.plan ?? makePlan(),
    settings,
    today: TODAY,
    waits,
    ...(o.secret !== undefined ? { secret: o.secret } : {}),
  };
}

/** The rows of a metrics CSV as `channel metric value` lines (the date checked to be today). */
export function csvRows(content: string | undefined): string[] {
  const lines = (content ?? '').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [date, channel, kind, metric, value, source] = line.split(',');
    if (date !== TODAY) throw new Error(`row dated ${date}`);
    return `${channel} ${kind} ${metric} ${value} ${source}`;
  });
}

/** A record as Zenodo's REST API answers it (https://developers.zenodo.org/, Records). */
export function zenodoRecord(id: number, views: number, downloads: number) {
  return {
    id,
    recid: String(id),
    doi: `10.5281/zenodo.${id}`,
    conceptdoi: `10.5281/zenodo.${id - 1}`,
    metadata: {
      title: `Deliverable ${id}`,
      publication_date: '2025-03-01',
      resource_type: { type: 'publication' },
    },
    stats: {
      views,
      downloads,
      unique_views: views - 1,
      unique_downloads: downloads - 1,
      version_views: views + 5,
      version_downloads: downloads + 2,
      version_unique_views: views + 3,
      version_unique_downloads: downloads + 1,
    },
    links: { self: `https://zenodo.org/api/records/${id}`, html: `https://zenodo.org/records/${id}` },
  };
}
