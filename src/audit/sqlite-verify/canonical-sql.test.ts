import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, completeEntry, type AuditRecord } from '../entry.js';
import { canonicalRowText, entryToRow } from '../rows.js';
import type { AuditEntryRow } from '../tables.js';
import { canonicalTextSql } from './canonical-sql.js';

const COLUMNS: (keyof AuditEntryRow)[] = ['seq', 'recorded_at', 'actor_type', 'actor_id', 'actor_name', 'actor_roles', 'actor_department_id', 'action', 'object_type', 'object_id', 'patient_id', 'purpose_of_use', 'grant_id', 'access_basis', 'outcome', 'reason', 'source_ip', 'user_agent', 'request_id', 'details', 'retention_class'];

function table() {
  const db = new SqliteDatabase(':memory:');
  db.exec(`CREATE TABLE audit_entries (seq bigint primary key, ${COLUMNS.slice(1).map((c) => `${c} text`).join(', ')})`);
  const insert = db.prepare(`INSERT INTO audit_entries (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const text = db.prepare(`SELECT ${canonicalTextSql('e')} FROM audit_entries AS e WHERE e.seq = ?`).pluck();
  return {
    put: (row: AuditEntryRow) => insert.run(...COLUMNS.map((c) => row[c])),
    textOf: (seq: number) => text.get(seq) as string | null,
    raw: (statement: string) => db.exec(statement),
  };
}

const EVERY_ASCII = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
const TRICKY = [EVERY_ASCII, 'Mozilla "quoted" \\ back\\slash', '王明 检验科', 'emoji 🩺 and 𝄞', 'line\u2028sep\u2029para', '\u00a0nbsp \u00ad soft \ufeff bom \ufffd', 'del\u007f and c1 \u0085\u009f', ''];

function record(i: number, text: string): AuditRecord {
  return {
    actor: { type: 'user', id: `u-${i}`, name: text, roles: [text, 'staff'], departmentId: i % 2 ? null : text },
    action: 'read',
    objectType: 'record',
    objectId: text,
    patientId: i % 3 ? text : null,
    purposeOfUse: 'treatment',
    grantId: null,
    accessBasis: text,
    outcome: 'success',
    reason: text,
    sourceIp: '10.0.0.1',
    userAgent: text,
    requestId: `req-${i}`,
    details: { text, [text]: [1, 2.5, -0, 1e21, null, true, { z: text, a: 'é' }] },
  };
}

describe('canonicalTextSql', () => {
  it('builds in SQLite exactly the canonical entry text JavaScript builds, escapes and all', () => {
    const { put, textOf } = table();
    TRICKY.forEach((text, i) => {
      const entry = completeEntry(record(i, text), i, '2026-11-25T09:00:00.000Z');
      const row = entryToRow(entry);
      put(row);
      expect(textOf(i), JSON.stringify(text)).toBe(canonicalRowText(row));
      expect(Buffer.from(textOf(i)!, 'utf8').equals(canonicalEntry(entry))).toBe(true);
    });
  });

  it('gives NULL where a JSON column is not an array or an object, as canonicalRowBytes refuses it', () => {
    const { put, textOf } = table();
    const row = entryToRow(completeEntry(record(0, 'x'), 0, '2026-11-25T09:00:00.000Z'));
    const cases: Partial<AuditEntryRow>[] = [{ details: '"req-0",{"a":1}' }, { details: '[]' }, { details: '{"a":' }, { actor_roles: '["staff"],"d"' }, { actor_roles: '{}' }, { actor_roles: 'null' }];
    cases.forEach((change, i) => put({ ...row, ...change, seq: i + 1 }));
    cases.forEach((change, i) => expect(textOf(i + 1), JSON.stringify(change)).toBeNull());
  });

  it('never renders a value of another type like the text it replaced', () => {
    const { put, textOf, raw } = table();
    const row = entryToRow(completeEntry({ ...record(0, '5'), objectId: '5' }, 0, '2026-11-25T09:00:00.000Z'));
    put(row);
    // Text affinity turns a planted number into text, which renders as what is stored.
    raw('UPDATE audit_entries SET object_id = 5 WHERE seq = 0');
    expect(textOf(0)).toBe(canonicalRowText(row));
    raw('UPDATE audit_entries SET object_id = 5.0 WHERE seq = 0');
    expect(textOf(0)).toBe(canonicalRowText({ ...row, object_id: '5.0' }));
    raw("UPDATE audit_entries SET object_id = x'35' WHERE seq = 0");
    expect(() => textOf(0)).toThrow(/BLOB/);
  });
});
