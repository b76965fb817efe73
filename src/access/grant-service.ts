import type { Kysely, Transaction } from 'kysely';
import type { CatalogService } from '../catalog/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { PolicyService } from '../policy/index.js';
import { hasPermission, reachesPatientData, type Role } from '../org/index.js';
import { changeGrantStatus, expireGrants, findGrant, insertGrant, listGrants, type GrantAudience, type GrantFilter } from './grant-store.js';
import { effectiveStatus, type Channel, type Grant, type Grantee, type MaskingProfile, type PatientScope } from './grants.js';

export interface NewGrant {
  grantee: Grantee;
  catalogCode: string;
  fields: string[];
  patientScope: PatientScope;
  purpose: string;
  channel: Channel;
  validFrom?: string;
  validTo: string;
  maskingProfile: MaskingProfile;
  reason?: string;
  shareRequestId?: string;
  /** The period the shared data covers, [dataFrom, dataTo); omitted is open-ended. */
  dataFrom?: string | null;
  dataTo?: string | null;
}

export type GrantView = Grant & {
  effectiveStatus: string;
  /** Display names of the people the grant names (grantee user, creator, last status change), for readers without the user directory. */
  people?: Record<string, string>;
};

/** Who is asking to see grants, with the share requests they filed (the sharing module knows those). */
export interface GrantReader {
  userId: string;
  roles: readonly Role[];
  departmentId: string | null;
  departmentCode: string | null;
  shareRequestIds: readonly string[];
}

const MAX_LISTED_PATIENTS = 10_000;

/** The same test as the store's `visibleTo` filter, on one grant. */
export function audienceSees(audience: GrantAudience, grant: Grant): boolean {
  if (grant.grantee.kind === 'user' && grant.grantee.id === audience.userId) return true;
  if (grant.grantee.kind === 'department' && audience.departmentId !== null && grant.grantee.id === audience.departmentId) return true;
  if (grant.shareRequestId !== null && audience.shareRequestIds.includes(grant.shareRequestId)) return true;
  return audience.ownedCatalogCodes.includes(grant.catalogCode);
}

/**
 * Grants as a store with their rules. The sharing workflow creates grants through `create`; an
 * information administrator may also create and revoke them directly (urgent cases, tests).
 */
export class GrantService {
  private readonly revokeListeners: ((grant: GrantView, reason: string) => Promise<void>)[] = [];

  /** Other modules learn of revocations (the sharing workflow tells the requester) without access depending on them. */
  onRevoke(listener: (grant: GrantView, reason: string) => Promise<void>): void {
    this.revokeListeners.push(listener);
  }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  async create(input: NewGrant, createdBy: string): Promise<GrantView> {
    const grant = await this.prepare(input, createdBy);
    await this.db.transaction().execute((trx) => insertGrant(trx, grant));
    return this.view(grant);
  }

  /**
   * Builds and checks a grant without writing it. The sharing workflow prepares its grants first and
   * then writes them inside its own transaction with `insertPrepared`: the checks read through other
   * connections, which on SQLite would wait forever for that transaction to end.
   */
  async prepare(input: NewGrant, createdBy: string): Promise<Grant> {
    const now = this.clock();
    const grant: Grant = {
      id: newId(),
      grantee: input.grantee,
      catalogCode: input.catalogCode,
      fields: [...new Set(input.fields)],
      patientScope: input.patientScope,
      purpose: input.purpose,
      channel: input.channel,
      validFrom: new Date(input.validFrom ?? now).toISOString(),
      validTo: new Date(input.validTo).toISOString(),
      status: 'active',
      maskingProfile: input.maskingProfile,
      shareRequestId: input.shareRequestId ?? null,
      reason: input.reason ?? null,
      createdBy,
      createdAt: now.toISOString(),
      statusChangedAt: null,
      statusChangedBy: null,
      statusReason: null,
      dataFrom: input.dataFrom ? new Date(input.dataFrom).toISOString() : null,
      dataTo: input.dataTo ? new Date(input.dataTo).toISOString() : null,
    };
    await this.check(grant, now);
    return grant;
  }

  async insertPrepared(trx: Transaction<Database>, grant: Grant): Promise<void> {
    await insertGrant(trx, grant);
  }

