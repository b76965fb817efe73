import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export type DialectName = 'sqlite' | 'postgres';

/** The dialects every store and integration test runs on. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export function postgresAvailable(): boolean {
  // The browser group starts no PostgreSQL and is given no URL at all (undefined).
  return inject('postgresUrl') != null;
}

/** Whether a dialect's tests should be skipped in this run (PostgreSQL without a server). */
export function skipDialect(dialect: DialectName): boolean {
  return dialect === 'postgres' && !postgresAvailable();
}

export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | null;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, empty database for one test file: a temp SQLite file, or a new PostgreSQL database on
 * the run's server, so test files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yixiang-test-'));
  if (dialect === 'sqlite') {
    return { dataDir, databaseUrl: null, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available in this run');
  const name = `yx_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    dataDir,
    databaseUrl: withDatabase(adminUrl, name),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      await dropPostgresDatabase(adminUrl, name);
    },
  };
}

const OBJECT_IN_USE = '55006';

/**
 * Drops a test database once its connections are gone. A pg pool's end() resolves before its
 * sockets have closed, and forcing the drop at that moment makes the server terminate those
 * backends — which the closing clients report as an unhandled "terminating connection" error in
 * whichever test file happens to be running. So wait for them to leave; force only as a last resort.
 */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
