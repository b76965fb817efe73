/**
 * The search SQL itself (`searchScoped`): keyset paging in index order — newest first, undated rows
 * last, ties broken by type and id — returns every row in scope exactly once whatever the page size;
 * the total is exact up to a bound and a flagged lower bound beyond it; on both databases.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessContext } from '../../src/access/index.js';
import { searchScoped, TOTAL_COUNT_LIMIT, type CatalogScope } from '../../src/access/store.js';
import type { UserPrincipal } from '../../src/org/index.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { openAccessFixture, type AccessFixture } from './fixture.js';

const LAB = 'CLIN_LAB_REPORT';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`scoped search SQL (${dialect})`, () => {
    let fx: AccessFixture;
    let labScopes: CatalogScope[];
    let now: string;

    async function principal(username: string, roles: UserPrincipal['roles']): Promise<UserPrincipal> {
      const row = await fx.platform.database.db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
      return { kind: 'user', userId: row.id, username: row.username, displayName: row.display_name, departmentId: row.department_id, roles, permissions: [], sessionTokenHash: '', via: 'bearer', csrfToken: '' };
    }

    /** Every row of the laboratory's own resource (rule 1, level ≤ 4), in search order, by one unpaged query. */
    async function expectedOrder(): Promise<string[]> {
      const rows = await fx.platform.database.db
        .selectFrom('records')
        .select(['resource_type', 'id'])
        .where('catalog_code', '=', LAB)
        .where('level', '<=', 4)
        .orderBy(sql`coalesce(effective_at, '')`, 'desc')
        .orderBy('resource_type')
        .orderBy('id')
        .execute();
      return rows.map((row) => `${row.resource_type}/${row.id}`);
    }

    async function pageThrough(limit: number): Promise<{ keys: string[]; totals: number[] }> {
      const keys: string[] = [];
      const totals: number[] = [];
      let after: { effectiveAt: string; resourceType: string; id: string } | undefined;
      for (let pages = 0; pages < 10_000; pages++) {
        const { rows, total } = await searchScoped(fx.platform.database.db, labScopes, {}, { limit: limit + 1, after }, now);
        totals.push(total);
        const page = rows.slice(0, limit);
        keys.push(...page.map((row) => `${row.resource_type}/${row.id}`));
        expect(page.every((row) => row.access_basis === 'department' && row.catalog_code === LAB && row.level <= 4)).toBe(true);
        const last = page[page.length - 1];
        if (rows.length <= limit || !last) break;
        after = { effectiveAt: last.effective_at ?? '', resourceType: last.resource_type, id: last.id };
      }
      return { keys, totals };
    }

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      now = fx.clock().toISOString();
      const sun = await principal('lab.sun', ['staff']);
      const context: AccessContext = { principal: sun, purpose: 'quality-control', channel: 'api' };
      labScopes = await fx.platform.access.scopesFor(context, [LAB]);
      expect(labScopes[0]!.clauses.map((clause) => clause.basis)).toEqual(['department']);
      // Undated rows and a run of rows sharing one date, so that paging crosses both.
      const db = fx.platform.database.db;
      const picked = await db.selectFrom('records').select(['resource_type', 'id']).where('catalog_code', '=', LAB).where('level', '<=', 4).orderBy('id').limit(12).execute();
      for (const row of picked.slice(0, 4)) await db.updateTable('records').set({ effective_at: null }).where('resource_type', '=', row.resource_type).where('id', '=', row.id).execute();
      for (const row of picked.slice(4)) await db.updateTable('records').set({ effective_at: '2026-11-20T08:00:00.000Z' }).where('resource_type', '=', row.resource_type).where('id', '=', row.id).execute();
    }, 180_000);
    afterAll(async () => {
      await fx?.close();
    });

    it('pages through a whole resource in index order, undated rows last, each row once, whatever the page size', async () => {
      const expected = await expectedOrder();
      expect(expected.length).toBeGreaterThan(20);
      for (const limit of [1, 3, 7, 50]) {
        const { keys, totals } = await pageThrough(limit);
        expect({ limit, keys }).toEqual({ limit, keys: expected });
        expect(new Set(totals)).toEqual(new Set([expected.length]));
      }
      const { rows } = await searchScoped(fx.platform.database.db, labScopes, {}, { limit: expected.length }, now);
      const undated = rows.flatMap((row, i) => (row.effective_at === null ? [i] : []));
      expect(undated).toEqual([expected.length - 4, expected.length - 3, expected.length - 2, expected.length - 1]);
    });

    it('counts exactly up to the bound, then reports the bound as a lower bound', async () => {
      const visible = (await expectedOrder()).length;
      expect(visible).toBeLessThan(TOTAL_COUNT_LIMIT);
      const db = fx.platform.database.db;
      expect(await searchScoped(db, labScopes, {}, { limit: 3 }, now)).toMatchObject({ total: visible, totalExact: true });
      expect(await searchScoped(db, labScopes, {}, { limit: 3, countLimit: visible }, now)).toMatchObject({ total: visible, totalExact: true });
      expect(await searchScoped(db, labScopes, {}, { limit: 3, countLimit: visible - 1 }, now)).toMatchObject({ total: visible - 1, totalExact: false });
      const bounded = await searchScoped(db, labScopes, {}, { limit: 3, countLimit: 5 }, now);
      expect(bounded).toMatchObject({ total: 5, totalExact: false });
      expect(bounded.rows).toHaveLength(3);
      // A first page that holds everything is its own total, whatever the bound.
      expect(await searchScoped(db, labScopes, {}, { limit: visible + 1, countLimit: 5 }, now)).toMatchObject({ total: visible, totalExact: true });
      // Later pages still report the whole scope's total.
      const first = await searchScoped(db, labScopes, {}, { limit: 3 }, now);
      const last = first.rows[2]!;
      const second = await searchScoped(db, labScopes, {}, { limit: 3, after: { effectiveAt: last.effective_at ?? '', resourceType: last.resource_type, id: last.id } }, now);
      expect(second).toMatchObject({ total: visible, totalExact: true });
    });

    it('says over HTTP whether the total is exact', async () => {
      const response = await fx.get('lab.sun', `/api/v1/records?catalog=${LAB}&limit=5`, 'quality-control');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ total: (await expectedOrder()).length, totalExact: true });
    });
  });
}