  async get(id: string): Promise<GrantView> {
    const grant = await findGrant(this.db, id);
    if (!grant) throw new AppError(Errors.GRANT_NOT_FOUND);
    return this.view(grant);
  }

  async list(filter: GrantFilter, limit: number, afterId?: string): Promise<GrantView[]> {
    return (await listGrants(this.db, filter, { limit, afterId })).map((grant) => this.view(grant));
  }

  /**
   * Which grants a reader may see: readers of all grants (information administrators, auditors, the
   * privacy officer) see every one; everybody else sees the grants addressed to them or their
   * department, those of their own share requests and, as department head, those opening their
   * department's data. Null means all.
   */
  async audienceOf(reader: GrantReader): Promise<GrantAudience | null> {
    if (hasPermission(reader.roles, 'grant:read')) return null;
    const heads = reader.roles.includes('dept_head') && reader.departmentCode !== null;
    const ownedCatalogCodes = heads ? (await this.catalog.definitions()).filter((d) => d.ownerDepartmentCode === reader.departmentCode).map((d) => d.code) : [];
    return { userId: reader.userId, departmentId: reader.departmentId, shareRequestIds: reader.shareRequestIds, ownedCatalogCodes };
  }

  /** One grant as the reader may see it; a grant they may not see does not exist for them (404). */
  async getFor(reader: GrantReader, id: string): Promise<GrantView> {
    const grant = await this.get(id);
    const audience = await this.audienceOf(reader);
    if (audience && !audienceSees(audience, grant)) throw new AppError(Errors.GRANT_NOT_FOUND);
    return (await this.withPeople([grant]))[0]!;
  }

  async listFor(reader: GrantReader, filter: Omit<GrantFilter, 'visibleTo'>, limit: number, afterId?: string): Promise<GrantView[]> {
    const audience = await this.audienceOf(reader);
    return this.withPeople(await this.list(audience ? { ...filter, visibleTo: audience } : filter, limit, afterId));
  }

  private async withPeople(views: GrantView[]): Promise<GrantView[]> {
    const ids = [...new Set(views.flatMap((g) => [g.createdBy, ...(g.statusChangedBy ? [g.statusChangedBy] : []), ...(g.grantee.kind === 'user' ? [g.grantee.id] : [])]))];
    if (ids.length === 0) return views;
    const rows = await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
    const names = new Map(rows.map((row) => [row.id, row.display_name]));
    return views.map((g) => ({ ...g, people: Object.fromEntries([g.createdBy, g.statusChangedBy, g.grantee.kind === 'user' ? g.grantee.id : null].filter((id): id is string => id !== null && names.has(id)).map((id) => [id, names.get(id)!])) }));
  }

  /** Revocation takes effect on the very next request: reads load grants fresh every time. */
  async revoke(id: string, by: string, reason: string, options: { notify?: boolean } = {}): Promise<GrantView> {
    const revoked = await this.transition(id, ['active', 'suspended'], 'revoked', by, reason, 'revoked');
    // A share closed by its usage feedback ends its grants without a revocation notice (the sharing module sends its own).
    if (options.notify === false) return revoked;
    for (const listener of this.revokeListeners) await listener(revoked, reason).catch(() => undefined);
    return revoked;
  }

  /** Whether the grant opens a catalog resource owned by this department (its head may revoke it). */
  async ownedBy(id: string, departmentCode: string): Promise<boolean> {
    const grant = await this.get(id);
    const definition = await this.catalog.definition(grant.catalogCode);
    return definition?.ownerDepartmentCode === departmentCode;
  }

  async suspend(id: string, by: string, reason: string): Promise<GrantView> {
    return this.transition(id, ['active'], 'suspended', by, reason, 'suspended');
  }

  async resume(id: string, by: string, reason: string): Promise<GrantView> {
    return this.transition(id, ['suspended'], 'active', by, reason, 'resumed');
  }

  /** Marks grants past their end date as expired so lists and reports show it; returns their ids. */
  async expireDue(): Promise<string[]> {
    return expireGrants(this.db, this.clock().toISOString());
  }

