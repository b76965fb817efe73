#!/usr/bin/env node
// Runs the ingest and record-read benchmarks (issue 4's performance items), prints a summary and
// records the figures, with the machine and the date, in one block of bench/RESULTS.md.
//
//   npm run bench:ingest                        everything, full size (≈ 10–15 minutes on 2 cores)
//   npm run bench:ingest -- --only throughput   one or more of: throughput, read, crypto, memory
//   npm run bench:ingest -- --quick             small sizes, a smoke test; does not touch RESULTS.md
//   npm run bench:ingest -- --no-write          full run without updating RESULTS.md
//   npm run bench:ingest -- --results FILE      record somewhere else
//   npm run bench:ingest -- --patients 3000     size of the throughput/read file (demo patients)
//   npm run bench:ingest -- --gib 1             size of the memory benchmark's file (0 skips it)
//   npm run bench:ingest -- --profiles standard,gm --db sqlite,postgres --reads 20000 --records 20000
//   npm run bench:ingest -- --diagnostics       also time a one-thread import and one with the care-team
//                                               indexer declaring its resource types (one repetition each)
//   npm run bench:ingest -- --wait-idle 10      first wait up to 10 minutes for the load average to drop
//   npm run bench:ingest -- --rerender          rewrite the recorded block from its stored figures, measuring nothing
//
// Each benchmark runs in its own Node process (with --expose-gc). The NDJSON files are generated
// from the demo generator into a temp directory — synthetic patients only — and deleted at the end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, ROOT } from './lib/build.mjs';
import { parseFlags, selectParts } from './lib/flags.mjs';

const flags = parseFlags(process.argv.slice(2));
const ALL = ['throughput', 'read', 'crypto', 'memory'];
const only = selectParts(flags, ALL);
const quick = Boolean(flags.quick);
const write = flags['no-write'] ? false : quick ? Boolean(flags.write) : true;

// Build before importing anything from dist/server, so a stale build is never measured.
ensureServerBuilt();
const { machineInfo, loadAverage, settleMachine } = await import('./lib/machine.mjs');
const { writeHospitalNdjson, fmt } = await import('./ingest-common.mjs');
const { renderBlock, previousResults, writeBlock, TARGETS } = await import('./ingest-report.mjs');

// Re-render the recorded block (after a change to the wording) without measuring anything again.
if (flags.rerender) {
  const file = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
  const previous = previousResults(file);
  if (!previous) throw new Error(`no recorded ingest results in ${file}`);
  writeBlock(file, renderBlock(previous));
  console.log(`Re-rendered the ingest block of ${path.relative(process.cwd(), file) || file}.`);
  process.exit(0);
}


const pass = (name, fallback) => {
  const value = flags[name] ?? fallback;
  return value === undefined ? [] : [`--${name}`, String(value)];
};
const patients = Number(flags.patients ?? (quick ? 200 : 3000));
const gib = Number(flags.gib ?? (quick ? 0.02 : 1));
const common = [...pass('profiles')];
const args = {
  throughput: [...common, ...pass('db'), ...(flags.diagnostics ? ['--diagnostics'] : [])],
  read: [...common, ...pass('reads', quick ? 1000 : undefined)],
  crypto: [...common, ...pass('records', quick ? 2000 : undefined)],
  memory: ['--gib', String(gib), ...(typeof flags.profiles === 'string' ? ['--profile', flags.profiles.split(',')[0]] : [])],
};
const needsFile = ['throughput', 'read', 'crypto'];

let machine = machineInfo();
console.log(`Ingest benchmarks — ${machine.dateUtc}`);
console.log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM; Node ${machine.node}; SQLite ${machine.sqlite}; ${machine.postgres ?? 'no PostgreSQL'}`);
const settled = await settleMachine(machine, flags['wait-idle']);
machine = settled.machine;
const loadBefore = settled.loadBefore;

const workDir = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-ingest-run-'));
const results = {};
const started = Date.now();
try {
  const file = path.join(workDir, 'hospital.ndjson');
  if (only.some((name) => needsFile.includes(name))) {
    const { lines, bytes } = await writeHospitalNdjson(file, patients);
    console.log(`\nGenerated ${fmt(lines)} resources for ${fmt(patients)} synthetic patients (${fmt(bytes / 1e6)} MB of NDJSON).`);
    results.file = { patients, lines, bytes };
  }
  for (const name of ALL.filter((n) => only.includes(n))) {
    if (name === 'memory' && gib <= 0) continue;
    const out = path.join(workDir, `${name}.json`);
    console.log(`\n== ${name} ==`);
    const before = loadAverage();
    const measuredAt = new Date().toISOString();
    const script = path.join(ROOT, 'bench', `ingest-${name}.mjs`);
    const child = spawnSync(process.execPath, ['--expose-gc', script, ...(needsFile.includes(name) ? ['--file', file] : ['--dir', workDir]), ...args[name], '--out', out], { cwd: ROOT, stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`bench/ingest-${name}.mjs failed (exit ${child.status ?? child.signal})`);
    results[name] = { ...JSON.parse(readFileSync(out, 'utf8')), measuredAt, load: { before, after: loadAverage() } };
    if (name === 'throughput') Object.assign(results.throughput, { patients, fileBytes: results.file.bytes });
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const load = { before: loadBefore, after: loadAverage() };
console.log(`\nFinished in ${Math.round((Date.now() - started) / 1000)} s.\n`);
for (const line of summaryLines(results)) console.log(line);

/** One line per figure for the console. */
function summaryLines(r) {
  const lines = [];
  for (const run of r.throughput?.runs ?? []) lines.push(`import ${run.kind}/${run.profile}: ${fmt(run.yixiang.perSecond)} resources/s, baseline ${fmt(run.baseline.perSecond)} rows/s → ${run.ratio.toFixed(2)}× (target ≥ ${TARGETS.ratio}× and ≥ ${fmt(TARGETS.perSecond)}/s); ${run.encryptionRatio.toFixed(2)}× unencrypted`);
  if (r.memory) lines.push(`${fmt(r.memory.fileBytes / 2 ** 30, 2)} GiB import: peak RSS ${fmt(r.memory.peakRss / 1e6)} MB (target < ${fmt(TARGETS.peakRssBytes / 1e6)} MB), ${fmt(r.memory.perSecond)} resources/s`);
  for (const run of r.read?.runs ?? []) lines.push(`point read ${run.profile}: median ${fmt(run.yixiangUs.median, 1)} µs, p99 ${fmt(run.yixiangUs.p99, 1)} µs (target ≤ ${TARGETS.readUs} µs); baseline ${fmt(run.baselineUs.median, 1)} µs`);
  for (const run of r.crypto?.runs ?? []) lines.push(`cipher ${run.profile}: encrypt ${fmt(run.protectUs.encrypted, 1)} µs (${run.protectRatio.toFixed(2)}× JSON only), decrypt ${fmt(run.revealUs.encrypted, 1)} µs (${run.revealRatio.toFixed(2)}× JSON.parse)`);
  return lines;
}

if (write) {
  const file = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
  // A partial run keeps the sections of the last run it did not redo (their machine line is that run's).
  const merged = { ...(previousResults(file)?.results ?? {}), ...results };
  writeBlock(file, renderBlock({ machine, load, results: merged }));
  console.log(`\nRecorded in ${path.relative(process.cwd(), file) || file}.`);
} else {
  console.log('\nNot recorded (quick or --no-write run).');
}
