/**
 * Japanese labels of the funder vocabularies (H2020, Horizon Europe), as data beside them. Shown on Japanese
 * pages only: the stored and exported value stays the verbatim Portal string. A test checks that every string of
 * every vocabulary has its label here.
 */
export const VOCABULARY_LABELS_JA: Readonly<Record<string, string>> = {
  // Activity statuses (both programmes).
  Cancelled: '中止',
  Delivered: '実施済み',
  Ongoing: '実施中',
  Postponed: '延期',
  Other: 'その他',
  // Horizon Europe: activity types.
  'Clustering activities': 'クラスタリング活動',
  'Collaboration with EU-funded projects': 'EU 助成プロジェクトとの協力',
  Conferences: '会議',
  'Education and training events': '教育・研修イベント',
  Meetings: '会合',
  'Other scientific collaboration': 'その他の科学的協力',
  'Other scientific cooperation': 'その他の科学的連携',
  // Horizon Europe: audiences.
  'Industry, business partners': '産業界・ビジネスパートナー',
  Innovators: 'イノベーター',
  'EU institutions': 'EU 機関',
  'National authorities': '国の行政機関',
  'Regional authorities': '地域の行政機関',
  'Local authorities': '地方自治体',
  'Civil society': '市民社会',
  'Civil authorities': '行政当局',
  Citizens: '市民',
  'Research communities': '研究コミュニティ',
  'Specific end user communities': '特定のエンドユーザー・コミュニティ',
  'International organization': '国際機関',
  Investors: '投資家',
  // Horizon Europe: communication channels (H2020 reuses them).
  'Event (conference, meeting, workshop, internet debate, round table, group discussion, etc)':
    'イベント（会議、会合、ワークショップ、オンライン討論、円卓会議、グループ討議など）',
  Exhibition: '展示会',
  Interview: 'インタビュー',
  'Media article': 'メディア記事',
  Newsletter: 'ニュースレター',
  'Press release': 'プレスリリース',
  'Print materials (brochure, leaflet, posters, stickers, etc)':
    '印刷物（パンフレット、チラシ、ポスター、ステッカーなど）',
  'Social media': 'ソーシャルメディア',
  'TV/Radio campaign': 'テレビ・ラジオキャンペーン',
  Video: '動画',
  Website: 'ウェブサイト',
  // H2020: audiences.
  'Scientific Community (higher education, Research)': '科学コミュニティ（高等教育、研究）',
  Industry: '産業界',
  'Civil Society': '市民社会',
  'General Public': '一般市民',
  'Policy makers': '政策立案者',
  Media: 'メディア',
  Customers: '顧客',
  // H2020: activity types.
  'Organisation of a Conference': '会議の主催',
  'Organisation of Workshops': 'ワークショップの主催',
  'Non-scientific and non-peer-reviewed publication (popularised publication)':
    '非学術・査読なしの出版物（一般向け出版物）',
  Flyer: 'チラシ',
  Training: '研修',
  'Social Media': 'ソーシャルメディア',
  'Communication Campaign (e.g. Radio, TV)': '広報キャンペーン（ラジオ、テレビなど）',
  'Participation to a Conference': '会議への参加',
  'Participation to a Workshop': 'ワークショップへの参加',
  'Participation to an Event other than a Conference or a Workshop':
    '会議・ワークショップ以外のイベントへの参加',
  'Video/Film': '動画・映画',
  'Brokerage Event': 'ブローカレッジイベント',
  'Pitch Event': 'ピッチイベント',
  'Trade Fair': '見本市',
  'Participation in activities organized jointly with other H2020 projects':
    '他の H2020 プロジェクトとの共同活動への参加',
  // Publication types (both programmes).
  'Article in journal': '学術誌の論文',
  'Publication in conference proceeding/workshop': '会議・ワークショップ論文集の論文',
  'Books/Monographs': '書籍・モノグラフ',
  'Chapters in books': '書籍の章',
  'Thesis/dissertation': '学位論文',
};

/** The label of a verbatim vocabulary string in `lang`: Japanese from the map, the string itself otherwise. */
export function vocabularyLabel(lang: 'en' | 'ja', value: string): string {
  return lang === 'ja' ? (VOCABULARY_LABELS_JA[value] ?? value) : value;
}
