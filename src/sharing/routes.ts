import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, Errors, principalOf } from '../http/index.js';
import type { OrgModule } from '../org/index.js';
import type { ShareRequestService } from './service.js';
import { DELIVERY_CHANNELS, IDENTIFICATION_LEVELS, LEGAL_BASES, type ShareRequestForm } from './types.js';
import { REVIEW_DECISIONS } from './workflow.js';

const tags = ['share-requests'];
const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const CatalogCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' });
const FieldName = Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' });
const PatientId = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });

const Form = Type.Object(
  {
    recipient: Type.Object({ kind: Type.Enum(['department', 'institution']), id: Id }, { additionalProperties: false }),
    resources: Type.Array(
      Type.Object({ catalogCode: CatalogCode, fields: Type.Array(Type.Object({ name: FieldName, justification: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 20 },
    ),
    purpose: Type.String({ pattern: '^[a-z][a-z-]{1,39}$' }),
    legalBasis: Type.Object({ kind: Type.Enum([...LEGAL_BASES]), text: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
    patients: Type.Union([
      Type.Object({ kind: Type.Literal('patients'), patientIds: Type.Array(PatientId, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
      Type.Object(
        {
          kind: Type.Literal('criteria'),
          criteria: Type.Object(
            {
              departmentCode: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,31}$' })),
              from: Type.Optional(Type.String({ format: 'date-time' })),
              to: Type.Optional(Type.String({ format: 'date-time' })),
              diagnosisCode: Type.Optional(Type.String({ pattern: '^[^|\\s]+\\|[^|\\s]+$', maxLength: 200 })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
    ]),
    dataFrom: Type.Optional(Type.String({ format: 'date-time' })),
    dataTo: Type.Optional(Type.String({ format: 'date-time' })),
    accessDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    channel: Type.Enum([...DELIVERY_CHANNELS]),
    identification: Type.Enum([...IDENTIFICATION_LEVELS]),
    consentOnRecord: Type.Boolean(),
  },
  { additionalProperties: false },
);
const DraftBody = Type.Object({ title: Type.String({ minLength: 2, maxLength: 200 }), form: Form }, { additionalProperties: false });
const IdParam = Type.Object({ id: Id }, { additionalProperties: false });
const ListQuery = Type.Object({ view: Type.Optional(Type.Enum(['mine', 'to-review', 'all'])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false });
const ReviewBody = Type.Object(
  {
    decision: Type.Enum([...REVIEW_DECISIONS]),
    reason: Type.String({ minLength: 2, maxLength: 2000 }),
    narrowing: Type.Optional(
      Type.Object(
        {
          dropFields: Type.Optional(Type.Record(CatalogCode, Type.Array(FieldName, { maxItems: 200 }))),
          accessDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          patientIds: Type.Optional(Type.Array(PatientId, { minItems: 1, maxItems: 10_000 })),
          identification: Type.Optional(Type.Enum([...IDENTIFICATION_LEVELS])),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
  },
  { additionalProperties: false },
);

function ifMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?v?(\d+)"?$/.exec(header.trim());
  if (!match) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'headers/if-match', message: 'expected an ETag such as "v3"' }]);
  return Number(match[1]);
}

/** 信息共享申请: the request form, submission with pre-checks, staged review and withdrawal. */
export const shareRequestRoutes: FastifyPluginAsyncTypebox<{ requests: ShareRequestService; org: OrgModule }> = async (app, { requests, org }) => {
  const withDepartment = async (request: FastifyRequest) => {
    const principal = principalOf(request);
    const department = principal.departmentId ? await org.departments.get(principal.departmentId).catch(() => null) : null;
    return { ...principal, departmentCode: department?.code ?? null };
  };

  app.get('/share-requests', { config: { access: 'signed-in', audit: { action: 'search', objectType: 'share_request' } }, schema: { tags, summary: 'Share requests: mine, waiting for my review, or all (information administrators, auditors)', querystring: ListQuery } }, async (request) => {
    const { view = 'mine', limit = 50 } = request.query;
    return { items: await requests.list(await withDepartment(request), view, limit) };
  });

  app.post('/share-requests', { config: { access: 'share:request', audit: { action: 'create', objectType: 'share_request' } }, schema: { tags, summary: 'Save a draft share request (信息共享申请表)', body: DraftBody } }, async (request, reply) => {
    const view = await requests.createDraft(principalOf(request), request.body.title, request.body.form as ShareRequestForm);
    request.audit.objectId = view.id;
    request.audit.purposeOfUse = view.form.purpose;
    return reply.status(201).header('ETag', `"v${view.version}"`).send(view);
  });

  app.post('/share-requests/precheck', { config: { access: 'share:request', audit: { action: 'decision', objectType: 'share_request', quietOnSuccess: true } }, schema: { tags, summary: 'Run the legality and necessity pre-checks on a form without saving it (nothing is stored; successful checks are not audited — the decision that counts is audited on submit)', body: Form } }, async (request) => ({
    findings: await requests.precheck(principalOf(request).userId, request.body as ShareRequestForm),
  }));

  app.get('/share-requests/:id', { config: { access: 'signed-in', audit: { action: 'read', objectType: 'share_request' } }, schema: { tags, summary: 'One share request with its pre-check findings, review history and grants', params: IdParam } }, async (request, reply) => {
    request.audit.objectId = request.params.id;
    const view = await requests.get(principalOf(request), request.params.id);
    return reply.header('ETag', `"v${view.version}"`).send(view);
  });

  app.put('/share-requests/:id', { config: { access: 'share:request', audit: { action: 'update', objectType: 'share_request' } }, schema: { tags, summary: 'Edit a draft or returned request (If-Match with its ETag)', params: IdParam, body: DraftBody } }, async (request) => {
    request.audit.objectId = request.params.id;
    return requests.edit(principalOf(request), request.params.id, request.body.title, request.body.form as ShareRequestForm, ifMatch(request.headers['if-match']));
  });

  app.post('/share-requests/:id/submit', { config: { access: 'share:request', audit: { action: 'update', objectType: 'share_request' } }, schema: { tags, summary: 'Submit: runs the pre-checks (blocking findings refuse) and starts review', params: IdParam } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { change: 'submit' };
    try {
      const view = await requests.submit(principalOf(request), request.params.id);
      // The pre-check decision is recorded here, where it counts (live pre-checks are not audited).
      request.audit.details = { change: 'submit', findings: view.findings.map((f) => `${f.severity}:${f.check}${f.catalogCode ? `:${f.catalogCode}` : ''}`) };
      return view;
    } catch (error) {
      if (error instanceof AppError && error.code === Errors.SHARE_REQUEST_BLOCKED.code) request.audit.details = { change: 'submit', blocked: error.problems.map((p) => `${p.code ?? ''}:${p.path}`) };
      throw error;
    }
  });

  app.post('/share-requests/:id/reviews', { config: { access: 'share:review', audit: { action: 'decision', objectType: 'share_request' } }, schema: { tags, summary: 'Decide the current review step: approve, narrow, return or reject, with a reason', params: IdParam, body: ReviewBody } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { decision: request.body.decision, reason: request.body.reason, narrowing: request.body.narrowing ?? null };
    const view = await requests.review(await withDepartment(request), request.params.id, request.body);
    if (view.grantIds.length === 1) request.audit.grantId = view.grantIds[0]!;
    if (view.grantIds.length) request.audit.details = { ...request.audit.details, grants: view.grantIds };
    return view;
  });

  app.post('/share-requests/:id/withdraw', { config: { access: 'share:request', audit: { action: 'update', objectType: 'share_request' } }, schema: { tags, summary: 'Withdraw your own request before it is decided', params: IdParam } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { change: 'withdraw' };
    return requests.withdraw(principalOf(request), request.params.id);
  });
};
