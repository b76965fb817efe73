// What the figures were measured on. Throughput numbers mean little without the CPU, the disk
// the fsyncs went to and how busy the machine was, so all of that is recorded next to them.
import { execFileSync, execSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { ROOT } from './build.mjs';
import { findPostgresBin, postgresVersion } from './postgres.mjs';

function quiet(fn, fallback = null) {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function machineInfo() {
  const cpuinfo = quiet(() => readFileSync('/proc/cpuinfo', 'utf8'), '');
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
  const require = createRequire(`${ROOT}/package.json`);
  const sqliteVersion = quiet(() => {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    const version = db.prepare('select sqlite_version() as v').get().v;
    db.close();
    return version;
  });
  const pgBin = findPostgresBin();
  const disk = quiet(() => execFileSync('df', ['--output=source,fstype', os.tmpdir()], { encoding: 'utf8' }).trim().split('\n')[1]?.trim().replace(/\s+/g, ' '));
  return {
    dateUtc: quiet(() => execSync('date -u', { encoding: 'utf8' }).trim(), new Date().toUTCString()),
    isoDate: new Date().toISOString(),
    cpuModel,
    cpuMhz: mhz ? Math.round(Number(mhz)) : null,
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite: sqliteVersion,
    postgres: pgBin ? postgresVersion(pgBin) : null,
    tmpDisk: disk ? `${os.tmpdir()} on ${disk}` : os.tmpdir(),
    commit: quiet(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()),
    distBuiltAt: quiet(() => statSync(`${ROOT}/dist/server/audit/log.js`).mtime.toISOString()),
    workingTreeClean: quiet(() => execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() === ''),
  };
}

export function loadAverage() {
  return os.loadavg().map((v) => Math.round(v * 100) / 100);
}

/**
 * Other work on the machine depresses every absolute figure. With `--wait-idle [minutes]` (default
 * 10), waits until the load average is under half the cores or the time is up, then reads the
 * machine again (through `readMachine`, for runners that add to machineInfo). Says so when the run
 * starts on a busy machine. Returns the machine and the load average the run starts at.
 */
export async function settleMachine(machine, waitIdle, readMachine = machineInfo) {
  if (waitIdle) {
    const minutes = waitIdle === true ? 10 : Number(waitIdle);
    const deadline = Date.now() + minutes * 60_000;
    while (loadAverage()[0] > machine.cores * 0.5 && Date.now() < deadline) {
      console.log(`Waiting for the machine to settle: load average ${loadAverage()[0]} on ${machine.cores} cores…`);
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
    machine = readMachine();
  }
  const loadBefore = loadAverage();
  if (loadBefore[0] > machine.cores * 0.5) {
    console.log(`Note: load average ${loadBefore[0]} on ${machine.cores} cores — other work is running; absolute figures will be low (ratios measured in the same run are less affected).`);
  }
  return { machine, loadBefore };
}
