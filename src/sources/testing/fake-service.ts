/**
 * A loopback HTTP server that replays recorded answers of an outside service (tests only: no test touches the
 * internet). Routes match a method and a path (string or RegExp); each route answers its recordings in order and
 * repeats the last one; a handler may build the answer from the request (cursor pages, content negotiation). Every
 * request is kept, headers included, so tests can check the User-Agent, the credentials sent and what was asked.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recording {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: ReceivedRequest) => Recording | undefined;

interface Route {
  method: string;
  path: string | RegExp;
  answers: Recording[] | Handler;
  served: number;
}

export interface FakeService {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Adds a route (the latest added wins when several match). */
  on(method: string, path: string | RegExp, answers: Recording | Recording[] | Handler): FakeService;
  requests: ReceivedRequest[];
  /** Forgets routes and requests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeService(): Promise<FakeService> {
  let routes: Route[] = [];
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(u.pathname),
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const route = [...routes]
        .reverse()
        .find(
          (r) =>
            r.method === received.method &&
            (typeof r.path === 'string' ? r.path === received.path : r.path.test(received.path)),
        );
      let answer: Recording | undefined;
      if (route) {
        if (typeof route.answers === 'function') answer = route.answers(received);
        else answer = route.answers[Math.min(route.served, route.answers.length - 1)];
        route.served++;
      }
      answer ??= { status: 404, body: { status: 404, message: 'not found' } };
      const body =
        typeof answer.body === 'string'
          ? answer.body
          : answer.body === undefined
            ? ''
            : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, {
        'content-type': typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
        ...answer.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeService = {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, answers) {
      routes.push({
        method,
        path,
        answers: typeof answers === 'function' ? answers : Array.isArray(answers) ? answers : [answers],
        served: 0,
      });
      return fake;
    },
    reset() {
      routes = [];
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}

/** A `sleep` that records the waits asked for and returns at once (tests never wait for time). */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
