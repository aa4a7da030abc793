/**
 * `parseFileIsolated`: `parseFile` run in a worker thread, off the request's event loop, with a memory limit and a
 * time limit per step (opening the file, each batch), so no file can stall the server or grow it without bound. The
 * batches are pulled one at a time (the worker parses the next one while the host works on this one: two at most),
 * progress is forwarded, and the summary follows the worker's. A worker that runs out of time or memory, or stops, is ended and the parse fails with a 400 that
 * names the file.
 */
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorDetail } from '../errors';
import type { ParseFileRequest } from './parse-file';
import type { WorkerError, WorkerReply, WorkerRequest } from './parse-worker';
import type { CandidateRow, ImportFormat, ImportProgress, ImportSummary, ParsedFile } from './types';
import type { RecordType } from '../plan/schema';

export interface ParseLimits {
  /** Longest one step may take: opening the file (reference formats parse it whole then), or reading one batch. */
  stepMs?: number;
  /** The worker's heap limit (old generation), MB. */
  memoryMb?: number;
  /** The worker module (tests give one that misbehaves). */
  worker?: URL;
}

export const PARSE_LIMITS = { stepMs: 60_000, memoryMb: 1024 } as const;
/** A worker whose batches nobody asks for any more, or an idle warm one, is ended after this long. */
const IDLE_MS = 10 * 60_000;

/** The built worker (bin/build.mjs defines it: dist/parse-worker.mjs); absent when the sources run through tsx. */
declare const __HERALD_PARSE_WORKER__: string | undefined;
const WORKER =
  typeof __HERALD_PARSE_WORKER__ === 'string'
    ? new URL(__HERALD_PARSE_WORKER__)
    : new URL('./parse-worker.mjs', import.meta.url);

/** Reply types a step waits for (progress messages come in between). */
type StepReply = Exclude<WorkerReply, { type: 'progress' }>;

const refusal = (file: string, key: string, message: string, params: Record<string, string | number>) => {
  const detail: ErrorDetail = {
    path: file,
    file,
    message: `${file}: ${message}`,
    key,
    params: { file, ...params },
  };
  return new AppError({
    code: 'import_file_refused',
    status: 400,
    message: `${file}: ${message}`,
    messageKey: key,
    params: { file, ...params },
    details: [detail],
  });
};

function revive(error: WorkerError, file: string): AppError {
  if (error.app)
    return new AppError({
      code: error.code ?? 'import_file_refused',
      status: error.status === 400 || error.status === 413 || error.status === 422 ? error.status : 400,
      message: error.message,
      ...(error.messageKey !== undefined ? { messageKey: error.messageKey } : {}),
      ...(error.params !== undefined ? { params: error.params } : {}),
      ...(error.details !== undefined ? { details: error.details as ErrorDetail[] } : {}),
    });
  return refusal(file, 'import.parse.unreadable', `the file cannot be read: ${error.message}`, {
    error: error.message,
  });
}

/** A worker thread and what the parse using it waits for. */
interface Slot {
  worker: Worker;
  memoryMb: number;
  custom: boolean;
  reply?: (reply: StepReply) => void;
  progress?: ((progress: ImportProgress) => void) | undefined;
  failed?: (error: Error & { code?: string }) => void;
  /** While idle: the timer that ends it. */
  cool?: NodeJS.Timeout;
}

/**
 * The worker's young generation, MB (V8's default is about 48: three 16 MB semi-spaces, resident once used). Its
 * batches die young, so a small one costs a few more scavenges and keeps the server's resident memory lower during
 * a large import (bench: `--only memory`).
 */
const YOUNG_MB = 8;

/** Idle workers kept warm (loading the parsers takes seconds); at most MAX_IDLE. */
const idle: Slot[] = [];
const MAX_IDLE = 2;

function spawn(memoryMb: number, module?: URL): Slot {
  const worker = new Worker(module ?? WORKER, {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: YOUNG_MB },
  });
  const slot: Slot = { worker, memoryMb, custom: module !== undefined };
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'progress') slot.progress?.(reply.progress);
    else slot.reply?.(reply);
  });
  const gone = (error: Error & { code?: string }) => {
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    slot.failed?.(error);
  };
  worker.on('error', gone);
  worker.on('exit', (code) =>
    gone(Object.assign(new Error(`the reader exited (${code})`), { code: 'EXIT' })),
  );
  return slot;
}

