/**
 * A multipart/form-data request body as a stream (what a browser sends for a form with files), built part by part:
 * text fields, and files whose bytes come from memory or from an async source (a file on disk), never joined.
 */
import { createReadStream } from 'node:fs';

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; data: Uint8Array | string }
  | { name: string; filename: string; path: string };

export interface MultipartBody {
  body: ReadableStream<Uint8Array>;
  contentType: string;
}

const encoder = new TextEncoder();

async function* chunksOf(parts: readonly Part[], boundary: string): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if ('value' in part) {
      yield encoder.encode(
        `--${boundary}\r\ncontent-disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`,
      );
      continue;
    }
    yield encoder.encode(
      `--${boundary}\r\ncontent-disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
        'content-type: application/octet-stream\r\n\r\n',
    );
    if ('path' in part) for await (const chunk of createReadStream(part.path)) yield chunk as Buffer;
    else yield typeof part.data === 'string' ? encoder.encode(part.data) : part.data;
    yield encoder.encode('\r\n');
  }
  yield encoder.encode(`--${boundary}--\r\n`);
}

/**
 * The body of `parts`; `onPull(sent)` runs each time the reader asks for more, with the bytes handed over so far
 * (a test checks there what the server has done with them).
 */
export function multipartBody(
  parts: readonly Part[],
  opts: { onPull?: (sent: number) => void | Promise<void> } = {},
): MultipartBody {
  const boundary = `----herald-test-${Math.random().toString(36).slice(2)}`;
  const source = chunksOf(parts, boundary);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await opts.onPull?.(sent);
        const next = await source.next();
        if (next.done) controller.close();
        else {
          sent += next.value.byteLength;
          controller.enqueue(next.value);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
