/**
 * A data set for trying bench/server.ts by hand (the bench's own generator makes the real ones): the embedded plan,
 * a coordinator with a password and N records of five types inserted in SQL, in a PGlite folder or a PostgreSQL DB.
 * Usage: npx tsx bench/server-seed.ts --data DIR | --url postgres://… [--records 2000] [--csv FILE --rows 1000]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../src/auth/crypto';
import { addMember } from '../src/auth/members';
import { systemActor } from '../src/auth/permissions';
import { openDatabase } from '../src/db/client';
import { users } from '../src/db/schema';
import { newId } from '../src/lib/ids';
import { importPlanFile } from '../src/projects/service';

export const SEED_EMAIL = 'bench@example.org';
export const SEED_PASSWORD = 'bench-password-1';

const PARTNERS = `array['WLI','ICCS','CEA','F6S','TST','AYTOSAN','NTTE','KEIO','YNU','NII','WU','NTTDMC']`;

export async function seedServerData(opts: { dataDir?: string; databaseUrl?: string; records: number }) {
  const database = await openDatabase({
    dataDir: opts.dataDir ?? '',
    databaseUrl: opts.databaseUrl,
    command: 'bench seed',
  });
  try {
    await database.migrate();
    const { db } = database;
    const plan = await importPlanFile(db, {
      file: fileURLToPath(new URL('../plans/m-sec.yaml', import.meta.url)),
      actor: 'cli:bench',
    });
    const projectId = plan.projectId;
    const userId = newId();
    await db.insert(users).values({
      id: userId,
      email: SEED_EMAIL,
      name: 'Bench',
      passwordHash: await hashPassword(SEED_PASSWORD),
      isAdmin: false,
    });
    await addMember(db, {
      actor: systemActor('bench'),
      projectId,
      userId,
      input: { role: 'coordinator', partnerCode: '' },
    });
    const per = Math.max(1, Math.floor(opts.records / 5));
    const date = sql.raw(`(date '2018-07-01' + ((i * 7919) % 1095))`);
    const common = sql`${projectId}, (${sql.raw(PARTNERS)})[1 + (i % 12)], 'bench', 'bench'`;
    await db.execute(sql`INSERT INTO activities (project_id, lead_partner, created_by, updated_by, title, start_date, kind, type, status)
      SELECT ${common}, 'Activity ' || i, ${date}, (array['article','press_release','newsletter','blog_post'])[1 + (i % 4)], 'Other',
             (array['Delivered','Ongoing'])[1 + (i % 2)]
      FROM generate_series(1, ${per}) i`);
    await db.execute(sql`INSERT INTO events (project_id, lead_partner, created_by, updated_by, name, kind, city, country, start_date, roles, participants, status, international, joint_with_other_projects)
      SELECT ${common}, 'Event ' || i, (array['workshop','training','exhibition'])[1 + (i % 3)], 'Tokyo', 'JP', ${date},
             array['organiser'], 10 + (i % 60), (array['attended','planned'])[1 + (i % 2)], i % 2 = 0, i % 5 = 0
      FROM generate_series(1, ${per}) i`);
    await db.execute(sql`INSERT INTO publications (project_id, lead_partner, created_by, updated_by, type, title, year, date, open_access, joint_eu_jp)
      SELECT ${common}, (array['conference_paper','journal_article'])[1 + (i % 2)], 'Paper ' || i, 2019 + (i % 3), ${date}, 'green', i % 4 = 0
      FROM generate_series(1, ${per}) i`);
    await db.execute(sql`INSERT INTO synergies (project_id, lead_partner, created_by, updated_by, initiative, kind, date)
      SELECT ${common}, 'Body ' || (i % 40), (array['standardisation','consultation','replication'])[1 + (i % 3)], ${date}
      FROM generate_series(1, ${per}) i`);
    await db.execute(sql`INSERT INTO metric_snapshots (project_id, lead_partner, created_by, updated_by, channel, channel_kind, channel_scope, metric, value, date)
      SELECT ${common}, 'channel-' || (i % 50), (array['twitter','youtube','website'])[1 + (i % 3)], 'project',
             (array['followers','views','downloads'])[1 + (i % 3)], i, ${date}
      FROM generate_series(1, ${per}) i`);
    return { projectId, email: SEED_EMAIL, password: SEED_PASSWORD };
  } finally {
    await database.close();
  }
}

/** An activities CSV of `rows` rows the M-Sec plan accepts (the memory scenario's import). */
export function writeActivitiesCsv(file: string, rows: number): void {
  const partners = ['WLI', 'ICCS', 'CEA', 'F6S', 'TST', 'KEIO'];
  const lines = ['title,lead_partner,date,kind,type,channels,status'];
  for (let i = 1; i <= rows; i++) {
    const day = new Date(Date.UTC(2018, 6, 1) + ((i * 7919) % 1095) * 86_400_000).toISOString().slice(0, 10);
    lines.push(
      `Bench activity ${i},${partners[i % partners.length]},${day},article,Other,Social media,Delivered`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const csv = arg('csv');
  if (csv) writeActivitiesCsv(csv, Number(arg('rows') ?? 1000));
  if (arg('data') || arg('url')) {
    const r = await seedServerData({
      dataDir: arg('data'),
      databaseUrl: arg('url'),
      records: Number(arg('records') ?? 2000),
    });
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
}
