/** `npm run kpi:sql [PLAN…]`: writes the SQL the KPI engine compiles for each plan to docs/kpi-sql/ (default: plans/m-sec.yaml). */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { kpiSqlOfPlanFile, kpiSqlPath } from '../src/kpi/sql-file';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const plans = args.filter((a) => !a.startsWith('--'));

let stale = 0;
for (const plan of plans.length > 0 ? plans : ['plans/m-sec.yaml']) {
  const path = resolve(plan);
  const text = await kpiSqlOfPlanFile(path, relative(root, path));
  const out = resolve(root, kpiSqlPath(path));
  const before = await readFile(out, 'utf8').catch(() => '');
  if (before === text) {
    console.log(`${relative(root, out)}: unchanged`);
  } else if (check) {
    console.error(`${relative(root, out)}: differs from what the engine compiles (run npm run kpi:sql)`);
    stale++;
  } else {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    console.log(`${relative(root, out)}: written — review its diff (git diff ${relative(root, out)})`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
