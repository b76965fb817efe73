import { describe, expect, it } from 'vitest';
import { exportState, expiryOf, failureOf, INTERRUPTED, manifestOf, RETENTION_MS, STALE_AFTER_MS } from './status.js';

const now = new Date('2026-11-26T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const row = (status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled', extra: { expires_at?: string | null; heartbeat_at?: string | null } = {}) => ({ status, expires_at: null, heartbeat_at: ago(1000), created_at: ago(5000), ...extra });

describe('exportState', () => {
  it('reads a live job as it is recorded', () => {
    expect(exportState(row('queued'), now)).toBe('queued');
    expect(exportState(row('running'), now)).toBe('running');
    expect(exportState(row('completed', { expires_at: ago(-1) }), now)).toBe('completed');
    expect(exportState(row('cancelled'), now)).toBe('cancelled');
  });

  it('expires finished jobs at their expiry, and fails a job whose process went quiet', () => {
    expect(exportState(row('completed', { expires_at: ago(0) }), now)).toBe('expired');
    expect(exportState(row('failed', { expires_at: ago(1) }), now)).toBe('expired');
    expect(exportState(row('running', { heartbeat_at: ago(STALE_AFTER_MS) }), now)).toBe('failed');
    expect(exportState(row('queued', { heartbeat_at: null }), now)).toBe('queued');
    expect(exportState({ ...row('queued', { heartbeat_at: null }), created_at: ago(STALE_AFTER_MS + 1) }, now)).toBe('failed');
  });

  it('reports a recorded failure, or the interruption', () => {
    expect(failureOf({ status: 'failed', error: 'the grant ended' })).toBe('the grant ended');
    expect(failureOf({ status: 'running', error: null })).toBe(INTERRUPTED);
  });
});

describe('expiryOf', () => {
  it('keeps a finished export a day, never past its grant', () => {
    expect(expiryOf(now, '2027-01-01T00:00:00.000Z')).toBe(new Date(now.getTime() + RETENTION_MS).toISOString());
    expect(expiryOf(now, '2026-11-26T18:00:00.000Z')).toBe('2026-11-26T18:00:00.000Z');
  });
});

describe('manifestOf', () => {
  it('lists output and error files with their counts, and requires the access token', () => {
    const files = [
      { id: 'f1', kind: 'output' as const, resource_type: 'Observation', count: 3 },
      { id: 'f2', kind: 'error' as const, resource_type: 'OperationOutcome', count: 1 },
      { id: 'f3', kind: 'output' as const, resource_type: 'DiagnosticReport', count: 2 },
    ];
    expect(manifestOf({ started_at: '2026-11-26T11:00:00.000Z', created_at: 'x', request_url: 'https://yx/fhir/R4/Group/g/$export' }, files, (id) => `https://yx/files/${id}`)).toEqual({
      transactionTime: '2026-11-26T11:00:00.000Z',
      request: 'https://yx/fhir/R4/Group/g/$export',
      requiresAccessToken: true,
      output: [
        { type: 'Observation', url: 'https://yx/files/f1', count: 3 },
        { type: 'DiagnosticReport', url: 'https://yx/files/f3', count: 2 },
      ],
      error: [{ type: 'OperationOutcome', url: 'https://yx/files/f2', count: 1 }],
    });
  });
});
