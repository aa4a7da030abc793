/* global process, WebAssembly, setInterval */
// Preloaded into `herald serve` by bench/profile-memory.ts (`node --import bench/memory-probe.mjs`): samples where the
// process's resident memory is, every HERALD_MEMORY_PROBE_MS (default 100) ms, and appends one JSON line per sample
// to the file HERALD_MEMORY_PROBE names. A sample: VmRSS / VmHWM and file-backed RSS (/proc/self/status), the main
// thread's V8 heap (committed, used, per space), code, external and array buffers, and the WebAssembly memories
// (PGlite's heap): their size and how much of each is resident (its anonymous mapping in /proc/self/smaps).
import { appendFileSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const file = process.env.HERALD_MEMORY_PROBE;
if (file && isMainThread) {
  /** Every WebAssembly.Memory made in this thread (PGlite makes one), held weakly. */
  const memories = [];
  const Original = WebAssembly.Memory;
  const Probed = function Memory(descriptor) {
    const m = new Original(descriptor);
    memories.push(new WeakRef(m));
    return m;
  };
  Probed.prototype = Original.prototype;
  Object.setPrototypeOf(Probed, Original);
  WebAssembly.Memory = Probed;

  const kb = (text, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;

  /** Resident bytes of the anonymous read-write mappings exactly `size` bytes long (a WebAssembly memory's pages). */
  const residentOfSize = (smaps, sizes) => {
    const out = new Map(sizes.map((s) => [s, 0]));
    let size = -1;
    for (const line of smaps.split('\n')) {
      const head = /^([0-9a-f]+)-([0-9a-f]+) rw-p 00000000 00:00 0\s*$/.exec(line);
      if (head) size = parseInt(head[2], 16) - parseInt(head[1], 16);
      else if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) size = -1;
      else if (size >= 0 && line.startsWith('Rss:') && out.has(size)) {
        out.set(size, out.get(size) + kb(line, 'Rss'));
        size = -1;
      }
    }
    return out;
  };

  const sample = () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = process.memoryUsage();
    const code = v8.getHeapCodeStatistics();
    const wasm = memories.map((r) => r.deref()).filter((x) => x !== undefined);
    const sizes = wasm.map((w) => w.buffer.byteLength);
    const resident =
      sizes.length > 0 ? residentOfSize(readFileSync('/proc/self/smaps', 'utf8'), sizes) : new Map();
    return {
      t: Date.now(),
      rss: kb(status, 'VmRSS'),
      hwm: kb(status, 'VmHWM'),
      rssFile: kb(status, 'RssFile'),
      rssAnon: kb(status, 'RssAnon'),
      heapTotal: m.heapTotal,
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      code: code.code_and_metadata_size + code.bytecode_and_metadata_size,
      spaces: Object.fromEntries(
        v8
          .getHeapSpaceStatistics()
          .map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
      ),
      wasm: sizes.map((size) => ({ size, resident: resident.get(size) ?? 0 })),
    };
  };

  const every = Number(process.env.HERALD_MEMORY_PROBE_MS ?? 100);
  // A heap snapshot the first time the heap's used bytes pass HERALD_MEMORY_PROBE_SNAPSHOT_MB (what holds it).
  const snapshotFile = process.env.HERALD_MEMORY_PROBE_SNAPSHOT;
  let snapshotAt = Number(process.env.HERALD_MEMORY_PROBE_SNAPSHOT_MB ?? Infinity) * 1024 * 1024;
  const write = () => {
    try {
      const s = sample();
      appendFileSync(file, `${JSON.stringify(s)}\n`);
      if (snapshotFile && s.heapUsed >= snapshotAt) {
        snapshotAt = Infinity;
        v8.writeHeapSnapshot(snapshotFile);
      }
    } catch {
      // the probe must never take the server down
    }
  };
  setInterval(write, every).unref();
  process.on('SIGUSR2', write);
}
