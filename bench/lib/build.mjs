// Benchmarks import the compiled server from dist/server: Node 20 cannot run the TypeScript
// sources directly and the build emits no declarations, so plain ESM is the simplest honest way
// to measure exactly the code that ships. Only the server is rebuilt here (not the web console),
// and only when a source file is newer than the last build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return /\.test\.ts$/.test(entry) ? 0 : stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), 0);
}

// Set by run.mjs for the benchmark processes it starts: it has built once already, and a rebuild
// between two benchmarks would measure them against different code.
const BUILT_ENV = 'YIXIANG_BENCH_BUILT';

export function ensureServerBuilt() {
  if (process.env[BUILT_ENV] === '1') return;
  process.env[BUILT_ENV] = '1';
  const output = path.join(ROOT, 'dist/server/cli/index.js');
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json'].map((s) => newestMtime(path.join(ROOT, s)));
  if (Math.max(...sources) <= built) return;
  console.error('Building the server (dist/server is older than src)…');
  try {
    execSync('npm run --silent build:server', { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    // tsc still emits JavaScript when it reports type errors. Work in progress elsewhere in src
    // should not stop a benchmark of the audit log, but it must not pass silently either.
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n');
    console.error(`Warning: the server build reported errors; measuring what it emitted.\n  ${output.slice(0, 5).join('\n  ')}`);
    if (!existsSync(path.join(ROOT, 'dist/server/audit/log.js'))) throw error;
  }
}

/** Imports a compiled server module by its path under src, e.g. `audit/log.js`. */
export function importServer(modulePath) {
  return import(path.join(ROOT, 'dist/server', modulePath));
}
