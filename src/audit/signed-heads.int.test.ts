import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { cutTail, inRollback, rehashFrom } from '../../test/audit-tamper';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { systemActor } from '../auth/permissions';
import { enqueue, getJob } from '../jobs/queue';
import { createRunner } from '../jobs/runner';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { runAuditHead, runAuditSign, runAuditVerify } from '../cli/audit';
import { openDatabase, type Db } from '../db/client';
import { auditEntries, auditHeads, auditSignedHeads, instanceKeys } from '../db/schema';
import { appendAudit, verifyChain } from './chain';
import { signHeadsJob, signHeadsSchedule } from './jobs';
import { verifyProjectChain } from './service';
import { latestSignedHeads, signedHeadsDocument, signedPayload, type SignedHead } from './signed-heads';
import { parseSignedHeads, verifyAll } from './verify';

let t: AuthTestApp;
let dir: string;
let keyFile: string;
const system = systemActor('test');
const clock = { now: new Date('2026-03-01T10:00:00.000Z') };
const now = () => clock.now;

const append = (n: number) =>
  (async () => {
    for (let i = 0; i < n; i++)
      await t.db.transaction((tx) =>
        appendAudit(tx, {
          projectId: PROJECT,
          actor: system,
          action: 'record.update',
          entityType: 'note',
          entityId: `n${i}`,
          after: { text: `note ${i}` },
        }),
      );
  })();

const headOf = async (db: Db) =>
  (await db.select().from(auditHeads).where(eq(auditHeads.chain, PROJECT)))[0]!;
const lines = () => {
  const out: string[] = [];
  return { out, io: { out: (l: string) => out.push(`out ${l}`), err: (l: string) => out.push(`err ${l}`) } };
};

/** Runs one `audit.sign-heads` job (as the schedule would) at the clock's time; returns what it signed. */
let runs = 0;
async function runSignHeads(): Promise<{ signed: string[]; refused: string[] }> {
  const jobClock = fixedClock(clock.now);
  const { id } = await enqueue(t.db, {
    job: signHeadsJob,
    payload: {},
    idempotencyKey: `test-${++runs}`,
    createdBy: 'system',
    clock: jobClock,
  });
  const runner = createRunner({
    db: t.db,
    clock: jobClock,
    log: createLogger('silent'),
    deps: { keyFile },
    jobs: [signHeadsJob],
    schedules: [],
  });
  expect(await runner.runUntilIdle()).toBe(1);
  const job = await getJob(t.db, id);
  expect(job?.state).toBe('succeeded');
  return job?.result as { signed: string[]; refused: string[] };
}

