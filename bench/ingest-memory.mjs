#!/usr/bin/env node
// A large NDJSON file through the real `yixiang import` command, for its peak memory: the file is
// generated from the demo generator (synthetic patients only) into a temp directory, imported
// into a fresh SQLite data directory by a separate process, and deleted afterwards. Peak RSS is
// the process's own high-water mark as the kernel reports it at exit (getrusage via
// /usr/bin/time, worker thread included); an RSS sample every 250 ms shows how it develops.
//
//   node bench/ingest-memory.mjs [--gib 1] [--profile standard] [--dir /tmp] [--out result.json]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emitResult, fmt, log, parseFlags, writeHospitalNdjson } from './ingest-common.mjs';
import { ROOT } from './lib/build.mjs';

const flags = parseFlags();
const gib = Number(flags.gib ?? 1);
const profile = typeof flags.profile === 'string' ? flags.profile : 'standard';
const parent = typeof flags.dir === 'string' ? flags.dir : tmpdir();
const targetBytes = Math.round(gib * 2 ** 30);
const dir = mkdtempSync(path.join(parent, 'yixiang-bench-bigfile-'));

/** Patients needed for `bytes` of NDJSON, from the size of a small sample of the same generator. */
async function patientsFor(bytes) {
  const sample = path.join(dir, 'sample.ndjson');
  const { bytes: sampleBytes } = await writeHospitalNdjson(sample, 400);
  const { bytes: staffBytes } = await writeHospitalNdjson(sample, 0);
  rmSync(sample);
  const perPatient = (sampleBytes - staffBytes) / 400;
  // Patients differ in size; aim 3% high so the file is not just short of the target.
  return Math.min(100_000, Math.ceil((1.03 * bytes - staffBytes) / perPatient));
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) * 1024;
  } catch {
    return NaN;
  }
}

/** The node process under /usr/bin/time (its only child), once it exists. */
function childPid(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || null;
  } catch {
    return null;
  }
}

async function importWithPeak(file, dataDir) {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const maxrssFile = path.join(dir, 'maxrss.txt');
  const env = { PATH: process.env.PATH, YIXIANG_DATA_DIR: dataDir, YIXIANG_CRYPTO_PROFILE: profile, YIXIANG_LOG_LEVEL: 'silent' };
  const command = [process.execPath, path.join(ROOT, 'bin/yixiang.js'), 'import', file];
  const child = timeBin ? spawn(timeBin, ['-f', '%M', '-o', maxrssFile, ...command], { env }) : spawn(command[0], command.slice(1), { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const samples = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const pid = timeBin ? childPid(child.pid) : child.pid;
    const rss = pid ? rssOf(pid) : NaN;
    if (Number.isFinite(rss)) samples.push({ seconds: (Date.now() - started) / 1000, rss });
  }, 250);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`yixiang import exited ${code}: ${stderr || stdout}`);
  const sampledPeak = Math.max(...samples.map((s) => s.rss));
  const reportedPeak = timeBin ? Number(readFileSync(maxrssFile, 'utf8').trim().split('\n').pop()) * 1024 : null;
  const summary = /: (\d+) created, (\d+) updated, (\d+) refused, in ([\d.]+) s \((\d+) resources\/s\)/.exec(stdout);
  if (!summary) throw new Error(`unexpected import output: ${stdout}`);
  const [, created, updated, refused, seconds, perSecond] = summary.map(Number);
  return { created, updated, refused, seconds, perSecond, wallSeconds: (Date.now() - started) / 1000, peakRss: reportedPeak ?? sampledPeak, peakSource: reportedPeak ? 'getrusage (/usr/bin/time)' : '/proc samples', sampledPeak, samples };
}

try {
  const file = path.join(dir, 'hospital.ndjson');
  const patients = await patientsFor(targetBytes);
  log(`generating ≥ ${fmt(targetBytes / 2 ** 30, 2)} GiB of NDJSON (${fmt(patients)} synthetic patients)…`);
  const generatedAt = Date.now();
  const { lines, bytes } = await writeHospitalNdjson(file, patients);
  log(`  ${fmt(lines)} resources, ${fmt(bytes / 2 ** 30, 2)} GiB in ${fmt((Date.now() - generatedAt) / 1000, 0)} s; importing with \`yixiang import\` (${profile})…`);
  const dataDir = path.join(dir, 'data');
  const result = await importWithPeak(file, dataDir);
  const databaseBytes = readdirSync(dataDir).filter((n) => n.startsWith('yixiang.sqlite')).reduce((sum, n) => sum + statSync(path.join(dataDir, n)).size, 0);
  log(`  ${fmt(result.created)} created in ${fmt(result.seconds, 0)} s (${fmt(result.perSecond)} resources/s); peak RSS ${fmt(result.peakRss / 2 ** 20)} MiB; database ${fmt(databaseBytes / 2 ** 30, 2)} GiB`);
  // Every sample would bloat the report; keep one per ~5% of the run.
  const step = Math.max(1, Math.floor(result.samples.length / 20));
  await emitResult(flags, { profile, patients, lines, fileBytes: bytes, databaseBytes, ...result, samples: result.samples.filter((_, i) => i % step === 0) });
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (existsSync(dir)) spawnSync('rm', ['-rf', dir]);
}