  private async transition(id: string, from: Grant['status'][], to: Grant['status'], by: string, reason: string, action: string): Promise<GrantView> {
    const grant = await this.get(id);
    const changed = await changeGrantStatus(this.db, id, from, to, by, this.clock().toISOString(), reason);
    if (!changed) throw new AppError(Errors.GRANT_STATE_CONFLICT, { status: grant.effectiveStatus, action });
    return this.get(id);
  }

  private view(grant: Grant): GrantView {
    return { ...grant, effectiveStatus: effectiveStatus(grant, this.clock()) };
  }

  private async check(grant: Grant, now: Date): Promise<void> {
    const refuse = (reason: string) => {
      throw new AppError(Errors.GRANT_INVALID, { reason });
    };
    const definition = await this.catalog.definition(grant.catalogCode);
    if (!definition) return refuse(`catalog resource ${grant.catalogCode} does not exist`);
    if (definition.status !== 'published') refuse(`catalog resource ${grant.catalogCode} is ${definition.status}, not published`);
    if (definition.shareType === 'not_shareable') refuse(`catalog resource ${grant.catalogCode} is not shareable (不予共享)`);
    const known = new Set(definition.fields.map((field) => field.name));
    const unknown = grant.fields.filter((field) => !known.has(field));
    if (grant.fields.length === 0) refuse('name at least one field');
    if (unknown.length) refuse(`unknown fields for ${grant.catalogCode}: ${unknown.join(', ')}`);
    const purposes = (await this.policy.get('access.purposes')).map((p) => p.code);
    if (!purposes.includes(grant.purpose)) refuse(`unknown purpose ${grant.purpose}`);
    if (Date.parse(grant.validTo) <= Date.parse(grant.validFrom)) refuse('validTo must be after validFrom');
    if (Date.parse(grant.validTo) <= now.getTime()) refuse('validTo is already past');
    if (grant.dataFrom && grant.dataTo && Date.parse(grant.dataTo) <= Date.parse(grant.dataFrom)) refuse('dataTo must be after dataFrom');
    if (grant.grantee.kind === 'institution' && grant.channel !== 'external') refuse('an institution receives data only through the external channel');
    if (grant.grantee.kind !== 'institution' && grant.channel === 'external') refuse('the external channel is for institutions');
    // Separation of duties: whoever grants access does not grant it to themselves.
    if (grant.grantee.kind === 'user' && grant.grantee.id === grant.createdBy) refuse('a grant cannot name its own creator as grantee');
    await this.checkGrantee(grant.grantee, refuse);
    if (grant.patientScope.kind === 'patients') await this.checkPatients(grant.patientScope.patientIds, refuse);
    if (grant.patientScope.kind === 'all' && grant.maskingProfile !== 'de-identified') refuse('a grant for all patients must be de-identified');
  }

  private async checkGrantee(grantee: Grantee, refuse: (reason: string) => never): Promise<void> {
    const table = grantee.kind === 'user' ? 'users' : grantee.kind === 'department' ? 'departments' : 'institutions';
    const row = await this.db.selectFrom(table).select(['id', 'status']).where('id', '=', grantee.id).executeTakeFirst();
    if (!row) refuse(`${grantee.kind} ${grantee.id} does not exist`);
    if (row && row.status !== 'active') refuse(`${grantee.kind} ${grantee.id} is ${row.status}`);
    if (grantee.kind === 'user') {
      // Separation of duties (三员分立): a grant would not open anything to a system administrator (the
      // data routes refuse them), so it is refused here rather than left looking like access.
      const roles = (await this.db.selectFrom('user_roles').select('role').where('user_id', '=', grantee.id).execute()).map((r) => r.role as Role);
      if (!reachesPatientData(roles)) refuse(`user ${grantee.id} holds no role with access to patient data (a system administrator; separation of duties)`);
    }
  }

  private async checkPatients(patientIds: string[], refuse: (reason: string) => never): Promise<void> {
    const unique = [...new Set(patientIds)];
    if (unique.length === 0) refuse('name at least one patient');
    if (unique.length > MAX_LISTED_PATIENTS) refuse(`at most ${MAX_LISTED_PATIENTS} listed patients; use criteria instead`);
    const found = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').where('id', 'in', unique.slice(i, i + 500)).execute();
      for (const row of rows) found.add(row.id);
    }
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) refuse(`unknown patients: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}`);
  }
}
