/** Plain text, Markdown and pasted social posts → one block located by line:column. */
import type { DocModel, ImageRef, TextBlock } from '../types';
import { cssColours } from './colour-parse';
import { lineMap } from '../text';

export function lineBlock(file: string, text: string): TextBlock {
  const lc = lineMap(text);
  return { text, at: (offset) => ({ file, ...lc(offset) }) };
}

export function readText(file: string, text: string): DocModel {
  return { file, kind: 'txt', blocks: [lineBlock(file, text)], images: [], colours: [] };
}

export function readSocialPost(file: string, text: string, network?: string): DocModel {
  return {
    file,
    kind: 'social',
    blocks: [lineBlock(file, text)],
    images: [],
    colours: [],
    ...(network ? { network } : {}),
  };
}

/** Markdown: the source as text (markup is punctuation to the rules) and its images `![alt](src)`, `<img>`. */
export function readMarkdown(file: string, text: string): DocModel {
  const block = lineBlock(file, text);
  const images: ImageRef[] = [];
  for (const m of text.matchAll(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    images.push({ name: m[2]!, alt: m[1]!, location: block.at(m.index) });
  for (const m of text.matchAll(/<img\b[^>]*>/gi)) {
    const attr = (n: string) => new RegExp(`\\b${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(m[0]);
    const src = attr('src');
    const alt = attr('alt');
    images.push({
      name: src?.[1] ?? src?.[2] ?? '',
      alt: alt?.[1] ?? alt?.[2] ?? '',
      location: block.at(m.index),
    });
  }
  return { file, kind: 'md', blocks: [block], images, colours: [] };
}

/** A style sheet: its colours at line:column (no text). */
export function readCss(file: string, text: string): DocModel {
  const lc = lineMap(text);
  const colours = cssColours(text).map((c) => ({
    written: c.written,
    rgb: c.rgb,
    location: { file, ...lc(c.index) },
  }));
  return { file, kind: 'css', blocks: [], images: [], colours };
}
