// A parse worker that allocates without end on every request (parse-isolated.test.ts, the memory limit).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {
  const kept = [];
  for (;;) kept.push(new Array(100_000).fill({ n: kept.length }));
});
