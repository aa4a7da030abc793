/**
 * Records in tests: the Tide-X app with a third, Japanese partner (UNIJ) and a manual KPI, actors of every role
 * without users (for service tests), and signed-in clients (for API and page tests).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Actor, Role } from '../src/auth/permissions';
import type { AppDeps } from '../src/web/env';
import { importPlan } from '../src/projects/service';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from './auth-helpers';
import { makePlan, planInput } from './factories/plan';

export { PARTNER_A, PARTNER_B, PROJECT };
export const PARTNER_JP = 'UNIJ';

/** Tide-X plus UNIJ (Japan, public), a joint-papers KPI and a manual KPI that needs evidence. */
export function recordsPlan() {
  const base = planInput();
  return makePlan({
    partners: [
      ...(base.partners ?? []),
      {
        number: 3,
        code: PARTNER_JP,
        name: 'University J',
        country: 'JP',
        region: 'JP',
        kind: 'university',
        sector: 'public',
        aliases: ['Univ. J'],
      },
    ],
    kpis: [
      ...(base.kpis ?? []),
      {
        id: 'joint-papers',
        label: 'Joint EU/JP papers',
        target: 2,
        target_text: '2',
        measure: { kind: 'count', record: 'publication', where: { joint_eu_jp: true } },
      },
      {
        id: 'events',
        label: 'Events attended',
        target: 5,
        target_text: '5',
        measure: { kind: 'count', record: 'event', where: { status: 'attended' } },
      },
      {
        id: 'visitors',
        label: 'Visitors of the demo site',
        target: 1000,
        target_text: '1000',
        measure: { kind: 'manual', evidence_required: true },
      },
    ],
  });
}

/** The records app, its evidence files in a fresh temporary folder. */
export async function createRecordsTestApp(
  deps: Partial<AppDeps> = {},
): Promise<AuthTestApp & { filesDir: string }> {
  const filesDir = deps.filesDir ?? mkdtempSync(join(tmpdir(), 'herald-files-'));
  const t = await createAuthTestApp({ ...deps, filesDir });
  const plan = recordsPlan();
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  return { ...t, filesDir };
}

const member = (role: Role, partnerCode: string | null = null): Actor => ({
  kind: 'user',
  userId: `test-${role}-${partnerCode ?? 'all'}`,
  isAdmin: false,
  memberships: [{ projectId: PROJECT, role, partnerCode }],
});

/** Actors of every role, for service tests (no user rows behind them). */
export const actors = {
  coordinator: member('coordinator'),
  editorA: member('editor', PARTNER_A),
  editorB: member('editor', PARTNER_B),
  viewer: member('viewer'),
  tokenA: { kind: 'token', tokenId: 1, projectId: PROJECT, partnerCode: PARTNER_A, access: 'write' } as Actor,
  readTokenA: {
    kind: 'token',
    tokenId: 2,
    projectId: PROJECT,
    partnerCode: PARTNER_A,
    access: 'read',
  } as Actor,
  anonymous: { kind: 'anonymous' } as Actor,
};

export type Who = 'coordinator' | 'editorA' | 'editorB' | 'viewer';

/** A signed-in client of each role. */
export async function clientsFor(t: AuthTestApp): Promise<Record<Who, TestClient>> {
  const make = async (role: Role, partnerCode?: string) =>
    TestClient.signedIn(t, (await makeUser(t.db, { role, partnerCode })).id);
  return {
    coordinator: await make('coordinator'),
    editorA: await make('editor', PARTNER_A),
    editorB: await make('editor', PARTNER_B),
    viewer: await make('viewer'),
  };
}

/** A real PNG image (`size` × `size` pixels of one colour), made here so tests need no fixture files. */
export function tinyPng(size = 4, rgb: [number, number, number] = [30, 120, 200]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.from([0, ...Array.from({ length: size }, () => rgb).flat()]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
