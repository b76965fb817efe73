import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AuditLogOptions } from '../../src/audit/index.js';
import { DEFAULT_CONFIG, type AppConfig } from '../../src/app/config.js';
import { openPlatform, type Platform } from '../../src/app/platform.js';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { PasswordHasher } from '../../src/org/index.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { createTestDatabase, type DialectName } from './databases.js';

/**
 * Test platforms hash passwords at a cost about 1/100 of production's: a sign-in costs ~1 ms, not
 * ~350 ms, on a suite that signs in thousands of times. The server and the CLI never take this
 * path (test/org/password-cost.test.ts checks that what they store is at the production cost).
 */
const TEST_PASSWORDS = new PasswordHasher({ N: 1024, r: 8, p: 1 });

export interface TestApp extends Platform {
  config: AppConfig;
}

/** A platform on a fresh database of the given dialect, demo hospital loaded unless told otherwise. */
export async function createTestApp(dialect: DialectName, options: { demo?: boolean; clock?: Clock; loginRateLimit?: number; config?: Partial<AppConfig>; auditOptions?: Partial<AuditLogOptions>; housekeepingEveryMs?: number | null } = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config: AppConfig = {
    ...DEFAULT_CONFIG,
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    demo: options.demo ?? true,
    // Records are loaded only by the tests that need them; most need only the organisation.
    demoPatients: 0,
    logLevel: 'silent',
    ...options.config,
  };
  const platform = await openPlatform(config, options.clock ?? systemClock, { loginRateLimit: options.loginRateLimit ?? 1000, auditOptions: options.auditOptions, housekeepingEveryMs: options.housekeepingEveryMs ?? null, passwords: TEST_PASSWORDS });
  return {
    ...platform,
    config,
    async close() {
      await platform.close();
      await database.drop();
    },
  };
}

export interface Session {
  token: string;
  cookie: string;
  csrf: string;
  userId: string;
}

/** Signs in through the real endpoint and returns both the bearer token and the cookie pair. */
export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  const session = response.cookies.find((c) => c.name === 'yx_session')!;
  const csrf = response.cookies.find((c) => c.name === 'yx_csrf')!;
  const body = response.json() as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, cookie: `yx_session=${session.value}; yx_csrf=${csrf.value}`, csrf: csrf.value, userId: body.user.id };
}

export function bearer(session: Session): Record<string, string> {
  return { authorization: `Bearer ${session.token}` };
}

export function expectProblem(response: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  const body = response.json() as Record<string, unknown>;
  if (response.statusCode !== status || body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${response.statusCode} ${response.body}`);
  }
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${response.headers['content-type']}`);
  }
  return body;
}
