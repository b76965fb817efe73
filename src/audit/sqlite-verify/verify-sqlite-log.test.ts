import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { testClock } from '../../../test/support/clock.js';
import { archiveExpired, MINIMUM_RETENTION } from '../archive.js';
import type { AuditRecord } from '../entry.js';
import { completeSubtrees } from '../merkle/index.js';
import { stretches, verifySqliteLog } from './index.js';

function record(n: number): AuditRecord {
  return { actor: { type: 'user', id: `u-${n % 7}`, name: `user${n % 7}`, roles: ['staff'], departmentId: 'd-1' }, action: 'read', objectType: 'user', objectId: `obj-${n}`, outcome: 'success', requestId: `req-${n}`, details: { n } };
}

/** The fast pass exactly as AuditService.verify calls it, with the stretch size chosen by the test. */
async function fastVerify(platform: TestApp, stretch: number, module: { verifySqliteLog: typeof verifySqliteLog } = { verifySqliteLog }) {
  const { audit, auditLog, database } = platform;
  const [checkpoints, claimedSize, archived] = await Promise.all([audit.allCheckpoints(), audit.treeSize(), audit.archivedBefore()]);
  const resume = archived > 0 ? await audit.resumeAt(archived, checkpoints) : undefined;
  return module.verifySqliteLog({ db: database.db, hash: auditLog.hashFn, digest: auditLog.nodeHashName, checkpoints, claimedSize, resume, stretch, verifySignature: (c, text) => audit.verifySignature(c, text) });
}

