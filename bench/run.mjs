#!/usr/bin/env node
// Runs the audit log benchmarks, prints a summary table and records the figures, with the
// machine and the date, in bench/RESULTS.md.
//
//   npm run bench                        all three, full size (≈ 5–8 minutes on 2 cores)
//   npm run bench -- --only append       one or more of: append, verify, proof, scale (comma-separated)
//   npm run bench -- --quick             small sizes, a smoke test; does not touch RESULTS.md
//   npm run bench -- --no-write          full run without updating RESULTS.md
//   npm run bench -- --results FILE      record somewhere else (RESULTS.json is kept next to it)
//   npm run bench -- --db sqlite         append benchmark on SQLite only (default: sqlite,postgres)
//   npm run bench -- --size 1000000 --entries 50000 --concurrency 64,256,1024 --proofs 5000
//                    --scale-entries 20000
//   npm run bench -- --profile gm        SM3 / SM2 crypto profile instead of SHA-256 / Ed25519
//   npm run bench -- --wait-idle 10      first wait up to 10 minutes for the load average to drop
//
// Each benchmark runs in its own Node process (with --expose-gc) so one benchmark's heap and
// JIT state cannot colour the next; verify, proof and scale (appends on top of a million entries)
// share one million-entry SQLite log built once per run in a temp directory removed afterwards.
// scale runs last because it leaves baseline rows in that log's table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, ROOT } from './lib/build.mjs';
import { parseFlags, selectParts } from './lib/flags.mjs';

const flags = parseFlags(process.argv.slice(2));
const ALL = ['append', 'verify', 'proof', 'scale'];
const only = selectParts(flags, ALL);
const quick = Boolean(flags.quick);
const write = flags['no-write'] ? false : quick ? Boolean(flags.write) : true;

// Build before importing anything from dist/server, so a stale build is never measured.
ensureServerBuilt();
const { machineInfo, loadAverage, settleMachine } = await import('./lib/machine.mjs');
const { summaryRows, consoleTable, updateResultsFile, RATIO_NOTE } = await import('./lib/report.mjs');


const pass = (name, fallback) => {
  const value = flags[name] ?? fallback;
  return value === undefined ? [] : [`--${name}`, String(value)];
};

const size = flags.size ?? (quick ? 50_000 : 1_000_000);
const common = [...pass('profile')];
const args = {
  append: [...pass('db'), ...pass('entries', quick ? 10_000 : undefined), ...pass('warmup', quick ? 1000 : undefined), ...pass('concurrency', quick ? '64,512' : undefined), ...pass('serial-entries', quick ? 200 : undefined), ...pass('serial-seconds', quick ? 2 : undefined)],
  verify: ['--size', String(size)],
  proof: ['--size', String(size), ...pass('proofs', quick ? 1000 : undefined)],
  scale: ['--size', String(size), ...pass('scale-entries', quick ? 5000 : undefined).map((v, i) => (i === 0 ? '--entries' : v))],
};
const scripts = { append: 'audit-append.mjs', verify: 'audit-verify.mjs', proof: 'audit-proof.mjs', scale: 'audit-append-scale.mjs' };

let machine = machineInfo();
console.log(`Audit benchmarks — ${machine.dateUtc}`);
console.log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM; Node ${machine.node}; SQLite ${machine.sqlite}; ${machine.postgres ?? 'no PostgreSQL'}`);
const settled = await settleMachine(machine, flags['wait-idle']);
machine = settled.machine;
const loadBefore = settled.loadBefore;

const logDir = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-large-'));
const resultDir = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-results-'));
const results = {};
const started = Date.now();
try {
  for (const name of ALL.filter((n) => only.includes(n))) {
    const out = path.join(resultDir, `${name}.json`);
    const extra = name === 'append' ? [] : ['--log-dir', logDir];
    console.log(`\n== ${name} ==`);
    const before = loadAverage();
    const measuredAt = new Date().toISOString();
    const child = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', scripts[name]), ...args[name], ...common, ...extra, '--out', out], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error(`bench/${scripts[name]} failed (exit ${child.status ?? child.signal})`);
    results[name] = { ...JSON.parse(readFileSync(out, 'utf8')), measuredAt, load: { before, after: loadAverage() } };
  }
} finally {
  rmSync(logDir, { recursive: true, force: true });
  rmSync(resultDir, { recursive: true, force: true });
}

const load = { before: loadBefore, after: loadAverage() };
console.log(`\nFinished in ${Math.round((Date.now() - started) / 1000)} s.\n`);
console.log(consoleTable(summaryRows(results)));
console.log(`\n${RATIO_NOTE}`);
if (write) {
  const file = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
  updateResultsFile(file, { machine, load, results });
  console.log(`\nRecorded in ${path.relative(process.cwd(), file) || file}.`);
} else {
  console.log('\nNot recorded (quick or --no-write run).');
}
