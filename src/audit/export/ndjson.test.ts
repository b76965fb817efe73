import { describe, expect, it } from 'vitest';
import { completeEntry, type AuditRecord } from '../entry.js';
import { toNdjsonLine } from './ndjson.js';

const record: AuditRecord = {
  actor: { type: 'user', id: 'u-1', name: '王医生', roles: ['staff'], departmentId: 'd-1' },
  action: 'read',
  objectType: 'record',
  objectId: 'r-1',
  patientId: 'p-1',
  purposeOfUse: 'treatment',
  outcome: 'denied',
  reason: 'first line\nsecond "quoted" line',
  details: { z: 1, a: { y: [2, 1], b: null } },
};

describe('toNdjsonLine', () => {
  it('sorts keys at every depth, so insertion order never changes the bytes', () => {
    const one = completeEntry(record, 5, '2026-11-25T09:00:00.000Z');
    const reordered = completeEntry({ ...record, details: { a: { b: null, y: [2, 1] }, z: 1 } }, 5, '2026-11-25T09:00:00.000Z');
    const line = toNdjsonLine(one);
    expect(toNdjsonLine(reordered)).toBe(line);
    expect(Object.keys(JSON.parse(line) as object)).toEqual([...Object.keys(JSON.parse(line) as object)].sort());
    expect(line.startsWith('{"accessBasis":null,"action":"read","actor":{"departmentId":"d-1","id":"u-1","name":"王医生","roles":["staff"],"type":"user"}')).toBe(true);
    expect(line).toContain('"details":{"a":{"b":null,"y":[2,1]},"z":1}');
  });

  it('is exactly one line with no trailing whitespace, even with newlines in values', () => {
    const line = toNdjsonLine(completeEntry(record, 5, '2026-11-25T09:00:00.000Z'), { leafHash: 'ef'.repeat(32) });
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toBe(line.trim());
  });

  it('round-trips through JSON.parse, with leafHash only when given', () => {
    const entry = completeEntry(record, 5, '2026-11-25T09:00:00.000Z');
    expect(JSON.parse(toNdjsonLine(entry))).toEqual(entry);
    expect(JSON.parse(toNdjsonLine(entry))).not.toHaveProperty('leafHash');
    expect(JSON.parse(toNdjsonLine(entry, { leafHash: 'ef'.repeat(32) }))).toEqual({ ...entry, leafHash: 'ef'.repeat(32) });
  });
});
