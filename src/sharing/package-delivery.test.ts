import { describe, expect, it } from 'vitest';
import { isGrantee, packageStatus } from './package-delivery.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const row = (overrides: Partial<{ status: string; expires_at: string; downloads_used: number; downloads_allowed: number }> = {}) => ({ status: 'ready', expires_at: '2026-11-30T00:00:00.000Z', downloads_used: 0, downloads_allowed: 3, ...overrides });

describe('export package status', () => {
  it('is ready until it expires or its downloads are used up', () => {
    expect(packageStatus(row(), NOW)).toBe('ready');
    expect(packageStatus(row({ downloads_used: 2 }), NOW)).toBe('ready');
    expect(packageStatus(row({ downloads_used: 3 }), NOW)).toBe('exhausted');
    expect(packageStatus(row({ expires_at: NOW.toISOString() }), NOW)).toBe('expired');
  });

  it('keeps a status the housekeeping job set', () => {
    expect(packageStatus(row({ status: 'withdrawn' }), NOW)).toBe('withdrawn');
    expect(packageStatus(row({ status: 'exhausted', downloads_used: 3 }), NOW)).toBe('exhausted');
  });
});

describe('grantee of a package', () => {
  it('is the grant’s user or a member of its department, never an institution’s namesake', () => {
    expect(isGrantee({ grantee: { kind: 'user', id: 'u1' } }, { userId: 'u1', departmentId: 'd1' })).toBe(true);
    expect(isGrantee({ grantee: { kind: 'user', id: 'u1' } }, { userId: 'u2', departmentId: 'd1' })).toBe(false);
    expect(isGrantee({ grantee: { kind: 'department', id: 'd1' } }, { userId: 'u2', departmentId: 'd1' })).toBe(true);
    expect(isGrantee({ grantee: { kind: 'department', id: 'd1' } }, { userId: 'u2', departmentId: null })).toBe(false);
    expect(isGrantee({ grantee: { kind: 'institution', id: 'u1' } }, { userId: 'u1', departmentId: 'u1' })).toBe(false);
  });
});
