import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, completeEntry, type AuditRecord } from './entry.js';

const record: AuditRecord = {
  actor: { type: 'user', id: 'u1', name: 'dr.wang', roles: ['staff', 'dept_head'], departmentId: 'd1' },
  action: 'read',
  objectType: 'user',
  objectId: 'u2',
  outcome: 'success',
  details: { b: 1, a: { d: [2, 1], c: null } },
};

describe('canonical audit entries', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { y: undefined, x: [{ z: 1, w: 2 }] } })).toBe('{"a":{"x":[{"w":2,"z":1}]},"b":1}');
  });

  it('gives identical bytes for the same entry regardless of key or role order', () => {
    const one = completeEntry(record, 7, '2026-11-25T09:00:00.000Z');
    const two = completeEntry({ ...record, actor: { ...record.actor, roles: ['dept_head', 'staff'] }, details: { a: { c: null, d: [2, 1] }, b: 1 } }, 7, '2026-11-25T09:00:00.000Z');
    expect(canonicalEntry(one).equals(canonicalEntry(two))).toBe(true);
  });

  it('changes the bytes when any field changes', () => {
    const base = canonicalEntry(completeEntry(record, 7, '2026-11-25T09:00:00.000Z'));
    expect(canonicalEntry(completeEntry(record, 8, '2026-11-25T09:00:00.000Z')).equals(base)).toBe(false);
    expect(canonicalEntry(completeEntry({ ...record, outcome: 'denied' }, 7, '2026-11-25T09:00:00.000Z')).equals(base)).toBe(false);
  });

  it('bounds oversized details and text', () => {
    const entry = completeEntry({ ...record, userAgent: 'x'.repeat(5000), details: { blob: 'y'.repeat(10_000) } }, 1, 't');
    expect(entry.userAgent).toHaveLength(300);
    expect(entry.details).toEqual({ truncated: true });
  });
});
