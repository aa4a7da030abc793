/** The worker thread that parses one import file at a time for `parseFileIsolated` (src/importers/parse-isolated.ts). */
import { parentPort } from 'node:worker_threads';
import { isAppError, type ErrorCode } from '../errors';
import { parseFile, type ParseFileRequest } from './parse-file';
import type { CandidateRow, ImportProgress, ImportSummary } from './types';

/** What the host asks. */
export type WorkerRequest =
  { type: 'open'; request: ParseFileRequest } | { type: 'next' } | { type: 'close' };

/** An error as it crosses the thread boundary (an AppError keeps its code, status, key and details). */
export interface WorkerError {
  app: boolean;
  code?: ErrorCode;
  status?: number;
  message: string;
  messageKey?: string;
  params?: Record<string, string | number>;
  details?: unknown[];
}

/** What the worker answers. */
export type WorkerReply =
  | { type: 'opened'; format: string; recordType: string; summary: ImportSummary }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'batch'; batch: CandidateRow[]; summary: ImportSummary }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; error: WorkerError };

const port = parentPort;
let batches: AsyncIterator<CandidateRow[]> | undefined;
let summary: ImportSummary | undefined;
/**
 * The batch read ahead: while the host validates and writes one batch, the next is parsed (one at most, so memory
 * stays at two batches). Its failure is kept for the `next` that asks for it.
 */
let ahead: Promise<IteratorResult<CandidateRow[]>> | undefined;

/** Starts reading the next batch; a rejection is held (not unhandled) until a `next` awaits it. */
function readAhead(): void {
  if (!batches) return;
  const read = batches.next();
  read.catch(() => undefined);
  ahead = read;
}

/** Ends the open file: waits for the read in flight, then closes the parser. */
async function closeFile(): Promise<void> {
  const read = ahead;
  ahead = undefined;
  await read?.catch(() => undefined);
  await batches?.return?.();
}

const post = (reply: WorkerReply) => port?.postMessage(reply);

function serialise(error: unknown): WorkerError {
  if (isAppError(error))
    return {
      app: true,
      code: error.code,
      status: error.status,
      message: error.message,
      messageKey: error.messageKey,
      params: error.params,
      details: error.details,
    };
  return { app: false, message: error instanceof Error ? error.message : String(error) };
}

async function answer(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'open': {
      await closeFile();
      const parsed = await parseFile({
        ...request.request,
        options: {
          ...request.request.options,
          onProgress: (progress) => post({ type: 'progress', progress }),
        },
      });
      batches = parsed.batches[Symbol.asyncIterator]();
      summary = parsed.summary;
      post({ type: 'opened', format: parsed.format, recordType: parsed.type, summary });
      return;
    }
    case 'next': {
      if (!batches || !summary) throw new Error('no file is open');
      const read = ahead ?? batches.next();
      ahead = undefined;
      const next = await read;
      // The summary as it stands when this batch was read (the batch read ahead may update it meanwhile).
      const reply: WorkerReply = next.done
        ? { type: 'done', summary }
        : { type: 'batch', batch: next.value, summary };
      post(reply);
      if (!next.done) readAhead();
      return;
    }
    case 'close':
      await closeFile();
      batches = undefined;
      summary = undefined;
  }
}

// One request at a time, in order (a `close` finishes before the next file opens).
let queue = Promise.resolve();
port?.on('message', (request: WorkerRequest) => {
  queue = queue.then(() =>
    answer(request).catch((error: unknown) => post({ type: 'error', error: serialise(error) })),
  );
});
