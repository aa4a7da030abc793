/**
 * Receives a multipart upload as a stream, straight to disk (busboy): every file is hashed (SHA-256) and counted as
 * its bytes pass, and never held in memory. The CSRF token must be known before the first byte of a file is
 * accepted (the request's header, or the `_csrf` field that precedes the files); whatever goes wrong — no token, the
 * upload limit, a full disk, a broken body — the receiver stops reading and the caller deletes what was written.
 */
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { AppError } from '../errors';

export const MIB = 1024 * 1024;
/** What the form's other fields may add to the files (all together): more is refused as too large. */
export const MAX_FIELD_BYTES = 10 * MIB;
/** How much of a refused body is still read (and dropped) so the browser can read the answer; then the connection ends. */
const DRAIN_BYTES = 64 * MIB;

export interface ReceivedFile {
  /** The name the browser sent, made safe (`safeFileName`): kept as text only. */
  name: string;
  /** Where it was written (`<dir>/<index>`). */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Received {
  /** The form's text fields (the last value of a repeated name; `_csrf` left out). */
  fields: Record<string, string>;
  /** Every non-empty file part, in the order sent. */
  files: ReceivedFile[];
}

export interface ReceiveOptions {
  body: ReadableStream<Uint8Array> | null;
  /** The request's `content-type` (with its boundary) and, when sent, `content-length`. */
  contentType: string;
  contentLength?: number;
  /** The folder the files are written into, numbered 0, 1, … (it must exist). */
  dir: string;
  /** The most all files together may hold. */
  maxBytes: number;
  maxFiles: number;
  /** True when the request's header carried the CSRF token (already checked); else `_csrf` must precede every file. */
  csrfVerified: boolean;
  /** Whether a `_csrf` field's value is this request's token. */
  checkCsrf: (token: string) => boolean;
  csrfField: string;
  /** The error a missing or wrong token raises (the app's one CSRF error). */
  csrfError: () => AppError;
  /** Opens a file for writing (tests pass a disk that fills up). */
  open?: (path: string) => Writable;
}

/** The upload limit was passed: names the limit (MB) and the file that passed it. */
export const uploadTooLarge = (maxBytes: number, file: string): AppError => {
  const max = Math.floor(maxBytes / MIB);
  return new AppError({
    code: 'payload_too_large',
    status: 413,
    message: `${file}: the upload is larger than ${max} MB, the most one import may upload; split it or ask the administrator to raise HERALD_MAX_UPLOAD_MB`,
    messageKey: 'import.error.tooLarge',
    params: { file, max },
  });
};

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The server's disk (or quota) ran out while writing `file`. */
export const uploadNoSpace = (file: string): AppError =>
  new AppError({
    code: 'upload_no_space',
    status: 507,
    message: `${file}: the server has no disk space left for this upload; try again later or tell the administrator`,
    messageKey: 'import.error.noSpace',
    params: { file },
  });

const malformed = (reason: string): AppError =>
  new AppError({
    code: 'bad_request',
    status: 400,
    message: `The upload could not be read: ${reason}`,
    messageKey: 'import.error.malformed',
    params: { reason },
  });

/**
 * A browser's file name as text: its last path segment, NFC, white space as one space, without control or format
 * (bidi) characters, at most 200 characters; `upload` when nothing is left. It never names anything on disk.
 */
export function safeFileName(raw: string): string {
  const last = raw.normalize('NFC').split(/[\\/]/).at(-1) ?? '';
  const clean = last
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  const name = [...clean].slice(0, 200).join('');
  return name === '' || name === '.' || name === '..' ? 'upload' : name;
}

/** Reads the multipart body of a request into `dir`; throws an AppError (403, 413, 507, 400) after stopping. */
export async function receiveUpload(opts: ReceiveOptions): Promise<Received> {
  const { maxBytes, dir } = opts;
  if (!opts.body) throw malformed('no body');
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': opts.contentType },
      defParamCharset: 'utf8',
      limits: { files: opts.maxFiles, fields: 100, fieldSize: MAX_FIELD_BYTES, parts: opts.maxFiles + 100 },
    });
  } catch (e) {
    throw malformed((e as Error).message);
  }
  const source = Readable.fromWeb(opts.body as WebReadable<Uint8Array>);
  const open = opts.open ?? ((path: string) => createWriteStream(path, { mode: 0o600 }));
  // More declared than the limit allows (with room for the other fields): refused at the first file, unread.
  const declaredTooLarge = (opts.contentLength ?? 0) > maxBytes + MAX_FIELD_BYTES;
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  const writes: Promise<void>[] = [];
  /** The file parts being written: ended with the failure when something else stops the upload. */
  const active = new Set<Readable>();
  let verified = opts.csrfVerified;
  let total = 0;
  let fieldBytes = 0;
  let failure: AppError | Error | undefined;

  return new Promise<Received>((resolve, reject) => {
    const settle = async () => {
      // Every file handle is closed before the caller deletes the folder.
      await Promise.allSettled(writes);
      if (failure) reject(failure);
      else if (!verified) reject(opts.csrfError());
      else resolve({ fields, files });
    };
    /** Stops at the first problem: no more parsing; the rest of the body is read and dropped (up to a bound). */
    const fail = (error: AppError | Error) => {
      if (failure) return;
      failure = error;
      source.unpipe(parser);
      for (const stream of active) stream.destroy(error);
      parser.removeAllListeners('file');
      parser.removeAllListeners('field');
      let dropped = 0;
      source.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > DRAIN_BYTES) source.destroy();
      });
      source.on('error', () => undefined);
      source.resume();
      void settle();
    };

    parser.on('field', (name, value, info) => {
      fieldBytes += name.length + value.length;
      if (info.valueTruncated || fieldBytes > MAX_FIELD_BYTES)
        return fail(malformed(`the form's fields are larger than ${MAX_FIELD_BYTES / MIB} MB`));
      if (name === opts.csrfField) {
        if (!opts.checkCsrf(value)) return fail(opts.csrfError());
        verified = true;
        return;
      }
      fields[name] = value;
    });

    parser.on('file', (_field, stream, info) => {
      const name = safeFileName(info.filename ?? '');
      // No token yet: not one byte of a file is accepted.
      if (!verified) {
        stream.resume();
        return fail(opts.csrfError());
      }
      // An empty file input sends a part without a file name: nothing to keep.
      if (!info.filename) {
        stream.resume();
        return;
      }
      if (declaredTooLarge) {
        stream.resume();
        return fail(uploadTooLarge(maxBytes, name));
      }
      const path = join(dir, String(files.length));
      const hash = createHash('sha256');
      const file: ReceivedFile = { name, path, bytes: 0, sha256: '' };
      files.push(file);
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          total += chunk.length;
          if (total > maxBytes) return done(uploadTooLarge(maxBytes, name));
          file.bytes += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      active.add(stream);
      writes.push(
        pipeline(stream, count, open(path))
          .finally(() => active.delete(stream))
          .then(
            () => {
              file.sha256 = hash.digest('hex');
            },
            (e: unknown) => {
              const code = (e as { code?: string }).code;
              fail(
                e instanceof AppError
                  ? e
                  : code && DISK_FULL.has(code)
                    ? uploadNoSpace(name)
                    : e instanceof Error
                      ? e
                      : new Error(String(e)),
              );
            },
          ),
      );
    });

    parser.on('filesLimit', () => fail(tooManyFiles(opts.maxFiles)));
    parser.on('fieldsLimit', () => fail(malformed('too many fields')));
    parser.on('partsLimit', () => fail(malformed('too many parts')));
    parser.on('error', (e: Error) => fail(malformed(e.message)));
    source.on('error', (e: Error) => fail(malformed(e.message)));
    parser.on('close', () => {
      if (!failure) void settle();
    });
    source.pipe(parser);
  });
}

/** More files than one import takes. */
export const tooManyFiles = (max: number): AppError =>
  new AppError({
    code: 'import_file_refused',
    status: 400,
    message: `Choose at most ${max} files at once (or put them in a .zip).`,
    messageKey: 'import.error.tooManyFiles',
    params: { max },
  });
