/**
 * Publication types of the H2020 periodic report (to confirm against the template, like the rest of h2020.ts).
 * Horizon Europe's Portal fills publications from the DOI and the reference lists no types, so it uses these too.
 */
export const PUBLICATION_TYPE_LIST = [
  'Article in journal',
  'Publication in conference proceeding/workshop',
  'Books/Monographs',
  'Chapters in books',
  'Thesis/dissertation',
  'Other',
];

export const PUBLICATION_TYPE_LABELS = {
  journal_article: 'Article in journal',
  conference_paper: 'Publication in conference proceeding/workshop',
  book: 'Books/Monographs',
  book_chapter: 'Chapters in books',
  thesis: 'Thesis/dissertation',
  other: 'Other',
} as const;
