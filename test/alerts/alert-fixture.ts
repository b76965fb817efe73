/**
 * Set-up of the anomaly alert suites: a demo hospital with synthetic patients on a hand-moved clock,
 * sessions that are renewed after the clock jumps, and helpers to call the API, scan and see which
 * alerts a step raised.
 */
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock, type TestClock } from '../support/clock.js';
import type { DialectName } from '../support/databases.js';
import { DEMO_PASSWORD } from '../../src/demo/index.js';

/** 09:00 in the hospital (Asia/Shanghai) on a Thursday, just after the demo's open admissions began. */
export const T0 = new Date('2026-11-26T01:00:00.000Z');

export interface AlertSummary {
  id: string;
  rule: string;
  severity: string;
  status: string;
  subject: { userId: string | null; username: string | null; departmentId: string | null };
  facts: Record<string, unknown>;
  evidence: number[];
}

export interface AlertFixture {
  platform: TestApp;
  clock: TestClock;
  call(username: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A data read with X-Purpose-Of-Use. */
  read(username: string, url: string, purpose?: string): Promise<LightMyRequestResponse>;
  failSignIn(username: string): Promise<void>;
  /** Moves the clock; sessions older than the move are dropped and signed in again on next use. */
  advanceMinutes(minutes: number): void;
  moveTo(at: string): void;
  userId(username: string): Promise<string>;
  /** Runs a scan through the API as the information administrator. */
  scan(): Promise<{ scannedTo: number; raised: number }>;
  /** Alerts raised since the last call, sorted by rule and subject. */
  newAlerts(): Promise<AlertSummary[]>;
  close(): Promise<void>;
}

export async function openAlertFixture(dialect: DialectName, demoPatients: number): Promise<AlertFixture> {
  const clock = testClock(T0);
  const platform = await createTestApp(dialect, { config: { demoPatients }, clock });
  const sessions = new Map<string, Session>();
  const seen = new Set<string>();
  const users = new Map((await platform.database.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const session = async (username: string) => {
    if (!sessions.has(username)) sessions.set(username, await signIn(platform.app, username));
    return sessions.get(username)!;
  };
  const call: AlertFixture['call'] = async (username, method, url, payload, headers = {}) =>
    platform.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(await session(username)), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const listAll = async (): Promise<AlertSummary[]> => {
    const items: AlertSummary[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('infoadmin', 'GET', `/alerts?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      if (page.statusCode !== 200) throw new Error(`listing alerts failed: ${page.statusCode} ${page.body}`);
      const body = page.json() as { items: AlertSummary[]; nextCursor: string | null };
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  };
  return {
    platform,
    clock,
    call,
    read: (username, url, purpose = 'treatment') => call(username, 'GET', url, undefined, { 'x-purpose-of-use': purpose }),
    async failSignIn(username) {
      const response = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: `${DEMO_PASSWORD}-typo` } });
      if (response.statusCode < 400) throw new Error(`sign-in of ${username} with a wrong password succeeded`);
    },
    advanceMinutes(minutes) {
      clock.advanceMinutes(minutes);
      sessions.clear();
    },
    moveTo(at) {
      clock.set(new Date(at));
      sessions.clear();
    },
    async userId(username) {
      const id = users.get(username);
      if (!id) throw new Error(`fixture: no user ${username}`);
      return id;
    },
    async scan() {
      const response = await call('infoadmin', 'POST', '/alerts/scan');
      if (response.statusCode !== 200) throw new Error(`scan failed: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    async newAlerts() {
      const fresh = (await listAll()).filter((alert) => !seen.has(alert.id));
      for (const alert of fresh) seen.add(alert.id);
      return fresh.sort((a, b) => `${a.rule} ${a.subject.username}`.localeCompare(`${b.rule} ${b.subject.username}`));
    },
    close: () => platform.close(),
  };
}

export const ruleAndSubject = (alerts: readonly AlertSummary[]) => alerts.map((a) => `${a.rule} ${a.subject.username}`);
