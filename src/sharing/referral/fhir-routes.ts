import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, Errors, FHIR_CONTENT_TYPE, partnerOf, publicOrigin } from '../../http/index.js';
import { scopesAllow } from '../../fhir/smart/index.js';
import { ATTACHMENT_LIMITS, base64Length } from './attachments.js';
import type { InboundReferralService } from './inbound-service.js';
import { ServiceRequestBody, ServiceRequestParams } from './schemas.js';

const tags = ['referral', 'fhir'];
/** Room for every document at its largest in base64 and the request around them; anything larger is refused while it is read. */
const BODY_LIMIT = base64Length(ATTACHMENT_LIMITS.totalBytes) + 512 * 1024;

/**
 * Inbound referrals over FHIR, for partner institutions' systems (SMART Backend Services token):
 * create a ServiceRequest — one resource with the patient and the documents contained — and read
 * back the ones the institution sent, with the receiving department's decision as their status.
 * Errors are OperationOutcomes; a refused request stores nothing.
 */
export const referralFhirRoutes: FastifyPluginAsyncTypebox<{ inbound: InboundReferralService }> = async (app, { inbound }) => {
  // Parsers are per plugin: the ingest plugin's application/fhir+json parser is not visible here.
  if (!app.hasContentTypeParser('application/fhir+json')) {
    app.addContentTypeParser('application/fhir+json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(Errors.MALFORMED_JSON), undefined);
      }
    });
  }

  app.post(
    '/fhir/R4/ServiceRequest',
    { bodyLimit: BODY_LIMIT, config: { access: 'partner', audit: { action: 'create', objectType: 'inbound_referral' } }, schema: { tags, summary: 'A partner sends a referral (转入) as a FHIR R4 ServiceRequest; 201 with Location and the stored resource', body: ServiceRequestBody } },
    async (request, reply) => {
      const partner = partnerOf(request);
      request.audit.purposeOfUse = 'referral';
      if (!scopesAllow(partner.scopes, 'ServiceRequest', 'create')) throw new AppError(Errors.SMART_SCOPE_INSUFFICIENT, { type: 'ServiceRequest', interaction: 'create' });
      const { id, resource } = await inbound.receive(partner, request.body, (facts) => {
        request.audit.objectId = facts.id;
        request.audit.patientId = facts.patientId;
        request.audit.details = { institution: partner.institutionCode, department: facts.departmentCode, matched: facts.patientId !== null, matchedBy: facts.matchedBy, attachments: facts.attachments, ...(facts.ignored.length ? { ignored: facts.ignored } : {}) };
      });
      const location = `${publicOrigin(request)}/fhir/R4/ServiceRequest/${id}`;
      return reply.status(201).header('Location', `${location}/_history/1`).header('ETag', 'W/"1"').header('Last-Modified', new Date((resource.meta as { lastUpdated: string }).lastUpdated).toUTCString()).type(FHIR_CONTENT_TYPE).send(resource);
    },
  );

  app.get(
    '/fhir/R4/ServiceRequest/:id',
    { config: { access: 'partner', audit: { action: 'read', objectType: 'inbound_referral' } }, schema: { tags, summary: 'A referral the calling institution sent, with its status: active (waiting), completed (accepted) or revoked (declined)', params: ServiceRequestParams } },
    async (request, reply) => {
      const partner = partnerOf(request);
      request.audit.objectId = request.params.id;
      request.audit.purposeOfUse = 'referral';
      if (!scopesAllow(partner.scopes, 'ServiceRequest', 'read')) throw new AppError(Errors.SMART_SCOPE_INSUFFICIENT, { type: 'ServiceRequest', interaction: 'read' });
      const { resource, patientId } = await inbound.read(partner, request.params.id);
      request.audit.patientId = patientId;
      const meta = resource.meta as { versionId: string; lastUpdated: string };
      return reply.header('ETag', `W/"${meta.versionId}"`).header('Last-Modified', new Date(meta.lastUpdated).toUTCString()).type(FHIR_CONTENT_TYPE).send(resource);
    },
  );
};
