import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { FHIR_CONTENT_TYPE, principalOf, publicOrigin } from '../../http/index.js';
import { base64Length, contentDisposition, FORM_MAX_BYTES } from './form-file.js';
import { ConsentListSchema, ConsentSchema, FhirConsentSchema, IdParam, NoQuery, PatientParams, RecordBody, UploadBody, UploadedSchema, WithdrawBody } from './schemas.js';
import type { ConsentInput, ConsentService, ReachNote } from './service.js';

const tags = ['consent'];
const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** Room for the largest form in base64 plus the other fields; anything larger is refused while it is read. */
const UPLOAD_BODY_LIMIT = base64Length(FORM_MAX_BYTES) + 16 * 1024;

function notePatientNamed(request: FastifyRequest): void {
  if (request.audit.patientId) return;
  const named = (request.params as { patientId?: unknown } | undefined)?.patientId ?? (request.body as { patientId?: unknown } | null | undefined)?.patientId;
  if (typeof named === 'string' && PATIENT_ID.test(named)) request.audit.patientId = named;
}

/** Every consent entry names its patient, refusals included, and how the caller reached them. */
function noteFor(request: FastifyRequest): ReachNote {
  return ({ patientId, basis }) => {
    request.audit.patientId = patientId;
    if (basis) request.audit.accessBasis = basis;
  };
}

/**
 * 患者单独同意 (PIPL Art. 23 and 29): record a patient's consent to one institution, with its
 * evidence, list and read them (also as FHIR Consent), download the signed form, withdraw.
 * Clinicians reach only patients `access` lets them see for treatment; others answer 404.
 */
export const consentRoutes: FastifyPluginAsyncTypebox<{ consents: ConsentService }> = async (app, { consents }) => {
  // A refusal before the handler (permission, body validation) is still recorded against the
  // patient the request named: on the error path for refusals before the body is read, before
  // validation for the rest.
  app.addHook('onError', async (request) => notePatientNamed(request));
  app.addHook('preValidation', async (request) => notePatientNamed(request));

  app.get(
    '/patients/:patientId/consents',
    { config: { access: 'consent:read', audit: { action: 'search', objectType: 'consent' } }, schema: { tags, summary: "A patient's consents, newest first, with the recipient institution's and the clinicians' names", params: PatientParams, querystring: NoQuery, response: { 200: ConsentListSchema } } },
    async (request) => {
      const items = await consents.list(principalOf(request), request.params.patientId, noteFor(request));
      request.audit.details = { returned: items.length };
      return { items };
    },
  );

  app.post(
    '/patients/:patientId/consents',
    { config: { access: 'consent:write', audit: { action: 'create', objectType: 'consent' } }, schema: { tags, summary: "Record a patient's separate consent to an institution, with a signed form (uploaded first) or a verbal consent taken by a clinician", params: PatientParams, body: RecordBody, response: { 201: ConsentSchema } } },
    async (request, reply) => {
      const { body } = request;
      request.audit.details = { recipientId: body.recipientId, purpose: body.purpose, catalogCodes: body.catalogCodes ?? null, evidence: body.evidence.kind };
      const view = await consents.record(principalOf(request), request.params.patientId, body as ConsentInput, noteFor(request));
      request.audit.objectId = view.id;
      request.audit.details = { ...request.audit.details, validFrom: view.validFrom, validTo: view.validTo, ...(view.evidence.form ? { fileId: view.evidence.form.fileId } : {}) };
      return reply.status(201).header('Location', `/api/v1/consents/${view.id}`).send(view);
    },
  );

  app.post(
    '/consents/forms',
    { bodyLimit: UPLOAD_BODY_LIMIT, config: { access: 'consent:write', audit: { action: 'create', objectType: 'consent_form' } }, schema: { tags, summary: 'Upload a signed consent form (PDF, JPEG or PNG, base64) for a patient; record the consent with its fileId', body: UploadBody, response: { 201: UploadedSchema } } },
    async (request, reply) => {
      const { body } = request;
      request.audit.details = { mediaType: body.mediaType };
      const uploaded = await consents.uploadForm(principalOf(request), body, noteFor(request));
      request.audit.objectId = uploaded.fileId;
      request.audit.details = { mediaType: uploaded.mediaType, bytes: uploaded.bytes, sha256: uploaded.sha256 };
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    '/consents/:id',
    { config: { access: 'consent:read', audit: { action: 'read', objectType: 'consent' } }, schema: { tags, summary: 'One consent', params: IdParam, querystring: NoQuery, response: { 200: ConsentSchema } } },
    async (request) => consents.get(principalOf(request), request.params.id, noteFor(request)),
  );

  app.get(
    '/consents/:id/fhir',
    { config: { access: 'consent:read', audit: { action: 'read', objectType: 'consent' } }, schema: { tags, summary: 'One consent as a FHIR R4 Consent resource', params: IdParam, querystring: NoQuery, response: { 200: FhirConsentSchema } } },
    async (request, reply) => {
      request.audit.details = { format: 'fhir' };
      const origin = publicOrigin(request);
      const resource = await consents.fhir(principalOf(request), request.params.id, (id) => `${origin}/api/v1/consents/${id}/form`, noteFor(request));
      return reply.type(FHIR_CONTENT_TYPE).send(resource);
    },
  );

  app.get(
    '/consents/:id/form',
    { config: { access: 'consent:read', audit: { action: 'read', objectType: 'consent_form' } }, schema: { tags, summary: 'Download the signed consent form', params: IdParam, querystring: NoQuery } },
    async (request, reply) => {
      const file = await consents.form(principalOf(request), request.params.id, noteFor(request));
      request.audit.details = { mediaType: file.mediaType, bytes: file.content.length };
      return reply.header('Content-Type', file.mediaType).header('Content-Disposition', contentDisposition(file.fileName)).header('Cache-Control', 'no-store').send(file.content);
    },
  );

  app.post(
    '/consents/:id/withdraw',
    { config: { access: 'consent:write', audit: { action: 'update', objectType: 'consent' } }, schema: { tags, summary: 'Withdraw a consent, with a reason: access under it stops on the next request', params: IdParam, body: WithdrawBody, response: { 200: ConsentSchema } } },
    async (request) => {
      request.audit.details = { change: 'withdraw', reason: request.body.reason };
      return consents.withdraw(principalOf(request), request.params.id, request.body.reason, noteFor(request));
    },
  );
};
