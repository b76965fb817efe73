// Shared pieces of the access benchmarks (bench/access.mjs and its children): which compiled
// server they measure, the platform configuration they run with, a demo data directory, a
// resident-memory sampler, sign-in over HTTP, small statistics helpers, a summary of V8 CPU
// profiles, and for the HTTP benchmarks the forked server, one measured autocannon run and the
// results-file block they write.
//
// The runner copies dist/server once, at the start, into a snapshot under node_modules/.cache and
// hands it to every child in YIXIANG_BENCH_DIST: other work on the same checkout may rebuild
// dist/server while a 30-minute run is under way, and every part must measure the same build (and
// never a half-written one). Run directly, a part uses dist/server itself.
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib/build.mjs';

export const DIST = process.env.YIXIANG_BENCH_DIST ?? path.join(ROOT, 'dist', 'server');

/** Imports a compiled server module by its path under src, e.g. `access/scope.js`. */
export function importDist(modulePath) {
  return import(pathToFileURL(path.join(DIST, modulePath)).href);
}

const { DEFAULT_CONFIG } = await importDist('app/config.js');
const { openPlatform } = await importDist('app/platform.js');
const { DEMO_PASSWORD } = await importDist('demo/index.js');

export { DEMO_PASSWORD, openPlatform };

/**
 * The configuration every access benchmark runs the platform with: the application's defaults,
 * demo hospital on, logging off (a per-request log line to stdout would cost both sides the same
 * and only add noise), listening on loopback.
 */
export function benchConfig({ dataDir, databaseUrl = null, demoPatients = 1000 }) {
  return { ...DEFAULT_CONFIG, dataDir, databaseUrl, demo: true, demoPatients, logLevel: 'silent', host: '127.0.0.1', port: 0 };
}

/** A new data directory with the demo hospital (organisation, catalog, `demoPatients` patients with records) loaded through the real ingest path. */
export async function prepareDemo({ databaseUrl = null, demoPatients, parentDir = tmpdir(), log = () => undefined }) {
  const dataDir = mkdtempSync(path.join(parentDir, 'yixiang-bench-access-'));
  const config = benchConfig({ dataDir, databaseUrl, demoPatients });
  const started = Date.now();
  const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000 });
  const counts = await platform.database.db
    .selectFrom('records')
    .select((eb) => [eb.fn.countAll().as('records'), eb.fn.count('patient_id').distinct().as('patients')])
    .executeTakeFirstOrThrow();
  await platform.close();
  const ms = Date.now() - started;
  log(`demo hospital with ${demoPatients} patients loaded in ${(ms / 1000).toFixed(1)} s (${counts.records} records)`);
  return { config, dataDir, demo: { patients: Number(counts.patients), records: Number(counts.records), loadMs: ms } };
}

/** Samples this process's resident set every `intervalMs`; `mark()` returns the peak since the last mark. */
export function rssSampler(intervalMs = 100) {
  let sincePeak = 0;
  let overallPeak = 0;
  let cpu = process.cpuUsage();
  let at = process.hrtime.bigint();
  const sample = () => {
    const { rss } = process.memoryUsage();
    if (rss > sincePeak) sincePeak = rss;
    if (rss > overallPeak) overallPeak = rss;
    return rss;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    /** Peak RSS and CPU time since the previous mark (CPU in µs of user+system, wall in ms). */
    mark() {
      const rss = sample();
      const used = process.cpuUsage(cpu);
      const now = process.hrtime.bigint();
      const result = { peakRss: sincePeak, rss, heapUsed: process.memoryUsage().heapUsed, cpuUs: used.user + used.system, userUs: used.user, systemUs: used.system, wallMs: Number(now - at) / 1e6 };
      sincePeak = rss;
      cpu = process.cpuUsage();
      at = now;
      return result;
    },
    overallPeak: () => Math.max(overallPeak, sample()),
    stop: () => clearInterval(timer),
  };
}

