import type { TestProject } from 'vitest/node';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a PostgreSQL server for tests, or null when PostgreSQL tests are skipped. */
    postgresUrl: string | null;
  }
}

let server: ThrowawayPostgres | null = null;

/**
 * Decides once per run where PostgreSQL tests go: DATABASE_URL when set, else a throwaway server
 * when the binaries exist, else the PostgreSQL half of the suite is skipped — loudly.
 */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    console.log(`[yixiang tests] PostgreSQL: using DATABASE_URL`);
    project.provide('postgresUrl', process.env.DATABASE_URL);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    console.log('[yixiang tests] PostgreSQL tests SKIPPED: DATABASE_URL is unset and no PostgreSQL binaries were found under /usr/lib/postgresql');
    project.provide('postgresUrl', null);
    return;
  }
  const started = Date.now();
  server = await startThrowawayPostgres(bin);
  console.log(`[yixiang tests] PostgreSQL: throwaway server from ${bin} started in ${Date.now() - started} ms`);
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  server?.stop();
  server = null;
}
