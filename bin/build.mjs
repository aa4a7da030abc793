// `npm run build` (and `npm install`, through `prepare`): compiles the CLI and server from src/ into dist/ with
// esbuild, and writes dist/stamp.json (every source file's size and mtime) so bin/herald.mjs runs dist/ only while
// it matches the sources. Each file keeps its own import.meta.url (its src/ path): assets beside the sources resolve.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const tmp = join(root, `dist.tmp-${process.pid}`);

/** `import.meta.url` of each source file is its own file: URL in src/, not the chunk's in dist/. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

export async function buildDist() {
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    // The import parser's worker thread is its own entry: in the build it starts from dist/, not through tsx.
    entryPoints: { main: 'src/cli/main.ts', 'parse-worker': 'src/importers/parse-worker.ts' },
    define: { __HERALD_PARSE_WORKER__: JSON.stringify(pathToFileURL(join(out, 'parse-worker.mjs')).href) },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrls],
  });
  const files = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith('node_modules/') || input.includes('/node_modules/')) continue;
    const s = statSync(join(root, input));
    files[input] = [s.size, s.mtimeMs];
  }
  writeFileSync(join(tmp, 'stamp.json'), `${JSON.stringify({ files })}\n`);
  // Swapped in whole: a CLI starting meanwhile sees the old build or the new one, never half of one.
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  return { files: Object.keys(files).length, out: relative(root, out) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(root, { recursive: true });
  const r = await buildDist();
  process.stdout.write(`built ${r.out}/ from ${r.files} source files\n`);
}
