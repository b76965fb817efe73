import { describe, expect, it } from 'vitest';
import { canonicalEntry, completeEntry, type AuditRecord } from './entry.js';
import { canonicalRowBytes, canonicalRowText, entryToRow, rowToEntry } from './rows.js';

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

describe('canonicalRowText', () => {
  it('quotes exactly as JSON.stringify does, on its fast path and off it', () => {
    const strings = ['plain', '', 'a"b', 'back\\slash', 'tab\there', '\u0000\u001f', '\u007f\u2028', 'pair 🩺', 'lone \ud800 high', 'lone \udc00 low', '王明'];
    for (const value of strings) {
      const row = entryToRow(completeEntry({ ...records[0]!, userAgent: value, reason: value }, 3, 't'));
      expect(canonicalRowText(row), JSON.stringify(value)).toBe(canonicalEntry(rowToEntry(row)).toString('utf8'));
      expect(Buffer.from(canonicalRowText(row), 'utf8').equals(canonicalEntry(completeEntry({ ...records[0]!, userAgent: value, reason: value }, 3, 't')))).toBe(true);
    }
  });

  it('reads a field a JavaScript caller left undefined as null, as canonicalEntry does', () => {
    const actor = { type: 'system', name: 'x', roles: [] } as unknown as AuditRecord['actor'];
    const entry = completeEntry({ ...records[1]!, actor }, 4, 't');
    expect(Buffer.from(canonicalRowText(entryToRow(entry)), 'utf8').equals(canonicalEntry(entry))).toBe(true);
  });

  it('renders a non-text value planted in a text column as JSON.stringify would', () => {
    const row = entryToRow(completeEntry(records[0]!, 5, 't'));
    expect(canonicalRowText({ ...row, object_id: 5 as unknown as string })).toContain(',5,');
  });
});
