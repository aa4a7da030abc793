/**
 * Plans for the branded-template tests: M-Sec (plans/m-sec.yaml) with or without image files for its logo and
 * emblems, and a second project (Tide-X: other names, palette, Horizon Europe, one EU emblem). Images are small PNGs
 * written to a temporary directory, so the tests need no fixture files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { loadPlanFile } from '../src/plan/loader';
import type { Plan } from '../src/plan/schema';
import { makePlan } from './factories/plan';

/** A PNG of `size` × `size` pixels of one colour. */
export function png(rgb: [number, number, number], size = 8): Buffer {
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
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const idat = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const M_SEC = new URL('../plans/m-sec.yaml', import.meta.url).pathname;

export async function mSecPlan(): Promise<Plan> {
  const result = await loadPlanFile(M_SEC);
  if (!result.ok) throw new Error('plans/m-sec.yaml does not load');
  return result.plan;
}

/** The files written for a plan's assets (id → absolute path). */
function writeAssets(files: Record<string, [string, [number, number, number]]>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-brand-'));
  const out: Record<string, string> = {};
  for (const [id, [name, rgb]] of Object.entries(files)) {
    out[id] = join(dir, name);
    writeFileSync(out[id], png(rgb));
  }
  return out;
}

/** M-Sec with its logo and both emblems as files (m-sec-logo.png, eu-emblem.png, nict-emblem.png). */
export async function mSecWithFiles(): Promise<Plan> {
  const plan = await mSecPlan();
  const paths = writeAssets({
    logo: ['m-sec-logo.png', [0, 61, 88]],
    'eu-emblem': ['eu-emblem.png', [0, 51, 153]],
    'nict-emblem': ['nict-emblem.png', [0, 0, 0]],
  });
  const identity = plan.identity!;
  return {
    ...plan,
    identity: {
      ...identity,
      assets: identity.assets.map((a) => (paths[a.id] ? { ...a, file: paths[a.id] } : a)),
    },
  };
}

export const TIDE_X_ACK =
  'Funded by the European Union. Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union or the European Climate, Infrastructure and Environment Executive Agency (CINEA). Neither the European Union nor the granting authority can be held responsible for them.';

/** A second project: Tide-X, Horizon Europe, teal and sand, one EU emblem (file), no logo file, a poster template. */
export function tideXPlan(): Plan {
  const paths = writeAssets({ 'eu-emblem': ['EN_FundedbytheEU_RGB_POS.png', [0, 51, 153]] });
  return makePlan({
    identity: {
      long_name: 'Tidal energy exchange for coastal towns',
      canonical_names: ['Tide-X'],
      forbidden_variants: ['TideX'],
      palette: [
        { name: 'Deep teal', hex: '#0B6E4F', rgb: [11, 110, 79] },
        { name: 'Sand', hex: '#F2C14E', rgb: [242, 193, 78] },
      ],
      assets: [
        { id: 'logo', kind: 'logo', name: 'Tide-X wave logo', file: 'no-such-dir/tide-x-logo.png' },
        { id: 'eu-emblem', kind: 'emblem', name: 'Funded by the EU emblem', file: paths['eu-emblem'] },
      ],
      funding_acknowledgement: TIDE_X_ACK,
      required_emblems: ['eu-emblem'],
      templates: [
        { id: 'slide-deck', name: 'Slide deck' },
        { id: 'poster', name: 'Poster' },
      ],
    },
  });
}
