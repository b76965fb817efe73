import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, Errors, principalOf, problemResponse } from '../http/index.js';
import type { PolicyService } from '../policy/index.js';
import type { PatientViews } from './patient-views.js';
import { auditPatientOf, type PresentedRecord } from './present.js';
import { purposeOf } from './purpose.js';
import { isRefusal, type AccessService } from './service.js';

const tags = ['records'];
const CatalogCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' });
const PatientId = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }));
const Cursor = Type.Optional(Type.String({ maxLength: 400 }));
const PurposeHeader = Type.Object({ 'x-purpose-of-use': Type.Optional(Type.String({ maxLength: 40 })) });

const RecordQuery = Type.Object(
  {
    catalog: CatalogCode,
    patient: Type.Optional(PatientId),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Limit,
    cursor: Cursor,
  },
  { additionalProperties: false },
);
const RecordParams = Type.Object({ type: Type.String({ pattern: '^[A-Z][A-Za-z]{1,40}$' }), id: PatientId }, { additionalProperties: false });
/** A single read takes no query parameters; an unknown one is refused like on every other data route. */
const NoQuery = Type.Object({}, { additionalProperties: false });
const PatientParams = Type.Object({ id: PatientId }, { additionalProperties: false });
const PatientQuery = Type.Object({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), limit: Limit, cursor: Cursor }, { additionalProperties: false });
const PageQuery = Type.Object({ limit: Limit, cursor: Cursor }, { additionalProperties: false });
const PatientRecordsQuery = Type.Object({ resource: CatalogCode, limit: Limit, cursor: Cursor }, { additionalProperties: false });
const RecentQuery = Type.Object({ code: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s]+$' })) }, { additionalProperties: false });

/** What every data read may answer besides its result (the OpenAPI document lists them). */
const REFUSALS = {
  400: problemResponse('VALIDATION_FAILED; PURPOSE_REQUIRED or PURPOSE_UNKNOWN without a known X-Purpose-Of-Use'),
  401: problemResponse('UNAUTHENTICATED'),
  403: problemResponse('PATIENT_DATA_FORBIDDEN: the caller’s roles give no access to patient data (the system administrator, separation of duties)'),
};
/** A page answers 200 with what access allows (possibly nothing); a single read or view answers 404 when access allows nothing. */
const pageResponses = (description: string) => ({ 200: Type.Unknown({ description }), ...REFUSALS });
const singleResponses = (description: string, notFound: string) => ({ 200: Type.Unknown({ description }), ...REFUSALS, 404: problemResponse(notFound) });

/** The basis header: one rule for a single read, each distinct rule for a page (or `none`). */
function basisHeader(reply: FastifyReply, bases: readonly string[]): void {
  reply.header('X-Access-Basis', bases.length ? bases.join(', ') : 'none');
}

/** What the audit entry of a data read carries: rule, grant, emergency flag — never the payload. */
function auditRead(request: FastifyRequest, items: readonly PresentedRecord[], extra: Record<string, unknown> = {}): void {
  const bases = [...new Set(items.map((item) => item.basis))];
  const grants = [...new Set(items.flatMap((item) => (item.grantId ? [item.grantId] : [])))];
  request.audit.accessBasis = bases.length ? bases.join(',') : 'none';
  if (grants.length === 1) request.audit.grantId = grants[0]!;
  const emergency = items.some((item) => item.emergency);
  // Which patients a page touched, for the supervision rules (bulk access, staff as patients), even
  // when the caller saw only pseudonyms.
  const patients = [...new Set(items.map(auditPatientOf).filter((id): id is string => id !== null))];
  if (!request.audit.patientId && patients.length === 1) request.audit.patientId = patients[0]!;
  request.audit.details = { ...extra, returned: items.length, ...(patients.length ? { patients: patients.slice(0, 200) } : {}), ...(grants.length > 1 ? { grants } : {}), ...(emergency ? { emergency: true } : {}) };
}

export const recordRoutes: FastifyPluginAsyncTypebox<{ access: AccessService; patients: PatientViews; policy: PolicyService }> = async (app, { access, patients, policy }) => {
  const context = async (request: FastifyRequest) => ({ principal: principalOf(request), purpose: await purposeOf(request, policy) });

  app.get(
    '/records',
    { config: { access: 'signed-in', patientData: true, audit: { action: 'search', objectType: 'record' } }, schema: { tags, summary: 'Search records of one catalog resource, within what access allows (needs X-Purpose-Of-Use); newest first, paged by cursor; `total` is exact up to 10,000 (`totalExact`), a lower bound beyond', querystring: RecordQuery, headers: PurposeHeader, response: pageResponses('A page of records: {items, total, totalExact, nextCursor}; X-Access-Basis names the rules that allowed them') } },
    async (request, reply) => {
      const { catalog, patient, from, to, limit = 50, cursor } = request.query;
      const result = await access.search(await context(request), { catalogCodes: [catalog], query: { patientId: patient, from, to } }, limit, cursor);
      request.audit.patientId = patient ?? null;
      auditRead(request, result.items, { catalog, total: result.total, ...(result.totalExact ? {} : { totalExact: false }) });
      basisHeader(reply, result.bases);
      return { items: result.items, total: result.total, totalExact: result.totalExact, nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/records/:type/:id',
    { config: { access: 'signed-in', patientData: true, audit: { action: 'read', objectType: 'record' } }, schema: { tags, summary: 'Read one record (404 when it is outside what access allows; needs X-Purpose-Of-Use)', params: RecordParams, querystring: NoQuery, headers: PurposeHeader, response: singleResponses('The record: {resource, basis, masked, omitted, emergency, grantId}', 'RECORD_NOT_FOUND: no such record, or outside what access allows (audited as denied)') } },
    async (request, reply) => {
      request.audit.objectId = `${request.params.type}/${request.params.id}`;
      const result = await access.read(await context(request), request.params.type, request.params.id);
      if (isRefusal(result)) {
        request.audit.patientId = result.patientId;
        request.audit.details = { refused: result.refused, catalog: result.catalogCode, ...(result.lapsedGrant ? { lapsedGrant: result.lapsedGrant } : {}) };
        throw new AppError(Errors.RECORD_NOT_FOUND);
      }
      request.audit.patientId = auditPatientOf(result);
      auditRead(request, [result], { catalog: result.catalogCode });
      basisHeader(reply, [result.basis]);
      return result;
    },
  );

  app.get(
    '/patients',
    { config: { access: 'signed-in', patientData: true, audit: { action: 'search', objectType: 'patient' } }, schema: { tags: ['patients'], summary: 'Find patients the caller may see, by exact MRN, ID card number, phone or full name (blind-index lookup)', querystring: PatientQuery, headers: PurposeHeader, response: pageResponses('A page of the patient records the caller may see: {items, total, totalExact, nextCursor}') } },
    async (request, reply) => {
      const { q, limit = 20, cursor } = request.query;
      const result = await patients.search(await context(request), q, limit, cursor);
      // The search text may itself be an identifier; the audit entry notes that one was given, not what.
      auditRead(request, result.items, { query: q ? 'identifier' : 'none', total: result.total, ...(result.totalExact ? {} : { totalExact: false }) });
      basisHeader(reply, result.bases);
      return { items: result.items, total: result.total, totalExact: result.totalExact, nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/patients/:id',
    { config: { access: 'signed-in', patientData: true, audit: { action: 'read', objectType: 'patient' } }, schema: { tags: ['patients'], summary: 'Integrated patient view: the patient and a timeline of records from every department the caller may see', params: PatientParams, querystring: PageQuery, headers: PurposeHeader, response: singleResponses('{patient, timeline, bases}: the patient record when visible and a page of the timeline', 'PATIENT_NOT_FOUND: nothing of the patient is visible to the caller (audited as denied)') } },
    async (request, reply) => {
      const { id } = request.params;
      request.audit.objectId = `Patient/${id}`;
      request.audit.patientId = id;
      const view = await patients.view(await context(request), id, request.query.limit ?? 50, request.query.cursor);
      if (!view) {
        request.audit.details = { refused: 'nothing visible' };
        throw new AppError(Errors.PATIENT_NOT_FOUND);
      }
      auditRead(request, [...(view.patient ? [view.patient] : []), ...view.timeline.items], { total: view.timeline.total });
      basisHeader(reply, view.bases);
      return view;
    },
  );

  app.get(
    '/patients/:id/records',
    { config: { access: 'signed-in', patientData: true, audit: { action: 'search', objectType: 'record' } }, schema: { tags: ['patients'], summary: "One catalog resource's records of a patient", params: PatientParams, querystring: PatientRecordsQuery, headers: PurposeHeader, response: pageResponses('A page of the patient’s records of that resource: {items, total, totalExact, nextCursor}') } },
    async (request, reply) => {
      const { id } = request.params;
      request.audit.patientId = id;
      const { resource, limit = 50, cursor } = request.query;
      const result = await patients.records(await context(request), id, resource, limit, cursor);
      auditRead(request, result.items, { catalog: resource, total: result.total, ...(result.totalExact ? {} : { totalExact: false }) });
      basisHeader(reply, result.bases);
      return { items: result.items, total: result.total, totalExact: result.totalExact, nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/patients/:id/recent-results',
    { config: { access: 'signed-in', patientData: true, audit: { action: 'search', objectType: 'record' } }, schema: { tags: ['patients'], summary: 'Is there a recent lab or imaging result (from any department or institution) for this test? Avoids repeated examinations', params: PatientParams, querystring: RecentQuery, headers: PurposeHeader, response: pageResponses('{days, since, hasRecent, total, totalExact, items}') } },
    async (request, reply) => {
      const { id } = request.params;
      request.audit.patientId = id;
      const result = await patients.recentResults(await context(request), id, request.query.code);
      auditRead(request, result.items, { code: request.query.code ?? null, total: result.total });
      basisHeader(reply, result.bases);
      return { days: result.days, since: result.since, hasRecent: result.hasRecent, total: result.total, totalExact: result.totalExact, items: result.items };
    },
  );
};
