import { describe, expect, it } from 'vitest';
import { canonicalEntry, completeEntry, type AuditRecord } from './entry.js';
import { canonicalRowBytes, entryToRow, rowToEntry } from './rows.js';

const records: AuditRecord[] = [
  { actor: { type: 'user', id: 'u1', name: '王明', roles: ['staff', 'dept_head'], departmentId: 'd1' }, action: 'read', objectType: 'record', objectId: 'Observation/1', patientId: 'p1', purposeOfUse: 'treatment', accessBasis: 'department', outcome: 'success', sourceIp: '::1', userAgent: 'Mozilla "quoted" \\ back', requestId: 'r1', details: { z: [1, { b: 2, a: '甲' }], a: null } },
  { actor: { type: 'anonymous', id: null, name: null, roles: [], departmentId: null }, action: 'login_failed', objectType: null, objectId: null, outcome: 'denied', reason: 'INVALID_CREDENTIALS' },
  { actor: { type: 'system', id: null, name: 'yixiang', roles: [], departmentId: null }, action: 'system', objectType: 'audit_log', objectId: null, outcome: 'error', details: { line: 'a\nb\u2028c' } },
];

describe('canonicalRowBytes', () => {
  it.each(records.map((record, i) => [i, record] as const))('gives the canonical entry bytes for record %i', (_i, record) => {
    const entry = completeEntry(record, 41, '2026-11-25T09:00:00.000Z');
    const row = entryToRow(entry);
    expect(canonicalRowBytes(row)!.equals(canonicalEntry(entry))).toBe(true);
    expect(canonicalRowBytes(row)!.equals(canonicalEntry(rowToEntry(row)))).toBe(true);
  });

  it('refuses JSON columns that would let text shift between columns', () => {
    const row = entryToRow(completeEntry(records[0]!, 1, 't'));
    expect(canonicalRowBytes({ ...row, details: '"r1",{"a":null}' })).toBeNull();
    expect(canonicalRowBytes({ ...row, actor_roles: '["staff"],"d1"' })).toBeNull();
    expect(canonicalRowBytes({ ...row, actor_roles: '{}' })).toBeNull();
  });
});
