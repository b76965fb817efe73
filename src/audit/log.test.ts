import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { DIALECTS, skipDialect } from '../../test/support/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`AuditLog (${dialect})`, () => {
    let platform: TestApp | undefined;
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
    });

    it('keeps an entry with lone surrogates verifiable, storing them as U+FFFD', async () => {
      platform = await createTestApp(dialect, { demo: false });
      const entry = await platform.auditLog.append({
        actor: { type: 'user', id: 'u-\ud800', name: 'name\udc00', roles: ['r\ud800'], departmentId: null },
        action: 'read',
        objectType: 'record',
        objectId: 'o\ud83d',
        outcome: 'denied',
        reason: 'half a pair: \ud83d',
        details: { 'k\ud800': 'v\udc00', pair: '🩺' },
      });
      expect(entry.reason).toBe('half a pair: \ufffd');
      expect((await platform.audit.verify()).ok).toBe(true);
      const stored = (await platform.audit.search({ objectId: 'o\ufffd' }, 5)).items;
      expect(stored.map((e) => [e.seq, e.actor.id, e.actor.name, e.reason])).toEqual([[entry.seq, 'u-\ufffd', 'name\ufffd', 'half a pair: \ufffd']]);
      expect((await platform.audit.entryWithProof(entry.seq)).proof.leafHash).toBe(platform.audit.leafHashOf(entry));
    });

    it('computes each checkpoint root from the edge it carries, matching the stored tree', async () => {
      platform = await createTestApp(dialect, { demo: false, auditOptions: { checkpointEvery: 5, checkpointIntervalMs: 3_600_000 } });
      const record = (n: number) => ({ actor: { type: 'system' as const, id: null, name: 'x', roles: [], departmentId: null }, action: 'system' as const, objectType: null, objectId: `o-${n}`, outcome: 'success' as const });
      for (let n = 0; n < 23; n++) await platform.auditLog.append(record(n));
      await Promise.all(Array.from({ length: 40 }, (_, n) => platform!.auditLog.append(record(100 + n))));
      const result = await platform.audit.verify();
      expect(result).toMatchObject({ ok: true, entriesChecked: 63 });
      expect(result.checkpointsChecked).toBeGreaterThanOrEqual(5);
    });
  });
}
