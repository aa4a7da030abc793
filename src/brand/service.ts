/**
 * The brand checker's use cases for the page and the API: check an uploaded file or a pasted text against the
 * project's current plan (`record.read`: every member, partner editors and read tokens). The plan's asset files are
 * read from the folder the CLI uses (`HERALD_DATA_DIR/assets`), so emblems are recognised by their SHA-256 alike.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/permissions';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { loadPlanOrThrow } from '../kpi/service';
import type { Plan } from '../plan/schema';
import { createLinter, type FileResult } from './check';
import { INPUT_LIMITS } from './inputs';
import { isNetwork, NETWORKS } from './reference/networks';
import { counts } from './render';
import { CONTEXTS, type LintContext } from './types';

/** What a pasted text is: plain text, a social post (of a network) or a publication. */
export const PASTE_KINDS = ['text', 'social', 'publication'] as const;
export type PasteKind = (typeof PASTE_KINDS)[number];

/** The most a pasted text may hold (characters). */
export const MAX_PASTE_CHARS = 200_000;
/** The most an uploaded file may hold (the request's body limit is a little more). */
export const MAX_CHECK_BYTES = 20 * 1024 * 1024;

/** The checker's options a form or JSON body gives: the kind of text, its network, the funding context. */
export const checkOptionsSchema = z.object({
  kind: z.enum(PASTE_KINDS).default('text'),
  network: z
    .string()
    .max(40)
    .refine(isNetwork, { message: `expected one of ${Object.keys(NETWORKS).join(', ')}` })
    .optional(),
  context: z.enum(CONTEXTS).default('dissemination'),
});
export type CheckOptions = z.infer<typeof checkOptionsSchema>;

/** The pasted text and its options (the API's JSON body; the page's paste form). */
export const pasteSchema = checkOptionsSchema.extend({
  text: z.string().min(1).max(MAX_PASTE_CHARS),
});

/** The folder of the plan's asset files (emblems recognised by SHA-256): the CLI's `HERALD_DATA_DIR/assets`. */
export const brandAssetsDir = (): string => join(loadConfig().HERALD_DATA_DIR, 'assets');

/** One check's result, with what the evidence summary needs. */
export interface CheckOutcome {
  result: FileResult;
  /** SHA-256 of the checked bytes. */
  sha256: string;
  size: number;
  context: LintContext;
  errors: number;
  warnings: number;
  notes: number;
}

export interface CheckMaterialOptions {
  actor: Actor;
  projectId: string;
  /** The file's name as uploaded (or `pasted.txt`). */
  fileName: string;
  bytes: Uint8Array;
  options: CheckOptions;
  /** Default: brandAssetsDir(). */
  assetsDir?: string;
  /** A plan already loaded (the job passes none). */
  plan?: Plan;
}

const tooLarge = (file: string) =>
  new AppError({
    code: 'payload_too_large',
    status: 413,
    message: `${file}: the file is larger than ${MAX_CHECK_BYTES / 1024 / 1024} MB`,
    messageKey: 'brand.page.tooLarge',
    params: { file, max: MAX_CHECK_BYTES / 1024 / 1024 },
    details: [{ path: 'file', message: `larger than ${MAX_CHECK_BYTES} bytes` }],
  });

/** Checks one file or text; a file the checker cannot read → its BrandInputError (422, naming the file). */
export async function checkMaterial(db: Db, opts: CheckMaterialOptions): Promise<CheckOutcome> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  if (opts.bytes.length > Math.max(MAX_CHECK_BYTES, INPUT_LIMITS.textBytes)) throw tooLarge(opts.fileName);
  const plan = opts.plan ?? (await loadPlanOrThrow(db, opts.projectId)).plan;
  const { kind, network, context } = opts.options;
  const lint = await createLinter({
    plan,
    context,
    publication: kind === 'publication',
    assetsDir: opts.assetsDir ?? brandAssetsDir(),
  });
  const result = await lint({
    file: opts.fileName,
    bytes: opts.bytes,
    ...(kind === 'social' ? { social: { network } } : {}),
  });
  if (result.error) throw result.error;
  return {
    result,
    sha256: createHash('sha256').update(opts.bytes).digest('hex'),
    size: opts.bytes.length,
    context,
    ...counts([result]),
  };
}

/** A pasted text as bytes, with the name its findings carry. */
export const pastedFile = (text: string, kind: PasteKind): { fileName: string; bytes: Uint8Array } => ({
  fileName: kind === 'social' ? 'post.txt' : 'pasted.txt',
  bytes: new TextEncoder().encode(text),
});