/** Signs in through the real endpoint (as the console and API clients do) and returns the bearer token and user id. */
export async function signInHttp(baseUrl, username, password = DEMO_PASSWORD) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${JSON.stringify(body)}`);
  return { token: body.accessToken, userId: body.user.id };
}

/** The same through `app.inject` (no socket), for in-process benchmarks. */
export async function signInInject(app, username, password = DEMO_PASSWORD) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  const body = response.json();
  return { token: body.accessToken, userId: body.user.id };
}

/**
 * Where a V8 CPU profile's time went: self time per function (top `top`), and inclusive time per
 * function of the server's own code (dist/server), each stack counted once per function so
 * recursion is not double-billed. Times in ms and as a share of the busy (non-idle) time.
 */
export function summariseCpuProfile(file, { top = 15, fromUs = -Infinity, toUs = Infinity } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Sample i was taken at startTime + the sum of the deltas up to it (µs on the monotonic clock,
  // the same clock as process.hrtime), so the window of one measured run can be cut out.
  const selfUs = new Map();
  let at = profile.startTime;
  let inWindow = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) continue;
    inWindow++;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  if (inWindow === 0) throw new Error(`no profile samples between ${fromUs} and ${toUs} (profile ${profile.startTime}–${profile.endTime})`);
  const label = (frame) => {
    const url = frame.url ?? '';
    let where = url;
    const dist = url.indexOf('/dist/server/');
    const modules = url.lastIndexOf('/node_modules/');
    if (dist >= 0) where = `dist/server/${url.slice(dist + '/dist/server/'.length)}`;
    else if (modules >= 0) where = url.slice(modules + '/node_modules/'.length);
    else if (url.startsWith('node:')) where = url;
    else if (url.startsWith('file://')) where = path.relative(ROOT, new URL(url).pathname);
    const name = frame.functionName || '(anonymous)';
    return where ? `${name} ${where}:${frame.lineNumber + 1}` : name;
  };
  const area = (frame) => {
    const url = frame.url ?? '';
    if (!url) return frame.functionName?.startsWith('(') ? frame.functionName : '(native)';
    if (url.includes('/dist/server/')) return `dist/server/${url.split('/dist/server/')[1].split('/')[0]}`;
    if (url.includes('/node_modules/')) {
      const rest = url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
      return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    }
    if (url.startsWith('node:')) return 'node internals';
    return 'other';
  };
  let total = 0;
  let idle = 0;
  const self = new Map();
  const areas = new Map();
  const inclusive = new Map();
  const attributed = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    total += us;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const key = label(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    const a = area(node.callFrame);
    areas.set(a, (areas.get(a) ?? 0) + us);
    // Walk up the stack once, billing each server function on it once; the nearest one also gets
    // the self time of the library and native code it called (a query's driver time, say).
    const seen = new Set();
    let nearest = null;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur).callFrame;
      if (!(frame.url ?? '').includes('/dist/server/')) continue;
      const k = label(frame);
      if (nearest === null) {
        nearest = k;
        const a2 = `${k}  ←  ${a}`;
        attributed.set(a2, (attributed.get(a2) ?? 0) + us);
      }
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
    if (nearest === null) {
      const a2 = `(outside dist/server)  ←  ${a}`;
      attributed.set(a2, (attributed.get(a2) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const rows = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }));
  return { totalMs: total / 1000, busyMs: busy / 1000, idleMs: idle / 1000, self: rows(self), inclusive: rows(inclusive), areas: rows(areas), attributed: rows(attributed) };
}

export function newestFile(dir, suffix) {
  const files = readdirSync(dir).filter((f) => f.endsWith(suffix));
  return files.length ? path.join(dir, files.sort().at(-1)) : null;
}

import { collectGarbage } from './lib/stats.mjs';

export { percentile, summarise, collectGarbage } from './lib/stats.mjs';
export { parseFlags } from './lib/flags.mjs';

export function numberList(value, fallback) {
  if (value === undefined || value === true) return fallback;
  return String(value)
    .split(',')
    .map((v) => Number(v.replace(/_/g, '')))
    .filter((v) => Number.isFinite(v) && v >= 0);
}


/** Writes a part's JSON result where the runner asked for it, or to stdout with --json. */
export function emitResult(flags, result) {
  if (typeof flags.out === 'string') writeFileSync(flags.out, JSON.stringify(result, null, 2));
  else if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/**
 * Forks `bench/access-server.mjs` (the real platform on loopback plus the bare baseline routes) as
 * a separate Node process with `config`, so the load generator and the server never share an event
 * loop. `call(cmd, body)` sends one IPC command and resolves with its answer; `stop()` closes the
 * server and waits for it to exit. `cpuProfDir` turns on --cpu-prof into that directory.
 */
export function startAccessServer(config, { cpuProfDir } = {}) {
  const execArgv = ['--expose-gc', ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [])];
  const child = fork(path.join(ROOT, 'bench', 'access-server.mjs'), [], { execArgv, env: { ...process.env, ACCESS_BENCH_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let counter = 0;
  const pending = new Map();
  child.on('message', (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message);
    else waiter.reject(new Error(`server: ${message.error}`));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (!message.ready) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    exited.then(({ code, signal }) => reject(new Error(`server exited before it was ready (${code ?? signal})`)));
  });
  return {
    child,
    ready,
    exited,
    call(cmd, body = {}) {
      const id = ++counter;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...body, cmd, id });
      });
    },
    async stop() {
      const answer = await this.call('exit');
      await exited;
      return answer;
    },
  };
}

/** Requests still queued in the server when the generator stopped finish (its audit commits go quiet) before the next run starts. */
export async function drainServer(server) {
  let last = (await server.call('activity')).commits;
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = (await server.call('activity')).commits;
    if (now === last) return;
    last = now;
  }
}

/**
 * One timed autocannon run against the forked server: `requests` (method and path) cycled by every
 * connection, after draining the previous run. The server's CPU time, peak RSS and audit commits are
 * taken over the run; any non-2xx answer ends the benchmark (a refusal measured as throughput would
 * be a wrong figure), timeouts are recorded.
 */
export async function measureHttp(server, { name, url, connections, seconds, headers, requests }) {
  const { default: autocannon } = await import('autocannon');
  await drainServer(server);
  const before = await server.call('mark', { gc: true });
  await collectGarbage();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  // A request queued longer than `timeout` counts as a timeout (recorded, not fatal: an overloaded
  // server that makes some callers wait that long is a result).
  const ac = await autocannon({ url, connections, pipelining: 1, duration: seconds, timeout: 30, headers, requests });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const driverCpu = process.cpuUsage(cpu);
  const mark = await server.call('mark');
  const ok = ac['2xx'];
  if (ac.non2xx) throw new Error(`${name} at ${connections} connections: ${ac.non2xx} answers were not 2xx`);
  return {
    variant: name,
    connections,
    requests: ok,
    timeouts: ac.timeouts,
    errors: ac.errors,
    seconds: ac.duration,
    perSecond: ok / ac.duration,
    latencyMs: { mean: ac.latency.average, p50: ac.latency.p50, p90: ac.latency.p90, p99: ac.latency.p99, max: ac.latency.max },
    serverCpuUs: mark.cpuUs,
    serverSystemCpuShare: mark.systemUs / mark.cpuUs,
    serverCpuShare: mark.cpuUs / 1000 / mark.wallMs,
    serverCpuUsPerRequest: mark.cpuUs / ok,
    driverCpuShare: (driverCpu.user + driverCpu.system) / 1000 / wallMs,
    serverPeakRss: mark.peakRss,
    serverRssAfter: mark.rss,
    auditBatches: mark.batches,
    window: { fromUs: before.monoUs, toUs: mark.monoUs },
  };
}

/** The repetitions of one variant as one figure: rate over the summed time, mean p50/p99, CPU per request over all of them, the highest peak RSS. */
export function aggregateRuns(runs) {
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    perSecond: requests / seconds,
    reps: runs.map((r) => r.perSecond),
    requests,
    p50: runs.reduce((s, r) => s + r.latencyMs.p50, 0) / runs.length,
    p99: runs.reduce((s, r) => s + r.latencyMs.p99, 0) / runs.length,
    cpuUsPerRequest: runs.reduce((s, r) => s + r.serverCpuUs, 0) / requests,
    serverCpuShare: runs.reduce((s, r) => s + r.serverCpuShare, 0) / runs.length,
    driverCpuShare: runs.reduce((s, r) => s + r.driverCpuShare, 0) / runs.length,
    peakRss: Math.max(...runs.map((r) => r.serverPeakRss)),
    timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
  };
}

/**
 * Replaces the block between `<!-- name -->` and `<!-- /name -->` of a results file with `markdown`
 * (appending the block when it is absent). The file is re-read right before writing: other
 * benchmarks own other blocks of the same file.
 */
export function writeResultsBlock(file, name, markdown) {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const block = `${open}\n${markdown}\n${close}`;
  writeFileSync(file, start >= 0 && end > start ? `${text.slice(0, start)}${block}${text.slice(end + close.length)}` : `${text.trimEnd()}${text ? '\n\n' : ''}${block}\n`);
}

/** The block `writeResultsBlock` wrote under `name`, or null. */
export function readResultsBlock(file, name) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const open = `<!-- ${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(`<!-- /${name} -->`);
  return start >= 0 && end > start ? text.slice(start + open.length, end) : null;
}
