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
      await batches?.return?.();
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
      const next = await batches.next();
      post(next.done ? { type: 'done', summary } : { type: 'batch', batch: next.value, summary });
      return;
    }
    case 'close':
      await batches?.return?.();
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
