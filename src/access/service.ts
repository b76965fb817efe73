import type { Kysely } from 'kysely';
import type { CatalogService } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import type { OrgModule, UserPrincipal } from '../org/index.js';
import { revealPayload, type FhirResource } from '../records/index.js';
import { departmentScope } from './department-rule.js';
import type { PurposeOfUse } from './purpose.js';
import { catalogOf, readScoped, searchScoped, type RecordQuery } from './store.js';

export interface AccessContext {
  principal: UserPrincipal;
  purpose: PurposeOfUse;
}

export interface AccessResult<T> {
  value: T;
  /** Which rule allowed it: `department` (more rules come with grants and emergency access). */
  basis: string;
}

/**
 * The one choke point between callers and records: decide, compile the decision into SQL, load
 * only what it allows, decrypt. Routes and jobs never query the records table themselves.
 */
export class AccessService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly catalog: CatalogService,
    private readonly org: OrgModule,
  ) {}

  private async scopeFor(context: AccessContext, catalogCode: string) {
    const definition = await this.catalog.definition(catalogCode);
    if (!definition) return null;
    const department = context.principal.departmentId ? await this.org.departments.get(context.principal.departmentId).catch(() => null) : null;
    return departmentScope({ roles: context.principal.roles, departmentCode: department?.code ?? null }, definition);
  }

  async search(context: AccessContext, query: RecordQuery, limit: number, cursor?: string): Promise<AccessResult<{ items: FhirResource[]; total: number; nextCursor: string | null }>> {
    const after = cursor ? decodeCursor(cursor, 1) : undefined;
    if (after === null) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/cursor', message: 'unknown cursor' }]);
    const scope = await this.scopeFor(context, query.catalogCode);
    // No rule applies: an empty result rather than 403, so the catalog's contents do not leak either.
    if (!scope) return { value: { items: [], total: 0, nextCursor: null }, basis: 'none' };
    const { rows, total } = await searchScoped(this.db, scope, query, { limit: limit + 1, afterId: after?.[0] });
    const page = rows.slice(0, limit);
    const items = await Promise.all(page.map((row) => revealPayload(this.keyring, row)));
    const last = page[page.length - 1];
    return { value: { items, total, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null }, basis: 'department' };
  }

  /** A record outside the caller's scope is reported exactly like a missing one (404). */
  async read(context: AccessContext, resourceType: string, id: string): Promise<AccessResult<{ resource: FhirResource; patientId: string | null }>> {
    const catalogCode = await catalogOf(this.db, resourceType, id);
    const scope = catalogCode ? await this.scopeFor(context, catalogCode) : null;
    const row = scope && catalogCode ? await readScoped(this.db, scope, catalogCode, resourceType, id) : undefined;
    if (!row) throw new AppError(Errors.RECORD_NOT_FOUND);
    return { value: { resource: await revealPayload(this.keyring, row), patientId: row.patient_id }, basis: 'department' };
  }
}
