/**
 * News posts for the site's tests, made through the use cases as the system: a published post with an image and
 * both languages, one in English only (the Japanese fallback), one whose Markdown carries a <script> and an
 * `onerror` attribute, a draft and a post published for a later day (neither public yet).
 */
import { systemActor } from '../src/auth/permissions';
import type { Db } from '../src/db/client';
import { createNews, decideNews } from '../src/site/news/service';
import { tinyPng } from './records';

const system = systemActor('site-news-test');

export const HOSTILE_BODY =
  'Our pilot **started**.\n\n<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n[Pilot page](https://pilot.example.org/)';

export async function seedNews(db: Db, o: { projectId: string; filesDir: string }) {
  const make = async (input: Record<string, string>, opts: { publish: boolean; image?: boolean }) => {
    const row = await createNews(db, {
      actor: system,
      projectId: o.projectId,
      input,
      image: opts.image ? { bytes: tinyPng(8) } : undefined,
      filesDir: o.filesDir,
    });
    if (!opts.publish) return row;
    return decideNews(db, {
      actor: system,
      projectId: o.projectId,
      id: row.id,
      version: row.version,
      decision: 'publish',
    });
  };
  const launch = await make(
    {
      slug: 'pilot-launch',
      title_en: 'Pilot launched in Santander',
      title_ja: 'サンタンデールでパイロット開始',
      summary_en: 'The first pilot of the project has started.',
      summary_ja: 'プロジェクト最初のパイロットが始まりました。',
      body_en: HOSTILE_BODY,
      body_ja: 'パイロットが**始まりました**。',
      publish_on: '2019-05-20',
      image_alt_en: 'Sensors on a street lamp',
      image_alt_ja: '街灯のセンサー',
    },
    { publish: true, image: true },
  );
  const englishOnly = await make(
    {
      slug: 'workshop-report',
      title_en: 'Workshop report',
      summary_en: 'What we learned at the workshop.',
      body_en: 'Three lessons from the **workshop**.',
      publish_on: '2019-04-02',
    },
    { publish: true },
  );
  const draft = await make(
    {
      slug: 'draft-post',
      title_en: 'Unfinished draft',
      summary_en: 'Not for the public yet.',
      body_en: 'Draft.',
      publish_on: '2019-03-01',
    },
    { publish: false },
  );
  const later = await make(
    {
      slug: 'coming-soon',
      title_en: 'Announced for July',
      summary_en: 'Published on a later day.',
      body_en: 'Later.',
      publish_on: '2019-07-01',
    },
    { publish: true },
  );
  return { launch, englishOnly, draft, later };
}