function acquire(memoryMb: number, module?: URL): Slot {
  const at = module ? -1 : idle.findIndex((s) => s.memoryMb === memoryMb);
  const slot = at >= 0 ? idle.splice(at, 1)[0] : undefined;
  clearTimeout(slot?.cool);
  return slot ?? spawn(memoryMb, module);
}

/** A worker whose parse ended well goes back to the idle ones (unref'd: it keeps no process alive). */
function release(slot: Slot): void {
  slot.reply = undefined;
  slot.progress = undefined;
  slot.failed = undefined;
  if (slot.custom || idle.length >= MAX_IDLE) {
    void slot.worker.terminate();
    return;
  }
  slot.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
  slot.worker.unref();
  idle.push(slot);
  // A warm worker holds its parsers' memory: one left unused for a while is ended.
  slot.cool = setTimeout(() => {
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    void slot.worker.terminate();
  }, IDLE_MS).unref();
}

/** Opens a file for import in a worker thread: the same contract as `parseFile`. */
export async function parseFileIsolated(
  request: ParseFileRequest,
  limits: ParseLimits = {},
): Promise<ParsedFile> {
  const { stepMs = PARSE_LIMITS.stepMs, memoryMb = PARSE_LIMITS.memoryMb } = limits;
  const file = request.name ?? basename(request.path);
  const { onProgress, ...options } = request.options ?? {};
  const slot = acquire(memoryMb, limits.worker);
  slot.progress = onProgress;
  let state: 'busy' | 'released' | 'ended' = 'busy';
  let abandoned: NodeJS.Timeout | undefined;
  let fail: ((error: AppError) => void) | undefined;
  const stopped = () =>
    refusal(file, 'import.parse.stopped', 'the reader stopped before the end of the file', {});
  /** Ends the worker (timeout, out of memory, stopped, an error reply): it is never reused. */
  const end = () => {
    if (state === 'busy') {
      state = 'ended';
      clearTimeout(abandoned);
      void slot.worker.terminate();
    }
  };
  const done = () => {
    if (state === 'busy') {
      state = 'released';
      clearTimeout(abandoned);
      release(slot);
    }
  };
  slot.failed = (error) => {
    end();
    fail?.(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? refusal(file, 'import.parse.memory', `reading the file needs more than ${memoryMb} MB of memory`, {
            mb: memoryMb,
          })
        : error.code === 'EXIT'
          ? stopped()
          : refusal(file, 'import.parse.unreadable', `the file cannot be read: ${error.message}`, {
              error: error.message,
            }),
    );
  };
  const step = (message: WorkerRequest): Promise<StepReply> => {
    if (state !== 'busy') return Promise.reject(stopped());
    clearTimeout(abandoned);
    slot.worker.ref();
    return new Promise<StepReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        end();
        fail?.(
          refusal(file, 'import.parse.timeout', `reading the file took longer than ${stepMs / 1000} s`, {
            seconds: stepMs / 1000,
          }),
        );
      }, stepMs);
      fail = (error) => {
        fail = undefined;
        clearTimeout(timer);
        reject(error);
      };
      slot.reply = (reply) => {
        fail = undefined;
        clearTimeout(timer);
        // Between steps the worker keeps no process alive; a parse nobody reads on is ended.
        slot.worker.unref();
        abandoned = setTimeout(end, IDLE_MS).unref();
        if (reply.type === 'error') {
          // The file was refused: the worker itself is fine and the next file resets it.
          done();
          reject(revive(reply.error, file));
        } else resolve(reply);
      };
      slot.worker.postMessage(message);
    });
  };
  const opened = await step({ type: 'open', request: { ...request, options } });
  if (opened.type !== 'opened') {
    end();
    throw stopped();
  }
  const summary: ImportSummary = opened.summary;
  async function* batches(): AsyncGenerator<CandidateRow[]> {
    try {
      for (;;) {
        const reply = await step({ type: 'next' });
        if (reply.type === 'batch') {
          Object.assign(summary, reply.summary);
          yield reply.batch;
        } else {
          if (reply.type === 'done') Object.assign(summary, reply.summary);
          done();
          return;
        }
      }
    } finally {
      // Left early (the caller stopped reading): the worker may still hold the file.
      end();
    }
  }
  return {
    format: opened.format as ImportFormat,
    type: opened.recordType as RecordType,
    summary,
    batches: batches(),
  };
}
