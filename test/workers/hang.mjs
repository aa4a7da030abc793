// A parse worker that never answers: it spins on every request (parse-isolated.test.ts, the time limit).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {
  for (;;);
});
