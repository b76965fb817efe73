/**
 * The bulk read (`AccessService.scan`) against the paged search it stands in for: for the same
 * caller, purpose, channel and target, the same records in the same order, presented the same way
 * (projection, masking, pseudonyms, basis, the audit subject), on both databases — and nothing a
 * search would refuse. The export's scan spread over worker threads releases exactly what the scan
 * on the calling thread does.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPatientOf, type AccessContext, type Grant, type PageTransform, type PresentedRecord, type SearchTarget } from '../../src/access/index.js';
import { DEFAULT_MASKING_RULES } from '../../src/access/masking.js';
import { ScanWorkerPool } from '../../src/access/scan-pool.js';
import { createPageTransform, type ReleasedPage, type ReleaseSetup } from '../../src/sharing/package/release-transform.js';
import type { UserPrincipal } from '../../src/org/index.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { openAccessFixture, type AccessFixture } from './fixture.js';

const LAB = 'CLIN_LAB_REPORT';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`bulk read through access (${dialect})`, () => {
    let fx: AccessFixture;
    let wang: UserPrincipal;
    let listed: string[];
    let exportGrant: Grant;
    let apiGrant: Grant;

    async function principal(username: string, roles: UserPrincipal['roles']): Promise<UserPrincipal> {
      const row = await fx.platform.database.db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
      return { kind: 'user', userId: row.id, username: row.username, displayName: row.display_name, departmentId: row.department_id, roles, permissions: [], sessionTokenHash: '', via: 'bearer', csrfToken: '' };
    }

    async function searchAll(context: AccessContext, target: SearchTarget, limit: number): Promise<PresentedRecord[]> {
      const items: PresentedRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await fx.platform.access.search(context, target, limit, cursor);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    }

    async function scanAll(context: AccessContext, target: SearchTarget, pageSize: number): Promise<{ items: PresentedRecord[]; pages: number[] }> {
      const items: PresentedRecord[] = [];
      const pages: number[] = [];
      for await (const page of fx.platform.access.scan(context, target, pageSize)) {
        pages.push(page.length);
        items.push(...page);
      }
      return { items, pages };
    }

    /** Scan and search agree item for item, including the audit subject kept beside each record. */
    async function expectSame(context: AccessContext, target: SearchTarget, pageSize: number): Promise<PresentedRecord[]> {
      const searched = await searchAll(context, target, pageSize);
      const { items, pages } = await scanAll(context, target, pageSize);
      expect(items).toEqual(searched);
      expect(items.map(auditPatientOf)).toEqual(searched.map(auditPatientOf));
      expect(pages.every((size) => size > 0 && size <= pageSize)).toBe(true);
      return items;
    }

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      wang = await principal('dr.wang', ['staff']);
      const db = fx.platform.database.db;
      const patients = await db.selectFrom('records').select('patient_id').distinct().where('catalog_code', '=', LAB).where('patient_id', '!=', fx.anchor).orderBy('patient_id').limit(4).execute();
      listed = [...patients.map((row) => row.patient_id!), fx.anchor];
      const admin = await fx.userId('infoadmin');
      const validTo = new Date(fx.clock().getTime() + 30 * 86_400_000).toISOString();
      const fields = ['patient', 'testCode', 'collectedAt', 'issued', 'resultQuantity', 'performer'];
      exportGrant = await fx.platform.grants.create({ grantee: { kind: 'department', id: wang.departmentId! }, catalogCode: LAB, fields, patientScope: { kind: 'patients', patientIds: listed }, purpose: 'research', channel: 'export', validTo, maskingProfile: 'de-identified', reason: 'bulk read test' }, admin);
      apiGrant = await fx.platform.grants.create({ grantee: { kind: 'user', id: wang.userId }, catalogCode: LAB, fields, patientScope: { kind: 'patients', patientIds: listed }, purpose: 'treatment', channel: 'api', validTo, maskingProfile: 'pseudonymised', reason: 'bulk read test' }, admin);
    }, 180_000);
    afterAll(async () => {
      await fx?.close();
    });

    it('returns what search pages return under a grant with an explicit patient list, and no one else', async () => {
      const context: AccessContext = { principal: wang, purpose: 'research', channel: 'export' };
      const target: SearchTarget = { catalogCodes: [LAB], query: {} };
      const items = await expectSame(context, target, 7);
      expect(items.length).toBe(await fx.count({ catalog: LAB, patients: listed }));
      expect(items.every((item) => item.grantId === exportGrant.id && item.patientId === null)).toBe(true);
      // De-identified: the real patient stays beside the record for the audit, never in it.
      expect(new Set(items.map(auditPatientOf))).toEqual(new Set(listed));
      for (const item of items) for (const patient of listed) expect(JSON.stringify(item.resource)).not.toContain(patient);
      // Page sizes that divide the total evenly, exceed it, or are one record.
      await expectSame(context, target, items.length);
      await expectSame(context, target, items.length + 5);
      await expectSame(context, target, 1);
    });

    it('agrees with search across rules, catalogs and filters: care team first, then the grant, whole and masked records in one read', async () => {
      const context: AccessContext = { principal: wang, purpose: 'treatment', channel: 'api' };
      const items = await expectSame(context, { catalogCodes: [LAB, 'CLIN_ENCOUNTER', 'CLIN_DIAGNOSIS'], query: {} }, 13);
      const bases = new Set(items.map((item) => item.basis));
      expect(bases).toContain('care-team');
      expect(bases).toContain(`grant:${apiGrant.id}`);
      expect(items.some((item) => item.masked.length > 0)).toBe(true);
      await expectSame(context, { query: { resourceType: 'Observation' } }, 11);
      await expectSame(context, { catalogCodes: [LAB], query: { patientIds: listed.slice(0, 2) } }, 5);
    });

    it('refuses what search refuses: rows outside every rule, a patient named under a de-identified grant, a caller without a grant, a revoked grant', async () => {
      const research: AccessContext = { principal: wang, purpose: 'research', channel: 'export' };
      // The stranger is on no list and no care team: nothing of theirs, by scan or search.
      const stranger = await expectSame(research, { catalogCodes: [LAB], query: { patientId: fx.stranger } }, 5);
      expect(stranger).toEqual([]);
      // Naming a listed patient would link the de-identified grant's pseudonyms back to the person.
      expect(await expectSame(research, { catalogCodes: [LAB], query: { patientId: listed[0]! } }, 5)).toEqual([]);
      // Another department's clinician holds no grant for research export.
      const li = await principal('dr.li', ['staff']);
      expect((await scanAll({ principal: li, purpose: 'research', channel: 'export' }, { catalogCodes: [LAB], query: {} }, 5)).items).toEqual([]);
      // The wrong channel or purpose opens nothing either.
      expect((await scanAll({ principal: wang, purpose: 'research', channel: 'api' }, { catalogCodes: [LAB], query: {} }, 5)).items).toEqual([]);

      const grant = await fx.platform.grants.create(
        { grantee: { kind: 'user', id: li.userId }, catalogCode: LAB, fields: ['patient', 'testCode'], patientScope: { kind: 'patients', patientIds: [fx.stranger] }, purpose: 'research', channel: 'export', validTo: exportGrant.validTo, maskingProfile: 'de-identified' },
        await fx.userId('infoadmin'),
      );
      const context: AccessContext = { principal: li, purpose: 'research', channel: 'export' };
      expect((await expectSame(context, { catalogCodes: [LAB], query: {} }, 4)).length).toBe(await fx.count({ catalog: LAB, patients: [fx.stranger] }));
      await fx.platform.grants.revoke(grant.id, await fx.userId('infoadmin'), 'test over');
      expect((await scanAll(context, { catalogCodes: [LAB], query: {} }, 4)).items).toEqual([]);
    });

    describe('spread over worker threads (the compiled build)', () => {
      const dist = path.resolve('dist/server');
      const workerModule = pathToFileURL(path.join(dist, 'access/scan-worker.js'));
      const compiled = existsSync(fileURLToPath(workerModule));
      const context = (): AccessContext => ({ principal: wang, purpose: 'research', channel: 'export' });
      const target: SearchTarget = { catalogCodes: [LAB], query: {} };

      async function releaseSetup(): Promise<ReleaseSetup> {
        const definition = (await fx.platform.access.definition(LAB))!;
        const keys = { algorithm: 'HMAC-SHA-256' as const, pseudonym: Buffer.alloc(32, 1), dateShift: Buffer.alloc(32, 2) };
        return { definition, grant: exportGrant, level: 'de-identified', keys, maskingRules: DEFAULT_MASKING_RULES, dateShiftMaxDays: 30, format: 'ndjson' };
      }

      /** The export's own page transform, loaded by workers from the build and run here from the sources. */
      function transformFrom(module: URL, setup: ReleaseSetup): PageTransform<ReleaseSetup, ReleasedPage> {
        return { module, setup, create: createPageTransform };
      }

      async function transformedAll<R>(transform: PageTransform<ReleaseSetup, R>, pageSize: number, workers: number): Promise<R[]> {
        const pages: R[] = [];
        for await (const page of fx.platform.access.scanTransformed(context(), target, pageSize, transform, { workers, workerModule })) pages.push(page);
        return pages;
      }

      it.skipIf(!compiled)('releases page for page what the scan on this thread releases, with one or more workers', async () => {
        const setup = await releaseSetup();
        const apply = createPageTransform(setup);
        const expected: ReleasedPage[] = [];
        for await (const page of fx.platform.access.scan(context(), target, 3)) expected.push(apply(page));
        expect(expected.length).toBeGreaterThan(2);
        expect(expected.every((page) => page.foreignBasis === null && page.records > 0)).toBe(true);
        const transform = transformFrom(pathToFileURL(path.join(dist, 'sharing/package/release-transform.js')), setup);
        for (const workers of [1, 3]) expect(await transformedAll(transform, 3, workers), `${workers} worker(s)`).toEqual(expected);
        expect(await transformedAll(transform, 3, 0)).toEqual(expected);
        // Nothing the grant does not open reaches a worker's output either.
        expect(expected.map((page) => page.text).join('')).not.toContain(fx.stranger);
      });

      /** A transform that says which thread presented each page, and how many records it had. */
      function threadTransform(dir: string, body = 'let records = 0; for (const _ of page) records += 1; return { thread: threadId, records };'): PageTransform<null, { thread: number; records: number }> {
        const file = path.join(dir, `thread-${Math.random().toString(36).slice(2)}.mjs`);
        writeFileSync(file, `import { threadId } from 'node:worker_threads';\nexport function createPageTransform() { return (page) => { ${body} }; }\n`);
        return {
          module: pathToFileURL(file),
          setup: null,
          create: () => (page) => {
            let records = 0;
            for (const _ of page) records += 1;
            return { thread: 0, records };
          },
        };
      }

      async function scannedHere(): Promise<number> {
        let records = 0;
        for await (const page of fx.platform.access.scan(context(), target, 50)) records += page.length;
        return records;
      }

      async function threadsOf(transform: PageTransform<null, { thread: number; records: number }>, pool: ScanWorkerPool): Promise<{ threads: Set<number>; records: number }> {
        const threads = new Set<number>();
        let records = 0;
        for await (const page of fx.platform.access.scanTransformed(context(), target, 1, transform, { pool })) {
          if (page.thread !== 0) threads.add(page.thread);
          records += page.records;
        }
        return { threads, records };
      }

      it.skipIf(!compiled)('keeps its workers warm from one scan to the next, and stops them once idle', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'yixiang-scan-pool-'));
        const pool = new ScanWorkerPool(workerModule, 2, 300);
        try {
          const transform = threadTransform(dir);
          const first = await threadsOf(transform, pool);
          const second = await threadsOf(transform, pool);
          expect(first.records).toBe(await scannedHere());
          expect(second.records).toBe(first.records);
          // Worker threads did present pages, and the second scan's were the first one's threads.
          expect(first.threads.size).toBeGreaterThan(0);
          expect(second.threads.size).toBeGreaterThan(0);
          expect([...second.threads].filter((thread) => !first.threads.has(thread))).toEqual([]);
          expect(pool.running).toBe(2);
          await new Promise((resolve) => setTimeout(resolve, 600));
          expect(pool.running).toBe(0);
          // Started afresh for the scan after.
          expect((await threadsOf(transform, pool)).records).toBe(first.records);
          expect(pool.running).toBe(2);
        } finally {
          await pool.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it.skipIf(!compiled)('fails the scan a worker dies in, and replaces the worker for the next scan', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'yixiang-scan-pool-'));
        const pool = new ScanWorkerPool(workerModule, 1, 60_000);
        try {
          const dying = threadTransform(dir, 'process.exit(7);');
          await expect(threadsOf(dying, pool)).rejects.toThrow(/bulk read worker exited \(code 7\) before the scan ended/);
          const healthy = await threadsOf(threadTransform(dir), pool);
          expect(healthy.records).toBe(await scannedHere());
          expect(healthy.threads.size).toBe(1);
        } finally {
          await pool.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it.skipIf(!compiled)('fails the read, not silently, when a worker cannot start or cannot transform a page', async () => {
        const setup = await releaseSetup();
        const dir = mkdtempSync(path.join(tmpdir(), 'yixiang-scan-worker-'));
        try {
          const broken = path.join(dir, 'broken.mjs');
          writeFileSync(broken, "throw new Error('transform module does not load');\n");
          await expect(transformedAll(transformFrom(pathToFileURL(broken), setup), 3, 1)).rejects.toThrow(/bulk read worker failed: transform module does not load/);
          const refusing = path.join(dir, 'refusing.mjs');
          writeFileSync(refusing, "export function createPageTransform() { return () => { throw new Error('no page for you'); }; }\n");
          await expect(transformedAll(transformFrom(pathToFileURL(refusing), setup), 3, 1)).rejects.toThrow(/could not present a page: no page for you/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    });

    it('stops cleanly when the consumer stops after the first page', async () => {
      const context: AccessContext = { principal: wang, purpose: 'research', channel: 'export' };
      const target: SearchTarget = { catalogCodes: [LAB], query: {} };
      const first = (await searchAll(context, target, 3)).slice(0, 3);
      for await (const page of fx.platform.access.scan(context, target, 3)) {
        expect(page).toEqual(first);
        break;
      }
      await expect(scanAll(context, target, 0)).rejects.toThrow(/positive integer/);
    });
  });
}
