import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, Errors, principalOf } from '../http/index.js';
import { hasPermission } from '../org/index.js';
import type { GrantReader, GrantService } from './grant-service.js';
import { CHANNELS, GRANT_STATUSES, GRANTEE_KINDS, MASKING_PROFILES } from './grants.js';

const tags = ['grants'];
const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const CatalogCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' });
const SystemCode = Type.String({ pattern: '^[^|\\s]+\\|[^|\\s]+$', maxLength: 200 });

const PatientScope = Type.Union([
  Type.Object({ kind: Type.Literal('patients'), patientIds: Type.Array(Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' }), { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('criteria'),
      criteria: Type.Object(
        {
          departmentCode: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,31}$' })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          diagnosisCode: Type.Optional(SystemCode),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
]);

const NewGrantBody = Type.Object(
  {
    grantee: Type.Object({ kind: Type.Enum([...GRANTEE_KINDS]), id: Id }, { additionalProperties: false }),
    catalogCode: CatalogCode,
    fields: Type.Array(Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' }), { minItems: 1, maxItems: 200 }),
    patientScope: PatientScope,
    purpose: Type.String({ pattern: '^[a-z][a-z-]{1,39}$' }),
    channel: Type.Enum([...CHANNELS]),
    validFrom: Type.Optional(Type.String({ format: 'date-time' })),
    validTo: Type.String({ format: 'date-time' }),
    maskingProfile: Type.Enum([...MASKING_PROFILES]),
    dataFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Only records dated at or after this instant are opened' })),
    dataTo: Type.Optional(Type.String({ format: 'date-time', description: 'Only records dated before this instant are opened' })),
    reason: Type.String({ minLength: 5, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
const GrantQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...GRANT_STATUSES])),
    granteeKind: Type.Optional(Type.Enum([...GRANTEE_KINDS])),
    granteeId: Type.Optional(Id),
    catalog: Type.Optional(CatalogCode),
    patient: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    after: Type.Optional(Id),
  },
  { additionalProperties: false },
);
const IdParam = Type.Object({ id: Id }, { additionalProperties: false });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 5, maxLength: 1000 }) }, { additionalProperties: false });

/**
 * Direct grant administration for the information administrator (urgent cases and tests); the
 * sharing workflow creates grants through the same service. Every change is audited.
 */
export const grantRoutes: FastifyPluginAsyncTypebox<{
  grants: GrantService;
  departmentCodeOf: (departmentId: string) => Promise<string | null>;
  /** Ids of the share requests a user filed (the sharing module answers; access does not read its tables). */
  shareRequestsOf: (userId: string) => Promise<string[]>;
}> = async (app, { grants, departmentCodeOf, shareRequestsOf }) => {
  const readerOf = async (request: FastifyRequest): Promise<GrantReader> => {
    const principal = principalOf(request);
    return {
      userId: principal.userId,
      roles: principal.roles,
      departmentId: principal.departmentId,
      departmentCode: principal.departmentId ? await departmentCodeOf(principal.departmentId) : null,
      shareRequestIds: await shareRequestsOf(principal.userId),
    };
  };

  // Readers of all grants (grant:read) see every grant; everybody else sees the grants addressed to
  // them or their department, those of their own share requests, and (heads) those opening their department's data.
  app.get('/grants', { config: { access: 'signed-in', audit: { action: 'search', objectType: 'grant' } }, schema: { tags, summary: 'List grants: all (information administrators, auditors, privacy officer), or those the caller is grantee, requester or owning department head of', querystring: GrantQuery } }, async (request) => {
    const { status, granteeKind, granteeId, catalog, patient, limit = 50, after } = request.query;
    const items = await grants.listFor(await readerOf(request), { status, granteeKind, granteeId, catalogCode: catalog, patientId: patient }, limit, after);
    return { items, nextAfter: items.length === limit ? (items[items.length - 1]?.id ?? null) : null };
  });

  app.post('/grants', { config: { access: 'grant:write', audit: { action: 'grant', objectType: 'grant' } }, schema: { tags, summary: 'Create a grant directly (information administrator; audited)', body: NewGrantBody } }, async (request, reply) => {
    const grant = await grants.create({ ...request.body }, principalOf(request).userId);
    request.audit.objectId = grant.id;
    request.audit.grantId = grant.id;
    request.audit.details = { grantee: grant.grantee, catalog: grant.catalogCode, fields: grant.fields, scope: grant.patientScope.kind, purpose: grant.purpose, channel: grant.channel, validTo: grant.validTo, maskingProfile: grant.maskingProfile, reason: grant.reason };
    return reply.status(201).send(grant);
  });

  app.get('/grants/:id', { config: { access: 'signed-in', audit: { action: 'read', objectType: 'grant' } }, schema: { tags, summary: 'One grant with its patient list (404 for a grant the caller may not see)', params: IdParam } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.grantId = request.params.id;
    return grants.getFor(await readerOf(request), request.params.id);
  });

  // The information administrator, or the head of the department that owns the data (policy 6.1), may revoke.
  app.post('/grants/:id/revoke', { config: { access: 'grant:revoke', audit: { action: 'revoke', objectType: 'grant' } }, schema: { tags, summary: 'Revoke a grant (information administrator or owning department head); effective on the very next request', params: IdParam, body: ReasonBody } }, async (request) => {
    const { id } = request.params;
    const principal = principalOf(request);
    request.audit.objectId = id;
    request.audit.grantId = id;
    request.audit.details = { change: 'revoke', reason: request.body.reason };
    if (!hasPermission(principal.roles, 'grant:write')) {
      const department = principal.departmentId ? await departmentCodeOf(principal.departmentId) : null;
      if (!department || !(await grants.ownedBy(id, department))) throw new AppError(Errors.FORBIDDEN);
    }
    return grants.revoke(id, principal.userId, request.body.reason);
  });

  const transition = (path: string, action: 'suspend' | 'resume', summary: string) =>
    app.post(path, { config: { access: 'grant:write', audit: { action: 'update', objectType: 'grant' } }, schema: { tags, summary, params: IdParam, body: ReasonBody } }, async (request) => {
      const { id } = request.params;
      request.audit.objectId = id;
      request.audit.grantId = id;
      request.audit.details = { change: action, reason: request.body.reason };
      return grants[action](id, principalOf(request).userId, request.body.reason);
    });
  transition('/grants/:id/suspend', 'suspend', 'Suspend a grant');
  transition('/grants/:id/resume', 'resume', 'Resume a suspended grant');
};
