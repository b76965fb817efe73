import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCryptoHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle/index.js';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`audit log API (${dialect})`, () => {
    let platform: TestApp;
    let auditor: Session;
    let admin: Session;
    const get = (session: Session, url: string) => platform.app.inject({ url: `/api/v1${url}`, headers: bearer(session) });

    beforeAll(async () => {
      platform = await createTestApp(dialect, { auditOptions: { checkpointEvery: 5 } });
      auditor = await signIn(platform.app, 'auditor');
      admin = await signIn(platform.app, 'infoadmin');
    });
    afterAll(async () => platform?.close());

    it('records successful and failed sign-ins with actor, outcome and request id', async () => {
      await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-request-id': 'req-failed-login-1' }, payload: { username: 'dr.wang', password: 'wrong-password' } });
      const failed = (await get(auditor, '/audit/events?action=login_failed')).json().items;
      expect(failed[0]).toMatchObject({ action: 'login_failed', outcome: 'denied', reason: 'INVALID_CREDENTIALS', requestId: 'req-failed-login-1', actor: { type: 'anonymous', name: 'dr.wang' } });
      expect(JSON.stringify(failed[0])).not.toContain('wrong-password');
      const logins = (await get(auditor, '/audit/events?action=login&outcome=success')).json().items;
      expect(logins.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(expect.arrayContaining(['auditor', 'infoadmin']));
    });

    it('records management changes with the object and the changed fields, but not personal values', async () => {
      const created = await platform.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(admin), payload: { username: 'audit.subject', displayName: '审计对象', departmentId: null, roles: ['staff'], password: 'Welcome@2026x' } });
      const id = created.json().id;
      await platform.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: bearer(admin), payload: { phone: '13800138000', status: 'suspended' } });
      const events = (await get(auditor, `/audit/events?objectId=${id}`)).json().items;
      expect(events.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
      expect(events[0].details.changes).toEqual({ phone: '(changed)', status: 'suspended' });
      expect(JSON.stringify(events)).not.toContain('13800138000');
      expect(JSON.stringify(events)).not.toContain('Welcome@2026x');
      expect(events[1]).toMatchObject({ objectType: 'user', actor: { name: 'infoadmin', roles: ['info_admin'] }, outcome: 'success' });
    });

    it('records refused requests and reading the log itself', async () => {
      const staff = await signIn(platform.app, 'dr.li');
      expectProblem(await get(staff, '/audit/events'), 403, 'FORBIDDEN');
      await platform.app.inject({ url: '/api/v1/users' });
      const denied = (await get(auditor, '/audit/events?outcome=denied&limit=10')).json().items;
      expect(denied.some((e: { actor: { name: string }; reason: string; objectType: string }) => e.actor.name === 'dr.li' && e.reason === 'FORBIDDEN' && e.objectType === 'audit_log')).toBe(true);
      expect(denied.some((e: { actor: { type: string }; reason: string }) => e.actor.type === 'anonymous' && e.reason === 'UNAUTHENTICATED')).toBe(true);
      const reads = (await get(auditor, '/audit/events?action=search&limit=50')).json().items;
      expect(reads.some((e: { objectType: string; actor: { name: string } }) => e.objectType === 'audit_log' && e.actor.name === 'auditor')).toBe(true);
    });

    it('pages with a cursor and filters by actor, department, time and outcome', async () => {
      const first = (await get(auditor, '/audit/events?limit=3')).json();
      expect(first.items).toHaveLength(3);
      const second = (await get(auditor, `/audit/events?limit=3&cursor=${first.nextCursor}`)).json();
      expect(second.items[0].seq).toBeLessThan(first.items[2].seq);
      const byActor = (await get(auditor, `/audit/events?actor=${admin.userId}`)).json().items;
      expect(byActor.every((e: { actor: { id: string } }) => e.actor.id === admin.userId)).toBe(true);
      expect((await get(auditor, '/audit/events?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).json().items).toEqual([]);
      expectProblem(await get(auditor, '/audit/events?action=dance'), 400, 'VALIDATION_FAILED');
      expectProblem(await get(auditor, '/audit/events?from=yesterday'), 400, 'VALIDATION_FAILED');
    });

    it('serves an entry with an inclusion proof that an independent verifier accepts', async () => {
      const latest = (await get(auditor, '/audit/events?limit=1')).json().items[0];
      const response = await get(auditor, `/audit/events/${latest.seq}`);
      expect(response.statusCode).toBe(200);
      const { entry, proof } = response.json();
      expect(entry.seq).toBe(latest.seq);
      expect(proof.checkpoint.treeSize).toBeGreaterThan(latest.seq);
      const hash = nodeCryptoHash('sha256');
      const ok = verifyInclusion(hash, proof.leafIndex, proof.treeSize, Buffer.from(proof.leafHash, 'hex'), proof.hashes.map((h: string) => Buffer.from(h, 'hex')), Buffer.from(proof.checkpoint.rootHash, 'hex'));
      expect(ok).toBe(true);
      const wrongLeaf = verifyInclusion(hash, proof.leafIndex, proof.treeSize, Buffer.alloc(32), proof.hashes.map((h: string) => Buffer.from(h, 'hex')), Buffer.from(proof.checkpoint.rootHash, 'hex'));
      expect(wrongLeaf).toBe(false);
      expectProblem(await get(auditor, '/audit/events/999999'), 404, 'AUDIT_ENTRY_NOT_FOUND');
      expectProblem(await get(auditor, '/audit/events/-1'), 400, 'VALIDATION_FAILED');
    });

    it('lists signed checkpoints and proves consistency between two of them', async () => {
      const page = (await get(auditor, '/audit/checkpoints?limit=100')).json();
      expect(page.items.length).toBeGreaterThanOrEqual(2);
      const [newer, older] = [page.items[0], page.items[page.items.length - 1]];
      expect(newer).toMatchObject({ hashAlgorithm: 'SHA-256', signatureAlgorithm: 'Ed25519' });
      const latest = (await get(auditor, '/audit/checkpoints/latest')).json();
      // Each request appends its own entry, so the log may have been checkpointed again since the list.
      expect(latest.treeSize).toBeGreaterThanOrEqual(newer.treeSize);
      const proof = (await get(auditor, `/audit/consistency?from=${older.treeSize}&to=${newer.treeSize}`)).json();
      const hash = nodeCryptoHash('sha256');
      expect(verifyConsistency(hash, older.treeSize, newer.treeSize, Buffer.from(older.rootHash, 'hex'), Buffer.from(newer.rootHash, 'hex'), proof.hashes.map((h: string) => Buffer.from(h, 'hex')))).toBe(true);
      expectProblem(await get(auditor, `/audit/consistency?from=${newer.treeSize}&to=${older.treeSize}`), 400, 'VALIDATION_FAILED');
      expectProblem(await get(auditor, `/audit/consistency?from=1&to=${newer.treeSize + 1000}`), 404, 'CHECKPOINT_NOT_FOUND');
    });

    it('exports NDJSON, a FHIR Bundle of AuditEvents and RFC 5424 syslog', async () => {
      const ndjson = await get(auditor, '/audit/export?format=ndjson');
      expect(ndjson.headers['content-type']).toContain('application/x-ndjson');
      const lines = ndjson.body.trim().split('\n').map((line) => JSON.parse(line));
      expect(lines[0]).toMatchObject({ seq: 0 });
      expect(lines[0].leafHash).toMatch(/^[0-9a-f]{64}$/);
      const fhir = (await get(auditor, '/audit/export?format=fhir')).json();
      expect(fhir.resourceType).toBe('Bundle');
      expect(fhir.entry[0].resource.resourceType).toBe('AuditEvent');
      const syslog = (await get(auditor, '/audit/export?format=syslog')).body.trim().split('\n');
      expect(syslog[0]).toMatch(/^<\d{1,3}>1 \d{4}-\d\d-\d\dT/);
      expectProblem(await get(auditor, '/audit/export?format=xml'), 400, 'VALIDATION_FAILED');
      const staff = await signIn(platform.app, 'pharm.wu');
      expectProblem(await get(staff, '/audit/export'), 403, 'FORBIDDEN');
    });

    it('verifies the whole log and reports it healthy', async () => {
      const result = await platform.audit.verify();
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.entriesChecked).toBeGreaterThan(20);
      const health = (await platform.app.inject({ url: '/healthz' })).json();
      expect(health.checks.auditLog.status).toBe('ok');
    });
  });
}
