/**
 * The report model: everything a Dissemination Activities Report shows, assembled once from the database (in the
 * report's language: labels already translated, dates as ISO strings) and rendered by each format (DOCX, HTML, PDF)
 * without further queries. Sections follow the seed's order.
 */
import type { Lang } from '../i18n';

export const REPORT_FORMATS = ['docx', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** What is reported on: a project year, or a date range (both ends inclusive, YYYY-MM-DD). */
export interface ReportPeriod {
  /** `year:<n>` or `range:<from>..<to>`: the key of the report's texts and of its submissions. */
  scope: string;
  year: number | null;
  from: string;
  to: string;
}

export interface ReportImage {
  fileName: string;
  contentType: string;
  /** Base64 of the file's bytes. */
  data: string;
  alt: string;
}

export interface ReportChart {
  id: string;
  title: string;
  /** The echarts SVG (server-side rendered), the same for every format; DOCX rasterises it to PNG. */
  svg: string;
  width: number;
  height: number;
}

export interface ReportKpiRow {
  id: string;
  label: string;
  unit: string | null;
  target: number;
  targetText: string;
  comparator: '>=' | '>';
  value: number;
  /** False for a manual KPI without a value yet. */
  hasValue: boolean;
  /** achieved | on_track | at_risk | behind | null (not assessable); label in the report's language. */
  status: string | null;
  statusLabel: string;
  forecast: number | null;
  /** The coordinator's comment for this report (report_texts `kpi:<code>`), '' when none. */
  comment: string;
  parts: Array<{ id: string; label: string; value: number; target: number; met: boolean }>;
}

export interface ReportActivityType {
  type: string;
  label: string;
  count: number;
  /** Sum of persons reached (null when no record gives it). */
  reached: number | null;
}

export interface ReportActivity {
  id: string;
  title: string;
  type: string;
  typeLabel: string;
  category: string;
  startDate: string;
  endDate: string | null;
  status: string;
  statusLabel: string;
  leadPartner: string;
  partners: string[];
  reached: number | null;
  links: string[];
}

/** Table 4: name, city and country, date, partners attending, website (+ kind, roles, participants). */
export interface ReportEvent {
  id: string;
  name: string;
  kindLabel: string;
  city: string;
  country: string;
  countryLabel: string;
  startDate: string;
  endDate: string | null;
  partners: string[];
  roles: string[];
  participants: number | null;
  website: string | null;
  status: string;
}

export interface ReportPublication {
  id: string;
  /** The formatted reference in the report's CSL style (citation-js), plain text. */
  citation: string;
  type: string;
  typeLabel: string;
  year: number;
  doi: string | null;
  openAccess: string;
  openAccessLabel: string;
  repositoryUrl: string | null;
  url: string | null;
  peerReviewed: boolean;
  jointEuJp: boolean;
}

/** Table 5: initiative or standardisation body, description, partners involved, date, kind. */
export interface ReportSynergy {
  id: string;
  initiative: string;
  kindLabel: string;
  date: string;
  description: string | null;
  partners: string[];
}

export interface ReportMetric {
  channel: string;
  metric: string;
  label: string;
  /** The latest value on or before the period's end, and its date; the value at the period's start when known. */
  value: number;
  at: string;
  startValue: number | null;
}

/** §5.1: a partner's responsibilities against what it did in the period. */
export interface ReportPartner {
  code: string;
  name: string;
  responsibilities: string[];
  counts: { activities: number; events: number; publications: number; synergies: number; metrics: number };
  total: number;
}

/** Figure 10: planned against done. */
export interface ReportTimelineItem {
  id: string;
  label: string;
  responsible: string[];
  /** Planned project months. */
  plannedMonths: number[];
  /** Months with a record linked to this item (by `timeline_item`) inside the period or before it. */
  doneMonths: number[];
  state: 'done' | 'in_progress' | 'late' | 'planned';
  stateLabel: string;
}

export interface ReportDeviation {
  id: string;
  notedOn: string;
  kpi: string | null;
  wp: string | null;
  description: string;
  correctiveAction: string;
}

export interface ReportRecommendation {
  id: string;
  review: string;
  receivedOn: string | null;
  text: string;
  response: string;
  actions: string;
  kpis: string[];
  status: string;
  statusLabel: string;
}

export interface ReportCorrection {
  kind: string;
  originalId: string;
  correctionId: string;
  reason: string;
  createdAt: string;
}

export interface ReportModel {
  lang: Lang;
  /** ISO time the model was assembled (the injected clock). */
  generatedAt: string;
  period: ReportPeriod;
  project: {
    id: string;
    acronym: string;
    title: string;
    programme: string;
    grantNumber: string | null;
    start: string;
    end: string;
    website: string | null;
  };
  identity: {
    /** Hex colours of the plan's palette (first = primary); a neutral default when the plan has none. */
    palette: string[];
    logo: ReportImage | null;
    emblems: ReportImage[];
    acknowledgement: string;
  };
  planVersion: number;
  audit: { seq: number; head: string | null };
  /** Set on a submitted report: printed on the cover and at the end. */
  proof: { merkleRoot: string; keyFingerprint: string; submittedAt: string } | null;
  summary: {
    /** The coordinator's summary text ('' when none). */
    text: string;
    counts: { activities: number; events: number; publications: number; synergies: number };
  };
  kpis: ReportKpiRow[];
  activities: { byType: ReportActivityType[]; items: ReportActivity[] };
  events: ReportEvent[];
  publications: ReportPublication[];
  synergies: ReportSynergy[];
  metrics: ReportMetric[];
  charts: ReportChart[];
  partners: ReportPartner[];
  timeline: ReportTimelineItem[];
  deviations: { text: string; items: ReportDeviation[] };
  recommendations: ReportRecommendation[];
  corrections: ReportCorrection[];
}

/** A rendered report file. */
export interface RenderedReport {
  format: ReportFormat;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}
