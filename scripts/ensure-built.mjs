#!/usr/bin/env node
// Rebuilds the server and/or the console only when their sources are newer than the last build,
// so `npm start` and `npm test` work straight after a pull without a separate build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(entry, skip = () => false) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return skip(entry) ? 0 : stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name), skip)), 0);
}

const isTest = (file) => /\.test\.tsx?$/.test(file);
const targets = [
  {
    name: 'server',
    script: 'build:server',
    sources: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    output: 'dist/server/cli/index.js',
  },
  {
    name: 'web console',
    script: 'build:web',
    sources: ['web', 'package.json'],
    output: 'dist/web/index.html',
  },
];

for (const target of targets) {
  const output = path.join(root, target.output);
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const source = Math.max(...target.sources.map((s) => newestMtime(path.join(root, s), isTest)));
  if (source > built) {
    console.log(`Building the ${target.name}…`);
    execSync(`npm run --silent ${target.script}`, { cwd: root, stdio: 'inherit' });
  }
}
