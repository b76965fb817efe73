import { sql } from 'kysely';
import type { AuditRecord } from '../../src/audit/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import type { DialectName } from '../support/databases.js';

export function sampleRecord(n: number): AuditRecord {
  return {
    actor: { type: 'user', id: `u-${n % 7}`, name: `user${n % 7}`, roles: ['staff'], departmentId: `d-${n % 3}` },
    action: n % 5 === 0 ? 'update' : 'read',
    objectType: 'user',
    objectId: `obj-${n}`,
    patientId: n % 4 === 0 ? `p-${n}` : null,
    outcome: n % 9 === 0 ? 'denied' : 'success',
    sourceIp: '10.0.0.1',
    requestId: `req-${n}`,
    details: { n },
  };
}

/** A platform with no demo data and a log of `size` entries, checkpointed every `every`. */
export async function appWithLog(dialect: DialectName, size: number, every: number): Promise<TestApp> {
  const platform = await createTestApp(dialect, { demo: false, auditOptions: { checkpointEvery: every, checkpointIntervalMs: 3_600_000 } });
  for (let n = 0; n < size; n++) await platform.auditLog.append(sampleRecord(n));
  return platform;
}

/** What an intruder with the database owner's rights does first: remove the append-only triggers. */
export async function dropAppendOnlyGuards(platform: TestApp): Promise<void> {
  if (platform.database.dialect.name === 'postgres') {
    for (const table of ['audit_entries', 'audit_nodes', 'audit_checkpoints']) await rawSql(platform, `ALTER TABLE ${table} DISABLE TRIGGER USER`);
    return;
  }
  for (const table of ['audit_entries', 'audit_nodes', 'audit_checkpoints']) {
    await rawSql(platform, `DROP TRIGGER IF EXISTS ${table}_no_update`);
    await rawSql(platform, `DROP TRIGGER IF EXISTS ${table}_no_delete`);
  }
}

/** Raw SQL against the log's tables, as an intruder with database access would do it. */
export function rawSql(platform: TestApp, text: string) {
  return sql.raw(text).execute(platform.database.db);
}