beforeAll(async () => {
  t = await createAuthTestApp();
  dir = mkdtempSync(join(tmpdir(), 'herald-keys-'));
  keyFile = join(dir, 'keys', 'instance-ed25519.pem');
  await append(4); // the plan import is entry 1: entries 1–5
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The chain the tests after the first read: entries 1–10 with heads signed at 5 (10:00) and 8 (11:00), and with
 * `ten` one at 10 too. Every such test seeds it; whatever an earlier test already built is kept as it is.
 */
async function seedSignedChain(opts: { ten?: boolean } = {}): Promise<void> {
  const signedSeqs = async () =>
    (
      await t.db
        .select({ seq: auditSignedHeads.seq })
        .from(auditSignedHeads)
        .where(eq(auditSignedHeads.chain, PROJECT))
    ).map((r) => r.seq);
  for (const [seq, at] of [
    [5, '2026-03-01T10:00:00.000Z'],
    [8, '2026-03-01T11:00:00.000Z'],
  ] as const) {
    if ((await signedSeqs()).includes(seq)) continue;
    const head = (await headOf(t.db)).seq;
    if (head > seq)
      throw new Error(`seedSignedChain: the chain is past entry ${seq}, which was never signed`);
    await append(seq - head);
    clock.now = new Date(at);
    expect(await runSignHeads()).toEqual({ signed: [PROJECT], refused: [] });
  }
  clock.now = new Date('2026-03-01T11:00:00.000Z');
  const head = (await headOf(t.db)).seq;
  if (head < 10) await append(10 - head);
  if (opts.ten && !(await signedSeqs()).includes(10)) await runSignHeads();
}

describe('signed audit heads', () => {
  it('the hourly audit.sign-heads job creates the key (0600, registered), signs moved heads only', async () => {
    expect(signHeadsSchedule).toMatchObject({ cron: '0 * * * *', scope: 'instance', job: signHeadsJob });
    expect(await runSignHeads()).toEqual({ signed: [PROJECT], refused: [] });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pub = createPublicKey(readFileSync(keyFile, 'utf8'));
    const keyId = createHash('sha256')
      .update(pub.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16);
    const keys = await t.db.select().from(instanceKeys);
    expect(keys.map((k) => [k.id, k.algorithm])).toEqual([[keyId, 'ed25519']]);
    const [signed] = await latestSignedHeads(t.db, [PROJECT]);
    expect(signed).toMatchObject({ chain: PROJECT, seq: 5, keyId, signedAt: clock.now.toISOString() });
    expect(signed?.hash).toBe((await headOf(t.db)).hash);

    // Nothing moved: the next run signs nothing new.
    expect(await runSignHeads()).toEqual({ signed: [], refused: [] });
    expect(await t.db.$count(auditSignedHeads)).toBe(1);

    await append(3); // entries 6–8
    clock.now = new Date('2026-03-01T11:00:00.000Z');
    expect(await runSignHeads()).toEqual({ signed: [PROJECT], refused: [] });
    expect((await latestSignedHeads(t.db, [PROJECT]))[0]).toMatchObject({
      seq: 8,
      signedAt: '2026-03-01T11:00:00.000Z',
    });
    expect(await t.db.$count(auditSignedHeads)).toBe(2);
  });

  it('a chain re-hashed after an entry changed passes the plain check but fails against the signed heads', async () => {
    await seedSignedChain(); // entries 9–10 not signed yet
    const stored = await inRollback(t.database, async (tx) => {
      await rehashFrom(tx, PROJECT, 3, { after: { text: 'quietly changed' } });
      const plain = await verifyChain(tx, PROJECT);
      const [report] = await verifyAll(tx, { chains: [PROJECT] });
      const page = await verifyProjectChain(tx, { actor: system, projectId: PROJECT });
      return { plain, report, page };
    });
    expect(stored.plain).toMatchObject({ ok: true, count: 10 });
    // The page's "Verify the chain" says so too.
    expect(stored.page).toMatchObject({ ok: true, signedProblems: 1 });
    // The first signed head the chain no longer matches is named, once.
    expect(stored.report?.problems).toEqual([
      expect.stringMatching(
        /^signed head 5 of 2026-03-01T10:00:00\.000Z: entry 5 has hash [0-9a-f]{12}…, not the signed [0-9a-f]{12}…: the history was rewritten at or before entry 5$/,
      ),
    ]);

    // Rewritten after entry 6: the first signed head still matches, which bounds the rewrite.
    const later = await inRollback(t.database, async (tx) => {
      await rehashFrom(tx, PROJECT, 7, { after: { text: 'x' } });
      return (await verifyAll(tx, { chains: [PROJECT] }))[0]?.problems;
    });
    expect(later).toEqual([
      expect.stringMatching(
        /^signed head 8 .*: the history was rewritten at or before entry 8 after entry 5 \(the last signed head that matches\)$/,
      ),
    ]);
  });

  it('outsiders’ copies catch a rewrite even when the stored signed heads are gone too (--against FILE)', async () => {
    await seedSignedChain();
    const { out, io } = lines();
    expect(await runAuditHead(t.db, { signed: true, keyFile, now }, io)).toBe(0);
    const printed = out.map((l) => l.replace(/^out /, '')).join('\n');
    const doc = JSON.parse(printed) as { keys: { keyId: string; publicKey: string }[]; heads: SignedHead[] };
    expect(doc.heads).toEqual([expect.objectContaining({ chain: PROJECT, seq: 10 })]);
    expect(doc.keys[0]?.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const file = join(dir, 'heads.json');
    writeFileSync(file, printed);

    const result = await inRollback(t.database, async (tx) => {
      await cutTail(tx, PROJECT, 9);
      await rehashFrom(tx, PROJECT, 2, { actorId: 'cli:mallory' });
      await tx.delete(auditSignedHeads);
      const plain = lines();
      const plainCode = await runAuditVerify(tx, { project: PROJECT }, plain.io);
      const against = lines();
      const againstCode = await runAuditVerify(tx, { project: PROJECT, against: [file] }, against.io);
      return { plainCode, plain: plain.out, againstCode, against: against.out };
    });
    expect(result.plainCode).toBe(0);
    expect(result.againstCode).toBe(1);
    expect(result.against).toEqual([
      `err chain ${PROJECT}: signed head 10 of ${clock.now.toISOString()} (from ${file}): entry 10 is missing, the chain ends at entry 9: entries were removed or the history rewritten`,
    ]);
    // An intact chain matches the copy.
    const ok = lines();
    expect(await runAuditVerify(t.db, { project: PROJECT, against: [file] }, ok.io)).toBe(0);
    expect(ok.out).toEqual([
      expect.stringMatching(
        /^out chain tide-x: 10 entries intact, head 10 [0-9a-f]{64}; 3 signed heads match, 1 given heads match$/,
      ),
    ]);
  });

  it('forged signatures and foreign keys are named; a malformed copy is refused with its file name', async () => {
    await seedSignedChain({ ten: true });
    const [latest] = await latestSignedHeads(t.db, [PROJECT]);
    const problems = await inRollback(t.database, async (tx) => {
      await tx
        .update(auditSignedHeads)
        .set({ signature: Buffer.alloc(64).toString('base64url') })
        .where(and(eq(auditSignedHeads.chain, PROJECT), eq(auditSignedHeads.seq, latest!.seq)));
      return (await verifyAll(tx, { chains: [PROJECT] }))[0]?.problems;
    });
    expect(problems).toEqual([`signed head 10 of ${latest!.signedAt}: its signature is not valid`]);

    // A copy signed by a key this instance never had (someone re-signing a rewritten chain).
    const other = generateKeyPairSync('ed25519');
    const { sign } = await import('node:crypto');
    const unsigned = { ...latest!, keyId: 'ffffffffffffffff' };
    const forged = {
      ...unsigned,
      signature: sign(null, Buffer.from(signedPayload(unsigned)), other.privateKey).toString('base64url'),
    };
    const given = parseSignedHeads(
      JSON.stringify({
        keys: [{ publicKey: other.publicKey.export({ type: 'spki', format: 'pem' }) }],
        heads: [forged],
      }),
      'forged.json',
    );
    const [r] = await verifyAll(t.db, { chains: [PROJECT], given: [given] });
    expect(r?.problems).toEqual([
      `signed head 10 of ${latest!.signedAt} (from forged.json): its key ffffffffffffffff is unknown`,
    ]);
    expect(() => parseSignedHeads('{"heads": [{"chain": "x"}]}', 'bad.json')).toThrow(
      /^bad\.json: not signed audit heads: heads\.0\.seq/,
    );
    expect(() => parseSignedHeads('{', 'bad.json')).toThrow(/^bad\.json: not JSON/);
  });

  it('a project whose whole chain was deleted is an error of a plain verify (said once)', async () => {
    const result = await inRollback(t.database, async (tx) => {
      await tx.delete(auditEntries).where(eq(auditEntries.chain, PROJECT));
      await tx.delete(auditHeads).where(eq(auditHeads.chain, PROJECT));
      const l = lines();
      return { code: await runAuditVerify(tx, {}, l.io), out: l.out };
    });
    expect(result.code).toBe(1);
    expect(result.out.filter((l) => l.includes(`chain ${PROJECT}`))).toEqual([
      `err chain ${PROJECT}: no audit entries, but project ${PROJECT} exists: its chain was deleted`,
    ]);
  });

  it('`audit sign` refuses to sign a tampered chain', async () => {
    await append(1);
    const { seq } = await headOf(t.db);
    const r = await inRollback(t.database, async (tx) => {
      await tx
        .update(auditEntries)
        .set({ actorId: 'cli:mallory' })
        .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.seq, seq)));
      const l = lines();
      return { code: await runAuditSign(tx, { keyFile, now }, l.io), out: l.out };
    });
    expect(r).toEqual({
      code: 1,
      out: [`err chain ${PROJECT}: not signed: entry ${seq} altered: its content does not match its hash`],
    });
  });

  it('members with audit.read see the latest signed head (API and page, en + ja); others do not', async () => {
    expect(await runAuditSign(t.db, { keyFile, now }, lines().io)).toBe(0); // a signed head to show
    const viewer = await makeUser(t.db, { role: 'viewer' });
    const client = await TestClient.signedIn(t, viewer.id);
    const [latest] = await latestSignedHeads(t.db, [PROJECT]);
    const res = await client.get(`/api/v1/projects/${PROJECT}/audit/head`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { signed: SignedHead; head: { seq: number }; document: unknown };
    expect(body.signed).toEqual(latest);
    expect(body.head.seq).toBe((await headOf(t.db)).seq);
    expect(body.document).toEqual(JSON.parse(JSON.stringify(await signedHeadsDocument(t.db, [latest!]))));
    const page = await (await client.get(`/p/${PROJECT}/audit`)).text();
    expect(page).toContain('Latest signed head');
    expect(page).toContain(latest!.signature);
    client.cookies.set('lang', 'ja');
    expect(await (await client.get(`/p/${PROJECT}/audit`)).text()).toContain('最新の署名済み先頭');
    const stranger = new TestClient(t.app);
    expect((await stranger.get(`/api/v1/projects/${PROJECT}/audit/head`)).status).toBe(401);
  });
});

describe('herald audit head --signed / verify --against (the CLI end to end)', () => {
  it('a re-hashed chain passes `audit verify` but fails `audit verify --against` the printed heads', async () => {
    const { env: dbEnv, cleanup } = await createTestDatabaseEnv();
    const env: Record<string, string> = { ...dbEnv, HERALD_KEY_FILE: join(dir, 'cli-key.pem') };
    try {
      expect((await runCli(['plan', 'import', 'plans/m-sec.yaml'], env)).code).toBe(0);
      const head = await runCli(['audit', 'head', '--signed'], env);
      expect(head.code).toBe(0);
      const file = join(dir, 'cli-heads.json');
      writeFileSync(file, head.stdout);
      const d = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
      try {
        await rehashFrom(d.db, 'm-sec', 1, { actorId: 'cli:mallory' });
        await d.db.delete(auditSignedHeads);
      } finally {
        await d.close();
      }
      expect(await runCli(['audit', 'verify'], env)).toMatchObject({ code: 0 });
      const bad = await runCli(['audit', 'verify', '--against', file], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        new RegExp(
          `^chain m-sec: signed head 1 of .* \\(from ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): entry 1 has hash`,
          'm',
        ),
      );
    } finally {
      await cleanup();
    }
  }, 90_000);
});
