/** How much memory PGlite's WASM heap is given: the defaults of HERALD_PGLITE_SHARED_BUFFERS / _WORK_MEM. */
/** PGlite's memory, as PostgreSQL sizes (`32MB`, `512kB`): its WASM heap holds shared_buffers whole. */
export interface PgliteMemory {
  /** The page cache inside the WASM heap; the OS page cache below it caches the data folder's files anyway. */
  sharedBuffers: string;
  /** Per sort or hash node of a query before it spills to a temporary file. */
  workMem: string;
}

/**
 * Defaults (HERALD_PGLITE_SHARED_BUFFERS, HERALD_PGLITE_WORK_MEM): PGlite's own 128MB of shared_buffers made it
 * 286 MB resident after opening a data folder, 32MB makes it 173 MB (docs/SCALING.md, "One process").
 */
export const PGLITE_MEMORY: PgliteMemory = { sharedBuffers: '32MB', workMem: '4MB' };
