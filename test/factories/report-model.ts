/**
 * A small but complete report model for renderer tests (DOCX, HTML, PDF): every section has rows, one KPI has a
 * comment, one chart is a real SVG. Renderers are tested on it without a database; the assembly is tested apart.
 */
import type { ReportModel } from '../../src/reports/model';

const ja = (lang: 'en' | 'ja', en: string, jaText: string) => (lang === 'ja' ? jaText : en);

const CHART_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="240" viewBox="0 0 480 240">' +
  '<rect width="480" height="240" fill="#ffffff"/>' +
  '<rect x="40" y="140" width="60" height="80" fill="#1f4e79"/>' +
  '<rect x="140" y="90" width="60" height="130" fill="#1f4e79"/>' +
  '<rect x="240" y="40" width="60" height="180" fill="#2e75b6"/>' +
  '<text x="40" y="30" font-family="sans-serif" font-size="16" fill="#222222">Followers</text>' +
  '</svg>';

/** A PNG of 1×1 pixel (the logo and emblems: the bytes only need to be an image). */
const PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function reportModelFixture(opts: { lang?: 'en' | 'ja' } = {}): ReportModel {
  const lang = opts.lang ?? 'en';
  return {
    lang,
    generatedAt: '2019-06-03T09:00:00.000Z',
    period: { scope: 'year:1', year: 1, from: '2018-06-01', to: '2019-05-31' },
    project: {
      id: 'acme',
      acronym: 'ACME',
      title: ja(lang, 'A Consortium for Measured Engagement', '測定された関与のためのコンソーシアム'),
      programme: 'H2020',
      grantNumber: '814917',
      start: '2018-06-01',
      end: '2021-05-31',
      website: 'https://acme.example.org',
    },
    identity: {
      palette: ['#1f4e79', '#2e75b6', '#f4b183'],
      logo: { fileName: 'logo.png', contentType: 'image/png', data: PIXEL_PNG, alt: 'ACME logo' },
      emblems: [{ fileName: 'eu.png', contentType: 'image/png', data: PIXEL_PNG, alt: 'EU emblem' }],
      acknowledgement:
        'This project has received funding from the European Union’s Horizon 2020 research and innovation programme under grant agreement No 814917.',
    },
    planVersion: 1,
    audit: { seq: 42, head: 'ab'.repeat(32) },
    proof: null,
    summary: {
      text: ja(lang, 'Year one built the community.', '1年目はコミュニティを築いた。'),
      counts: { activities: 3, events: 2, publications: 2, synergies: 1 },
    },
    kpis: [
      {
        id: 'publications',
        label: ja(lang, 'Scientific publications', '学術論文'),
        unit: null,
        target: 15,
        targetText: '15',
        comparator: '>=',
        value: 2,
        hasValue: true,
        status: 'behind',
        statusLabel: ja(lang, 'Behind', '遅れ'),
        forecast: 6,
        comment: ja(lang, 'Two papers are under review.', '2本の論文が査読中。'),
        parts: [{ id: 'joint', label: ja(lang, 'Joint EU–JP', '日欧共著'), value: 1, target: 5, met: false }],
      },
      {
        id: 'followers',
        label: ja(lang, 'Followers on X', 'X のフォロワー'),
        unit: ja(lang, 'followers', 'フォロワー'),
        target: 500,
        targetText: '500',
        comparator: '>=',
        value: 612,
        hasValue: true,
        status: 'achieved',
        statusLabel: ja(lang, 'Achieved', '達成'),
        forecast: null,
        comment: '',
        parts: [],
      },
    ],
    activities: {
      byType: [
        {
          type: 'press_release',
          label: ja(lang, 'Press release', 'プレスリリース'),
          count: 2,
          reached: 1200,
        },
        { type: 'video', label: ja(lang, 'Video', '動画'), count: 1, reached: null },
      ],
      items: [
        {
          id: '00000000-0000-4000-8000-000000000001',
          title: ja(lang, 'Launch press release', '開始のプレスリリース'),
          type: 'press_release',
          typeLabel: ja(lang, 'Press release', 'プレスリリース'),
          category: 'communication',
          startDate: '2018-07-02',
          endDate: null,
          status: 'Delivered',
          statusLabel: ja(lang, 'Delivered', '完了'),
          leadPartner: 'F6S',
          partners: ['KEIO'],
          reached: 1200,
          links: ['https://acme.example.org/news/launch'],
        },
      ],
    },
    events: [
      {
        id: '00000000-0000-4000-8000-000000000002',
        name: 'IoT Solutions World Congress',
        kindLabel: ja(lang, 'Trade fair', '見本市'),
        city: 'Barcelona',
        country: 'ES',
        countryLabel: ja(lang, 'Spain', 'スペイン'),
        startDate: '2018-10-16',
        endDate: '2018-10-18',
        partners: ['TST', 'KEIO'],
        roles: ['presentation'],
        participants: 16000,
        website: 'https://www.iotsworldcongress.com/',
        status: 'attended',
      },
    ],
    publications: [
      {
        id: '00000000-0000-4000-8000-000000000003',
        citation:
          'Tanaka, H., & García, M. (2019). Secure data markets for smart cities. Sensors, 19(4), 101–115. https://doi.org/10.3390/s19040101',
        type: 'journal_article',
        typeLabel: ja(lang, 'Journal article', '学術誌論文'),
        year: 2019,
        doi: '10.3390/s19040101',
        openAccess: 'gold',
        openAccessLabel: ja(lang, 'Gold', 'ゴールド'),
        repositoryUrl: 'https://zenodo.org/record/1234567',
        url: null,
        peerReviewed: true,
        jointEuJp: true,
      },
    ],
    synergies: [
      {
        id: '00000000-0000-4000-8000-000000000004',
        initiative: 'AIOTI WG 05',
        kindLabel: ja(lang, 'Standardisation', '標準化'),
        date: '2019-02-12',
        description: ja(
          lang,
          'Contribution to the smart-city working group',
          'スマートシティ作業部会への貢献',
        ),
        partners: ['CEA'],
      },
    ],
    metrics: [
      {
        channel: 'x',
        metric: 'followers',
        label: ja(lang, 'X followers', 'X フォロワー'),
        value: 612,
        at: '2019-05-31',
        startValue: 0,
      },
    ],
    charts: [
      {
        id: 'followers',
        title: ja(lang, 'Followers on X', 'X のフォロワー'),
        svg: CHART_SVG,
        width: 480,
        height: 240,
      },
    ],
    partners: [
      {
        code: 'F6S',
        name: 'F6S Network',
        responsibilities: [
          ja(lang, 'Develop content for the project website', 'プロジェクトサイトのコンテンツを作成'),
        ],
        counts: { activities: 2, events: 0, publications: 0, synergies: 0, metrics: 1 },
        total: 3,
      },
    ],
    timeline: [
      {
        id: 'flyer',
        label: ja(lang, 'Flyer', 'チラシ'),
        responsible: ['F6S'],
        plannedMonths: [2, 14],
        doneMonths: [2],
        state: 'done',
        stateLabel: ja(lang, 'Done', '完了'),
      },
    ],
    deviations: {
      text: ja(lang, 'Publications lag behind plan.', '論文数が計画より遅れている。'),
      items: [
        {
          id: '00000000-0000-4000-8000-000000000005',
          notedOn: '2019-04-01',
          kpi: 'publications',
          wp: 'WP5',
          description: ja(lang, 'Fewer papers than planned', '計画より論文が少ない'),
          correctiveAction: ja(lang, 'A writing retreat in month 13', '13か月目に執筆合宿'),
        },
      ],
    },
    recommendations: [
      {
        id: '00000000-0000-4000-8000-000000000006',
        review: ja(lang, 'First periodic review', '第1回定期レビュー'),
        receivedOn: '2019-03-15',
        text: ja(lang, 'Increase joint EU–JP publications.', '日欧共著論文を増やすこと。'),
        response: ja(lang, 'Joint writing sessions were scheduled.', '共同執筆の機会を設けた。'),
        actions: '',
        kpis: ['publications'],
        status: 'in_progress',
        statusLabel: ja(lang, 'In progress', '対応中'),
      },
    ],
    corrections: [],
  };
}
