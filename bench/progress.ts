/** The bench's progress on stderr: a cli-progress bar on a terminal (as `herald import` draws), else a line per 10 %. */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Starts a counted step (generation, an import). */
  start(label: string, total: number): void;
  update(done: number): void;
  stop(): void;
  /** A line of its own (a pair's figures, a phase). */
  note(line: string): void;
}

export function stderrProgress(opts: { quiet?: boolean } = {}): Progress {
  if (opts.quiet) return { start() {}, update() {}, stop() {}, note() {} };
  const tty = process.stderr.isTTY;
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let total = 0;
  let lastTenth = -1;
  return {
    start(l, t) {
      label = l;
      total = Math.max(1, t);
      lastTenth = -1;
      if (tty) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${l} |{bar}| {percentage}% | {value}/{total}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
    },
    update(done) {
      if (bar) return bar.update(done);
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label}: ${tenth * 10} % (${done}/${total})\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
    note(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}
