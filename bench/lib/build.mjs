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

export function ensureServerBuilt({ quiet = false } = {}) {
  const output = path.join(ROOT, 'dist/server/cli/index.js');
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json'].map((s) => newestMtime(path.join(ROOT, s)));
  if (Math.max(...sources) > built) {
    if (!quiet) console.error('Building the server (dist/server is older than src)…');
    execSync('npm run --silent build:server', { cwd: ROOT, stdio: 'inherit' });
  }
}

/** Imports a compiled server module by its path under src, e.g. `audit/log.js`. */
export function importServer(modulePath) {
  return import(path.join(ROOT, 'dist/server', modulePath));
}
