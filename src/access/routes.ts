import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, Errors, principalOf } from '../http/index.js';
import { isPurposeOfUse, PURPOSES_OF_USE, type PurposeOfUse } from './purpose.js';
import type { AccessService } from './service.js';

/** Every data read names its purpose (X-Purpose-Of-Use); a missing or unknown one is a 400. */
export function purposeOf(request: FastifyRequest): PurposeOfUse {
  const header = request.headers['x-purpose-of-use'];
  if (typeof header !== 'string' || header === '') throw new AppError(Errors.PURPOSE_REQUIRED, { allowed: PURPOSES_OF_USE.join(', ') });
  if (!isPurposeOfUse(header)) throw new AppError(Errors.PURPOSE_UNKNOWN, { purpose: header.slice(0, 40), allowed: PURPOSES_OF_USE.join(', ') });
  request.audit.purposeOfUse = header;
  return header;
}

const RecordQuery = Type.Object(
  {
    catalog: Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' }),
    patient: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const RecordParams = Type.Object({ type: Type.String({ pattern: '^[A-Z][A-Za-z]{1,40}$' }), id: Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' }) }, { additionalProperties: false });

export const recordRoutes: FastifyPluginAsyncTypebox<{ access: AccessService }> = async (app, { access }) => {
  app.get(
    '/records',
    { config: { access: 'signed-in', audit: { action: 'search', objectType: 'record' } }, schema: { tags: ['records'], summary: 'Search records of one catalog resource, within what access allows (needs X-Purpose-Of-Use)', querystring: RecordQuery } },
    async (request, reply) => {
      const purpose = purposeOf(request);
      const { catalog, patient, from, to, limit = 50, cursor } = request.query;
      const result = await access.search({ principal: principalOf(request), purpose }, { catalogCode: catalog, patientId: patient, from, to }, limit, cursor);
      request.audit.accessBasis = result.basis;
      request.audit.patientId = patient ?? null;
      request.audit.details = { catalog, returned: result.value.items.length, total: result.value.total };
      reply.header('X-Access-Basis', result.basis);
      return result.value;
    },
  );

  app.get(
    '/records/:type/:id',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'record' } }, schema: { tags: ['records'], summary: 'Read one record (404 when it is outside what access allows; needs X-Purpose-Of-Use)', params: RecordParams } },
    async (request, reply) => {
      const purpose = purposeOf(request);
      request.audit.objectId = `${request.params.type}/${request.params.id}`;
      const result = await access.read({ principal: principalOf(request), purpose }, request.params.type, request.params.id);
      request.audit.accessBasis = result.basis;
      request.audit.patientId = result.value.patientId;
      reply.header('X-Access-Basis', result.basis);
      return result.value.resource;
    },
  );
};
