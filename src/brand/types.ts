/** The brand checker's shared types: the normalised document model, locations and diagnostics. */

export const SEVERITIES = ['error', 'warning', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONTEXTS = ['dissemination', 'patent', 'standard'] as const;
/** Which funding sentence a material needs: results disseminated, a patent application, a standard. */
export type LintContext = (typeof CONTEXTS)[number];

export const DOC_KINDS = ['docx', 'pptx', 'odt', 'pdf', 'html', 'md', 'txt', 'social', 'css', 'svg'] as const;
/** Graphics and style sheets: only their colours (and an SVG's words) are checked, not the material's text rules. */
export const PARTIAL_KINDS: ReadonlySet<DocKind> = new Set<DocKind>(['social', 'css', 'svg']);
export type DocKind = (typeof DOC_KINDS)[number];

/**
 * Where a finding is: the file and one of page (PDF), slide (+ shape name, PPTX), paragraph (DOCX, ODT) or
 * line:column (HTML, Markdown, text, social posts; 1-based, UTF-16 code units). `part` names a package part when the
 * finding is in one that has no page or paragraph (an Office theme).
 */
export interface Location {
  file: string;
  page?: number;
  slide?: number;
  shape?: string;
  paragraph?: number;
  line?: number;
  column?: number;
  part?: string;
}

/** A run of text and how to locate any offset in it. */
export interface TextBlock {
  text: string;
  at: (offset: number) => Location;
}

export interface ImageRef {
  /** Package path or `src` (file name is its last segment). */
  name: string;
  alt: string;
  /** SHA-256 hex of the image bytes when the document embeds them. */
  sha256?: string;
  location: Location;
}

export interface ColourUse {
  /** As written (`#5bc3df`, `rgb(0, 61, 88)`, `FF0000`). */
  written: string;
  rgb: [number, number, number];
  location: Location;
}

/** Every input, whatever its format, as the rules read it. */
export interface DocModel {
  file: string;
  kind: DocKind;
  blocks: TextBlock[];
  images: ImageRef[];
  colours: ColourUse[];
  /** A social post's network (`x`, `linkedin`, …). */
  network?: string;
}

export const RULE_IDS = [
  'brand/name-spelling',
  'brand/funding-acknowledgement',
  'brand/funding-disclaimer',
  'brand/emblem-missing',
  'brand/emblem-merged',
  'brand/colour-off-palette',
  'brand/social-hashtag',
  'brand/social-length',
  'brand/publication-grant',
  'brand/publication-open-access',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** A finding: its message and suggestion as i18n keys + parameters, rendered in the reader's language. */
export interface Diagnostic {
  ruleId: RuleId;
  severity: Severity;
  messageKey: string;
  suggestionKey: string;
  params: Record<string, string | number>;
  location: Location;
  /** What differs from a nearly right sentence, word by word (rendered in the reader's language). */
  diff?: WordDiff[];
  /** Parameters the plan gives in several languages (an asset's name): the reader's, else English (`params`). */
  localized?: Record<string, { en: string; ja?: string }>;
}

export type WordDiff =
  | { op: 'missing'; expected: string }
  | { op: 'extra'; found: string }
  | { op: 'changed'; expected: string; found: string };

/** A diagnostic as printed (text, JSON, SARIF, the future page): message and suggestion in one language. */
export interface RenderedDiagnostic {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  suggestion: string;
  location: Location;
}
