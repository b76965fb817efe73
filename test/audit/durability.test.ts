import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const WORKER = path.resolve('test/audit/append-worker.mjs');

interface WorkerRun {
  acknowledged: Map<number, string>;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the append worker; with `killAfterMs` it is SIGKILLed mid-load, like a power cut to the process. */
function runWorker(platform: TestApp, env: Record<string, string>, killAfterMs?: number): Promise<WorkerRun> {
  const child = spawn(process.execPath, [WORKER], {
    env: { PATH: process.env.PATH, YIXIANG_DATA_DIR: platform.config.dataDir, ...(platform.config.databaseUrl && { DATABASE_URL: platform.config.databaseUrl }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acknowledged = new Map<number, string>();
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const [seq, requestId] = line.split(' ');
      acknowledged.set(Number(seq), requestId!);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (killAfterMs !== undefined) {
    // Kill only once appends are flowing, so every run really interrupts work in progress.
    const timer = setInterval(() => {
      if (acknowledged.size > 0) {
        clearInterval(timer);
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    }, 5);
  }
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => {
      if (killAfterMs === undefined && exitCode !== 0) reject(new Error(`worker failed: ${stderr}`));
      else resolve({ acknowledged, exitCode, signal });
    });
  });
}

async function expectAcknowledgedPresent(platform: TestApp, acknowledged: Map<number, string>) {
  const stored = new Map<number, string | null>();
  for await (const entry of platform.audit.entries()) stored.set(entry.seq, entry.requestId);
  for (const [seq, requestId] of acknowledged) expect(stored.get(seq), `acknowledged entry ${seq}`).toBe(requestId);
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`audit log durability (${dialect})`, () => {
    let platform: TestApp | undefined;
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
    });

    it('keeps every answered entry and stays verifiable when the appending process is killed', async () => {
      platform = await createTestApp(dialect, { demo: false });
      const acknowledged = new Map<number, string>();
      for (const [run, delay] of [40, 120, 250, 80].entries()) {
        const result = await runWorker(platform, { APPEND_TAG: `crash${run}`, APPEND_CONCURRENCY: '64' }, delay);
        expect(result.signal).toBe('SIGKILL');
        expect(result.acknowledged.size).toBeGreaterThan(0);
        for (const [seq, requestId] of result.acknowledged) acknowledged.set(seq, requestId);
      }
      await expectAcknowledgedPresent(platform, acknowledged);
      const verification = await platform.audit.verify();
      expect(verification.problems).toEqual([]);
      expect(verification.entriesChecked).toBeGreaterThanOrEqual(acknowledged.size);
    });
  });
}

describe.skipIf(skipDialect('postgres'))('two server processes on one PostgreSQL', () => {
  it('append concurrently into one tree with no gaps or duplicates that verifies', async () => {
    const platform = await createTestApp('postgres', { demo: false });
    try {
      const [a, b] = await Promise.all([
        runWorker(platform, { APPEND_TAG: 'a', APPEND_TOTAL: '3000', APPEND_CONCURRENCY: '48' }),
        runWorker(platform, { APPEND_TAG: 'b', APPEND_TOTAL: '3000', APPEND_CONCURRENCY: '48' }),
      ]);
      expect(a.acknowledged.size + b.acknowledged.size).toBe(6000);
      const seqs = [...a.acknowledged.keys(), ...b.acknowledged.keys()].sort((x, y) => x - y);
      expect(new Set(seqs).size).toBe(6000);
      expect(seqs[0]).toBe(0);
      expect(seqs[seqs.length - 1]).toBe(5999);
      await expectAcknowledgedPresent(platform, new Map([...a.acknowledged, ...b.acknowledged]));
      const verification = await platform.audit.verify();
      expect(verification.problems).toEqual([]);
      expect(verification.entriesChecked).toBe(6000);
      expect(verification.checkpointsChecked).toBeGreaterThan(2);
    } finally {
      await platform.close();
    }
  });
});
