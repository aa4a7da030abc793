/**
 * A real SMTP server on loopback (`smtp-server`, port 0) for mail tests: keeps every message it accepted (envelope
 * and raw MIME), and can answer a recipient with an error code (`rejectRcpt`) to test retries and failures. Plus a
 * small MIME reader (headers, multipart parts, quoted-printable / base64, encoded words) for what it received.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** Called for each RCPT TO: a code (e.g. 451, 550) rejects the recipient with it; undefined accepts. */
  rejectRcpt: (address: string) => number | undefined;
  /** How many copies this address received. */
  countFor(address: string): number;
  /** The last message to this address, parsed. */
  lastFor(address: string): MimeEntity;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: '',
    received: [],
    rejectRcpt: () => undefined,
    countFor: (a) => state.received.filter((m) => m.to.includes(a)).length,
    lastFor: (a) => {
      const m = state.received.filter((r) => r.to.includes(a)).at(-1);
      if (!m) throw new Error(`no mail to ${a}`);
      return parseMime(m.raw);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS of 127.0.0.1 per connection: ~100 ms each on this machine.
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = state.rejectRcpt(address.address);
      if (code === undefined) return callback();
      callback(Object.assign(new Error(`test rejects ${address.address}`), { responseCode: code }));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?ignoreTLS=true`;
  return state;
}

export interface MimeEntity {
  /** Lower-cased names, unfolded values, encoded words decoded. */
  headers: Map<string, string>;
  /** The decoded body of a leaf part (text as UTF-8). */
  body: string;
  parts: MimeEntity[];
}

const decodeWords = (v: string): string =>
  v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
    );

function qp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const hex = src.slice(i + 1, i + 3);
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function parseMime(raw: string): MimeEntity {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rest = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = rest.split(`--${boundary}`).slice(1);
    const parts = sections
      .filter((s) => !s.startsWith('--'))
      .map((s) => parseMime(s.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
    return { headers, body: '', parts };
  }
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(rest.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qp(rest)
        : rest;
  return { headers, body, parts: [] };
}

/** Every leaf part, depth first. */
export const leaves = (e: MimeEntity): MimeEntity[] => (e.parts.length === 0 ? [e] : e.parts.flatMap(leaves));
