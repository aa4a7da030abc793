/**
 * Where a command writes and which folder it runs in. Commands write through `cliIo()` rather than `process.stdout`,
 * so that a command forwarded to a running `herald serve` (PGlite: the server holds the data folder) writes back to
 * the terminal that typed it, and relative paths resolve against that terminal's folder.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';

export interface CliStream {
  write(chunk: string): boolean;
  /** A terminal (progress bars draw; otherwise they print plain lines). */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  out: CliStream;
  err: CliStream;
  /** The folder relative paths are resolved against. */
  cwd: string;
}

const store = new AsyncLocalStorage<CliIo>();

/** The current command's streams and folder (the process's own outside a forwarded command). */
export const cliIo = (): CliIo =>
  store.getStore() ?? { out: process.stdout, err: process.stderr, cwd: process.cwd() };

/** Runs `fn` with `io` as the command's streams and folder. */
export const withCliIo = <T>(io: CliIo, fn: () => Promise<T>): Promise<T> => store.run(io, fn);

/** A path the user typed, resolved against the command's folder. */
export const userPath = (p: string): string => resolve(cliIo().cwd, p);