async function run(platform: TestApp, statements: string[]) {
  for (const table of ['audit_entries', 'audit_nodes', 'audit_checkpoints']) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`).execute(platform.database.db);
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(platform.database.db);
  }
  for (const statement of statements) await sql.raw(statement).execute(platform.database.db);
}

describe('stretches', () => {
  it('cuts a range into complete subtrees, sized by the low bits of an unaligned start', () => {
    const tasks = stretches(37, 100, [40, 64, 70, 100], 16);
    expect(tasks.map((t) => [t.lo, t.hi])).toEqual([[37, 38], [38, 40], [40, 48], [48, 64], [64, 80], [80, 96], [96, 100]]);
    expect(tasks.map((t) => t.cuts)).toEqual([[38], [40], [48], [64], [70, 80], [96], [100]]);
    for (const task of tasks) expect(() => completeSubtrees(task.lo, task.hi - task.lo)).not.toThrow();
  });
});

describe('the parallel SQLite verification pass', () => {
  let platform: TestApp | undefined;
  afterEach(async () => {
    await platform?.close();
    platform = undefined;
  });

  async function logOf(size: number) {
    platform = await createTestApp('sqlite', { demo: false, auditOptions: { checkpointEvery: 7, checkpointIntervalMs: 3_600_000 } });
    for (let n = 0; n < size; n++) await platform.auditLog.append(record(n));
    await platform.auditLog.checkpoint();
    return platform;
  }

  it('vouches for a sound log, whatever the stretch size', async () => {
    const app = await logOf(100);
    for (const stretch of [1, 2, 8, 16, 2 ** 16]) {
      expect(await fastVerify(app, stretch), `stretch ${stretch}`).toMatchObject({ ok: true, entriesChecked: 100, problems: [] });
    }
    expect((await app.audit.verify()).checkpointsChecked).toBe((await app.audit.allCheckpoints()).length);
  });

  it.each([
    ['a modified field', ["UPDATE audit_entries SET outcome = 'denied' WHERE seq = 50"]],
    ['a modified field with its leaf rewritten', ["UPDATE audit_entries SET actor_name = 'x' WHERE seq = 12", "UPDATE audit_nodes SET hash = CASE WHEN substr(hash, 1, 2) = '00' THEN 'ff' ELSE '00' END || substr(hash, 3) WHERE level = 0 AND idx = 12"]],
    ['a leaf rewritten alone', ["UPDATE audit_nodes SET hash = CASE WHEN substr(hash, 1, 2) = '00' THEN 'ff' ELSE '00' END || substr(hash, 3) WHERE level = 0 AND idx = 99"]],
    ['a deleted row', ['DELETE FROM audit_entries WHERE seq = 63']],
    ['a row beyond the claimed size', ["INSERT INTO audit_entries (seq, recorded_at, actor_type, actor_roles, action, outcome, details, retention_class) VALUES (100, '2026-11-25T09:00:00.000Z', 'user', '[]', 'read', 'success', '{}', 'system')"]],
    ['a renumbered row', ['UPDATE audit_entries SET seq = 63.5 WHERE seq = 63']],
    ['malformed details', [`UPDATE audit_entries SET details = '{"n":5},{}' WHERE seq = 5`]],
    ['a BLOB in a text column', ["UPDATE audit_entries SET object_id = x'00' WHERE seq = 7"]],
    ['an altered checkpoint', ["UPDATE audit_checkpoints SET root_hash = CASE WHEN substr(root_hash, 1, 2) = '00' THEN 'ff' ELSE '00' END || substr(root_hash, 3) WHERE tree_size = 14"]],
    ['a forged signature', ["UPDATE audit_checkpoints SET signed_at = '2030-01-01T00:00:00.000Z' WHERE tree_size = 21"]],
  ])('hands %s to the row-by-row pass', async (_label, statements) => {
    const app = await logOf(100);
    await run(app, statements);
    expect(await fastVerify(app, 8)).toBeNull();
    expect((await app.audit.verify()).ok).toBe(false);
  });

  it('defers to the row-by-row pass on a stored hash it cannot compare as text', async () => {
    const app = await logOf(20);
    await run(app, ['UPDATE audit_nodes SET hash = upper(hash) WHERE level = 0 AND idx = 9']);
    expect(await fastVerify(app, 8)).toBeNull();
    // Capital hex is the same hash, which the row-by-row pass compares as bytes.
    expect((await app.audit.verify()).ok).toBe(true);
  });

  it('resumes after an archived prefix that ends off any power of two', async () => {
    const clock = testClock(new Date('2026-01-01T00:00:00Z'));
    platform = await createTestApp('sqlite', { demo: false, clock, auditOptions: { checkpointEvery: 7, checkpointIntervalMs: 3_600_000 } });
    for (let n = 0; n < 100; n++) await platform.auditLog.append(record(n));
    clock.advanceMinutes(400 * 24 * 60);
    const deps = { db: platform.database.db, log: platform.auditLog, audit: platform.audit, keyring: platform.keyring, clock };
    expect(await archiveExpired(deps, { directory: platform.config.dataDir, policy: MINIMUM_RETENTION, upTo: 37 })).toMatchObject({ from: 0, to: 37 });
    for (const stretch of [4, 16]) expect(await fastVerify(platform, stretch), `stretch ${stretch}`).toMatchObject({ ok: true, entriesChecked: 100 });
    await run(platform, ["UPDATE audit_entries SET outcome = 'denied' WHERE seq = 38"]);
    expect(await fastVerify(platform, 4)).toBeNull();
  });

  // The worker threads exist only in the compiled build (`npm run build:server`).
  const compiled = path.resolve('dist/server/audit/sqlite-verify/index.js');
  it.skipIf(!existsSync(compiled))('runs the same checks on worker threads in the compiled build', async () => {
    const built = (await import(compiled)) as { verifySqliteLog: typeof verifySqliteLog };
    const app = await logOf(100);
    expect(await fastVerify(app, 4, built)).toMatchObject({ ok: true, entriesChecked: 100 });
    await run(app, ["UPDATE audit_entries SET outcome = 'denied' WHERE seq = 97"]);
    expect(await fastVerify(app, 4, built)).toBeNull();
  });
});
