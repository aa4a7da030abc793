import { PGlite } from '@electric-sql/pglite';
import { fromPglite } from '../src/db/client';
import { generate } from './generate';
const d = fromPglite(await PGlite.create());
await d.migrate();
const t = performance.now();
let last = t;
await generate({
  database: d,
  size: [{ projects: 1, records: 5000 }],
  onProgress: (a) => {
    const n = performance.now();
    console.log(a, (n - last).toFixed(0));
    last = n;
  },
});
console.log('gen', performance.now() - t);
