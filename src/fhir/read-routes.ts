import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { auditPatientOf, isRefusal, purposeOf, type AccessContext, type AccessService } from '../access/index.js';
import { AppError, Errors, FHIR_CONTENT_TYPE, operationOutcomeResponse, principalOf, publicOrigin } from '../http/index.js';
import type { PolicyService } from '../policy/index.js';
import type { Keyring } from '../crypto/index.js';
import { codeSearchForms } from '../records/index.js';
import type { Clock } from '../lib/clock.js';
import { BULK_CAPABILITY } from './bulk/index.js';
import { capabilityStatement } from './capability.js';
import { securityLabelled } from './labels.js';
import { REVOKE_PATH, scopesAllow, TOKEN_PATH, type ScopeInteraction } from './smart/index.js';
import { parseSearch, READABLE_TYPES, SearchParamError, type ParsedSearch } from './search-params.js';

const MAX_COUNT = 200;
/** Referrals from partners arrive as ServiceRequests (routes in sharing/referral); the statement says so. */
const REFERRAL_CAPABILITY = { type: 'ServiceRequest', interactions: ['create', 'read'] as const };
const TypeParam = Type.Object({ type: Type.String({ pattern: '^[A-Z][A-Za-z]{1,40}$' }) }, { additionalProperties: false });
const ReadParams = Type.Object({ type: Type.String({ pattern: '^[A-Z][A-Za-z]{1,40}$' }), id: Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' }) }, { additionalProperties: false });

/** What a FHIR read or search answers; every refusal is an OperationOutcome (the OpenAPI document lists them). */
function fhirResponses(ok: string, notFound: string) {
  return {
    200: { description: ok, content: { 'application/fhir+json': { schema: Type.Unknown() } } },
    400: operationOutcomeResponse('VALIDATION_FAILED, FHIR_SEARCH_INVALID; PURPOSE_REQUIRED or PURPOSE_UNKNOWN without a known X-Purpose-Of-Use'),
    401: operationOutcomeResponse('UNAUTHENTICATED, or PARTNER_TOKEN_INVALID for a partner token'),
    403: operationOutcomeResponse('PATIENT_DATA_FORBIDDEN: a user whose roles give no access to patient data (the system administrator, separation of duties); SMART_SCOPE_INSUFFICIENT: a partner token without the scope'),
    404: operationOutcomeResponse(notFound),
  };
}

function readableType(type: string): void {
  if (!(READABLE_TYPES as readonly string[]).includes(type)) throw new AppError(Errors.FHIR_TYPE_UNSUPPORTED, { type });
}

function selfUrl(request: FastifyRequest): string {
  return `${publicOrigin(request)}${request.url}`;
}

/**
 * FHIR R4 read and search over the repository, for signed-in staff and for partner institutions
 * with a SMART Backend Services token. Everything goes through `access`: the same rules, SQL scope,
 * projection and masking as the REST API; refusals are 404s, audited as denied.
 */
export const fhirReadRoutes: FastifyPluginAsync<{ access: AccessService; policy: PolicyService; keyring: Keyring; clock: Clock; version: string }> = async (app, { access, policy, keyring, clock, version }) => {
  // Staff read as themselves on the API channel; a partner institution reads as itself, only what
  // its grants open to the external channel, and only the types its token's scopes name.
  const context = async (request: FastifyRequest, type: string, interaction: ScopeInteraction): Promise<AccessContext> => {
    const purpose = await purposeOf(request, policy);
    if (!request.partner) return { principal: principalOf(request), purpose };
    if (!scopesAllow(request.partner.scopes, type, interaction)) throw new AppError(Errors.SMART_SCOPE_INSUFFICIENT, { type, interaction });
    return { principal: request.partner, purpose, channel: 'external' };
  };

  async function codesFor(parsed: ParsedSearch): Promise<{ codes?: string[]; codeSuffix?: string }> {
    if (parsed.codes.length === 0) return {};
    const bare = parsed.codes.filter((c) => c.system === null);
    if (bare.length > 1 || (bare.length === 1 && parsed.codes.length > 1)) throw new AppError(Errors.FHIR_SEARCH_INVALID, { parameter: 'code', reason: 'give one code without a system, or system|code tokens' });
    if (bare.length === 1) return { codeSuffix: bare[0]!.code };
    return { codes: (await Promise.all(parsed.codes.map((c) => codeSearchForms(keyring, c.system!, c.code)))).flat() };
  }

  // Public, like every FHIR server's: a client reads it before it has a token. Not audited: it says
  // nothing about anyone, and unauthenticated callers could otherwise fill the log with it.
  app.get('/fhir/R4/metadata', { config: { access: 'public', audit: false }, schema: { tags: ['fhir'], summary: 'CapabilityStatement: what this FHIR API does' } }, async (request, reply) => {
    const origin = publicOrigin(request);
    const statement = capabilityStatement({ baseUrl: `${origin}/fhir/R4`, tokenUrl: `${origin}${TOKEN_PATH}`, revokeUrl: `${origin}${REVOKE_PATH}`, software: { name: 'Yixiang', version }, date: clock().toISOString(), operations: BULK_CAPABILITY.operations, otherTypes: [...BULK_CAPABILITY.otherTypes, REFERRAL_CAPABILITY] });
    return reply.type(FHIR_CONTENT_TYPE).send(statement);
  });

  app.get(
    '/fhir/R4/:type/:id',
    { config: { access: 'signed-in-or-partner', patientData: true, audit: { action: 'read', objectType: 'record' } }, schema: { tags: ['fhir'], summary: 'FHIR read, through access (needs X-Purpose-Of-Use)', params: ReadParams, response: fhirResponses('The resource, labelled with its access basis in meta.security', 'RECORD_NOT_FOUND: no such resource, or outside what access allows (audited as denied); FHIR_TYPE_UNSUPPORTED') } },
    async (request, reply: FastifyReply) => {
      const { type, id } = request.params as { type: string; id: string };
      readableType(type);
      request.audit.objectId = `${type}/${id}`;
      const result = await access.read(await context(request, type, 'read'), type, id);
      if (isRefusal(result)) {
        request.audit.patientId = result.patientId;
        request.audit.details = { refused: result.refused, catalog: result.catalogCode, interaction: 'read', ...(result.lapsedGrant ? { lapsedGrant: result.lapsedGrant } : {}) };
        throw new AppError(Errors.RECORD_NOT_FOUND);
      }
      request.audit.patientId = auditPatientOf(result);
      request.audit.accessBasis = result.basis;
      request.audit.grantId = result.grantId;
      request.audit.details = { catalog: result.catalogCode, interaction: 'read', ...(result.emergency ? { emergency: true } : {}) };
      return reply.header('X-Access-Basis', result.basis).type(FHIR_CONTENT_TYPE).send(securityLabelled(result));
    },
  );

  app.get(
    '/fhir/R4/:type',
    { config: { access: 'signed-in-or-partner', patientData: true, audit: { action: 'search', objectType: 'record' } }, schema: { tags: ['fhir'], summary: 'FHIR search (_id, patient, subject, date, code, category, status, _count, _lastUpdated), paged, through access', params: TypeParam, response: fhirResponses('A searchset Bundle of what access allows, with a next link while more remain', 'FHIR_TYPE_UNSUPPORTED: a resource type not served here') } },
    async (request, reply: FastifyReply) => {
      const { type } = request.params as { type: string };
      readableType(type);
      let parsed: ParsedSearch;
      try {
        parsed = parseSearch(type, request.query as Record<string, string | string[] | undefined>, MAX_COUNT);
      } catch (error) {
        if (error instanceof SearchParamError) throw new AppError(Errors.FHIR_SEARCH_INVALID, { parameter: error.parameter, reason: error.message });
        throw error;
      }
      const query = {
        resourceType: type,
        patientId: type === 'Patient' ? undefined : parsed.patientId,
        patientIds: type === 'Patient' && parsed.ids ? parsed.ids : undefined,
        ids: type === 'Patient' ? undefined : parsed.ids,
        from: parsed.from,
        to: parsed.to,
        category: parsed.category,
        status: parsed.status,
        updatedSince: parsed.updatedSince,
        ...(await codesFor(parsed)),
      };
      const page = await access.search(await context(request, type, 'search'), { query }, parsed.count, parsed.cursor);
      request.audit.patientId = parsed.patientId ?? null;
      request.audit.accessBasis = page.bases.length ? page.bases.join(',') : 'none';
      const grants = [...new Set(page.items.flatMap((item) => (item.grantId ? [item.grantId] : [])))];
      if (grants.length === 1) request.audit.grantId = grants[0]!;
      const patients = [...new Set(page.items.map(auditPatientOf).filter((id): id is string => id !== null))];
      if (!request.audit.patientId && patients.length === 1) request.audit.patientId = patients[0]!;
      request.audit.details = { interaction: 'search-type', type, returned: page.items.length, total: page.total, ...(page.totalExact ? {} : { totalExact: false }), ...(patients.length ? { patients: patients.slice(0, 200) } : {}), ...(page.items.some((i) => i.emergency) ? { emergency: true } : {}) };
      const base = `${publicOrigin(request)}/fhir/R4`;
      const next = page.nextCursor ? new URL(selfUrl(request)) : null;
      next?.searchParams.set('_cursor', page.nextCursor!);
      return reply
        .header('X-Access-Basis', page.bases.length ? page.bases.join(', ') : 'none')
        .type(FHIR_CONTENT_TYPE)
        .send({
          resourceType: 'Bundle',
          type: 'searchset',
          // Bundle.total is optional: omitted when only a lower bound is known (more than TOTAL_COUNT_LIMIT matches).
          ...(page.totalExact ? { total: page.total } : {}),
          link: [{ relation: 'self', url: selfUrl(request) }, ...(next ? [{ relation: 'next', url: next.toString() }] : [])],
          entry: page.items.map((item) => ({ fullUrl: `${base}/${item.resource.resourceType}/${String(item.resource.id)}`, resource: securityLabelled(item), search: { mode: 'match' } })),
        });
    },
  );
};
