import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../http/index.js';
import type { OrgModule } from '../../org/index.js';
import type { InboundReferralService } from './inbound-service.js';
import { AttachmentParams, DecisionBody, IdParam, InboundListSchema, InboundQuery, InboundSchema, ListQuery, ReferBody, ReferralListSchema, ReferralSchema, ReviewBody } from './schemas.js';
import type { ReferralInput, ReferralService } from './service.js';

const tags = ['referral'];
const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * 转诊: clinicians refer patients to partner institutions (a share request on the partner's
 * behalf, reviewed on the fast track), follow them to approval and the partner's reads; and the
 * receiving department lists, reads and decides referrals partners sent (inbound). Every entry
 * names its patient, refusals included.
 */
export const referralRoutes: FastifyPluginAsyncTypebox<{ referrals: ReferralService; inbound: InboundReferralService; org: OrgModule }> = async (app, { referrals, inbound, org }) => {
  const clinician = async (request: FastifyRequest) => {
    const principal = principalOf(request);
    const department = principal.departmentId ? await org.departments.get(principal.departmentId).catch(() => null) : null;
    return { ...principal, departmentCode: department?.code ?? null };
  };
  const noteReach = (request: FastifyRequest) => ({ patientId, basis }: { patientId: string; basis?: string }) => {
    request.audit.patientId = patientId;
    if (basis) request.audit.accessBasis = basis;
  };
  // A referral refused before its handler (permission, body validation) is still recorded against the patient it named.
  const notePatientNamed = async (request: FastifyRequest) => {
    const named = (request.body as { patientId?: unknown } | null | undefined)?.patientId;
    if (!request.audit.patientId && request.routeOptions.url === '/api/v1/referrals' && typeof named === 'string' && PATIENT_ID.test(named)) request.audit.patientId = named;
  };
  app.addHook('preValidation', notePatientNamed);
  app.addHook('onError', notePatientNamed);
  const aboutReferral = async (request: FastifyRequest, id: string) => {
    request.audit.objectId = id;
    request.audit.purposeOfUse = 'referral';
    request.audit.patientId = await referrals.patientOf(id);
  };
  const aboutInbound = async (request: FastifyRequest, id: string) => {
    request.audit.objectId = id;
    request.audit.purposeOfUse = 'referral';
    request.audit.patientId = await inbound.patientOf(id);
  };

  app.post(
    '/referrals',
    { config: { access: 'referral:write', audit: { action: 'create', objectType: 'referral' } }, schema: { tags, summary: 'Refer a patient you treat to a partner institution: files a share request on the partner’s behalf (purpose referral, the patient’s consent, the referral document set) and submits it to the fast-track review', body: ReferBody, response: { 201: ReferralSchema } } },
    async (request, reply) => {
      const body = request.body;
      request.audit.purposeOfUse = 'referral';
      request.audit.details = { institutionId: body.institutionId, urgency: body.urgency, fields: body.fields ? Object.keys(body.fields) : 'document-set' };
      const view = await referrals.refer(await clinician(request), body as ReferralInput, noteReach(request));
      request.audit.objectId = view.id;
      request.audit.details = { ...request.audit.details, shareRequestId: view.shareRequestId, documents: view.documents.map((d) => d.catalogCode), steps: view.steps.map((s) => `${s.role}${s.departmentCode ? `:${s.departmentCode}` : ''}`), reviewDueAt: view.reviewDueAt };
      return reply.status(201).header('Location', `/api/v1/referrals/${view.id}`).send(view);
    },
  );

  app.get(
    '/referrals',
    { config: { access: 'signed-in', audit: { action: 'search', objectType: 'referral' } }, schema: { tags, summary: 'Referrals: mine, my department’s, waiting for my review, or all (overseers); newest first, overdue fast-track reviews flagged', querystring: ListQuery, response: { 200: ReferralListSchema } } },
    async (request) => {
      const { view = 'mine', limit = 50, patient } = request.query;
      const items = await referrals.list(await clinician(request), view, limit, patient);
      if (patient !== undefined) request.audit.patientId = patient;
      request.audit.details = { view, ...(patient === undefined ? {} : { patient }), returned: items.length, patients: [...new Set(items.map((i) => i.patientId))].slice(0, 200) };
      return { items };
    },
  );

  app.get(
    '/referrals/inbound',
    { config: { access: 'signed-in', audit: { action: 'search', objectType: 'inbound_referral' } }, schema: { tags, summary: 'Referrals partners sent to my department, newest first', querystring: InboundQuery, response: { 200: InboundListSchema } } },
    async (request) => {
      const { status, limit = 50 } = request.query;
      const items = await inbound.list(principalOf(request), status, limit);
      request.audit.details = { status: status ?? 'any', returned: items.length, patients: [...new Set(items.flatMap((i) => (i.patient.patientId ? [i.patient.patientId] : [])))].slice(0, 200) };
      return { items };
    },
  );

  app.get(
    '/referrals/inbound/:id',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'inbound_referral' } }, schema: { tags, summary: 'One referral a partner sent, with the ServiceRequest as stored', params: IdParam, response: { 200: InboundSchema } } },
    async (request) => {
      await aboutInbound(request, request.params.id);
      return inbound.get(principalOf(request), request.params.id);
    },
  );

  app.get(
    '/referrals/inbound/:id/attachments/:position',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'inbound_referral_attachment' } }, schema: { tags, summary: 'Download a document sent with an inbound referral', params: AttachmentParams } },
    async (request, reply) => {
      await aboutInbound(request, request.params.id);
      const file = await inbound.attachment(principalOf(request), request.params.id, request.params.position);
      request.audit.details = { position: request.params.position, contentType: file.contentType, bytes: file.content.length };
      return reply.header('Content-Type', file.contentType).header('Content-Disposition', `attachment; filename="referral-${request.params.id}-${request.params.position}"`).header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff').send(file.content);
    },
  );

  for (const [action, decision] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
  ] as const) {
    app.post(
      `/referrals/inbound/:id/${action}`,
      { config: { access: 'referral:write', audit: { action: 'decision', objectType: 'inbound_referral' } }, schema: { tags, summary: `${action === 'accept' ? 'Accept' : 'Decline'} a referral sent to your department, with a reason the sender reads`, params: IdParam, body: DecisionBody, response: { 200: InboundSchema } } },
      async (request) => {
        await aboutInbound(request, request.params.id);
        request.audit.details = { decision, reason: request.body.reason };
        return inbound.decide(principalOf(request), request.params.id, decision, request.body.reason);
      },
    );
  }

  app.get(
    '/referrals/:id',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'referral' } }, schema: { tags, summary: 'One referral: status, review and its deadline, grants, minutes from referral to approval, and the partner’s reads of the shared data', params: IdParam, response: { 200: ReferralSchema } } },
    async (request) => {
      await aboutReferral(request, request.params.id);
      const view = await referrals.get(await clinician(request), request.params.id);
      request.audit.details = { status: view.status, grants: view.grantIds };
      return view;
    },
  );

  app.post(
    '/referrals/:id/review',
    { config: { access: 'share:review', audit: { action: 'decision', objectType: 'referral' } }, schema: { tags, summary: 'Decide the current fast-track review step (approve, narrow, return, reject) with a reason; the final approval grants the partner the document set for this patient', params: IdParam, body: ReviewBody, response: { 200: ReferralSchema } } },
    async (request) => {
      await aboutReferral(request, request.params.id);
      request.audit.details = { decision: request.body.decision, reason: request.body.reason, narrowing: request.body.narrowing ?? null };
      const view = await referrals.review(await clinician(request), request.params.id, request.body);
      if (view.grantIds.length === 1) request.audit.grantId = view.grantIds[0]!;
      if (view.grantIds.length) request.audit.details = { ...request.audit.details, grants: view.grantIds, minutesToApproval: view.minutesToApproval };
      return view;
    },
  );

  app.post(
    '/referrals/:id/withdraw',
    { config: { access: 'referral:write', audit: { action: 'update', objectType: 'referral' } }, schema: { tags, summary: 'Withdraw your referral before it is decided', params: IdParam, response: { 200: ReferralSchema } } },
    async (request) => {
      await aboutReferral(request, request.params.id);
      request.audit.details = { change: 'withdraw' };
      return referrals.withdraw(await clinician(request), request.params.id);
    },
  );
};
