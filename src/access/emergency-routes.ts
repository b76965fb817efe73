import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { hasPermission } from '../org/index.js';
import { AppError, Errors, principalOf } from '../http/index.js';
import type { EmergencyAccessService } from './emergency-service.js';
import type { PatientViews } from './patient-views.js';
import { REVIEW_STATUSES } from './emergency-service.js';

const tags = ['emergency-access'];
const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' }) }, { additionalProperties: false });
const OpenBody = Type.Object(
  {
    patientId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' })),
    /** A clinician at the bedside often holds only the record number or ID card, not the platform id. */
    identifier: Type.Optional(Type.Object({ kind: Type.Enum(['mrn', 'id-card']), value: Type.String({ minLength: 2, maxLength: 64 }) }, { additionalProperties: false })),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    scope: Type.Optional(Type.Enum(['mine', 'all'])),
    review: Type.Optional(Type.Enum([...REVIEW_STATUSES])),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
const ReviewBody = Type.Object({ justified: Type.Boolean(), note: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false });

/** 紧急访问: clinicians open and close their own windows; the information administrator reviews every one. */
export const emergencyRoutes: FastifyPluginAsyncTypebox<{ emergency: EmergencyAccessService; patients: PatientViews }> = async (app, { emergency, patients }) => {
  app.post('/emergency-access', { config: { access: 'emergency:open', audit: { action: 'emergency_access', objectType: 'emergency_access' } }, schema: { tags, summary: 'Open a time-boxed emergency access window for one patient (by id, MRN or ID card number), with the clinical reason', body: OpenBody } }, async (request, reply) => {
    const { patientId, identifier, reason } = request.body;
    if ((patientId === undefined) === (identifier === undefined)) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'body', message: 'give either patientId or identifier' }]);
    const resolved = patientId ?? (await patients.resolveIdentifier(identifier!.kind, identifier!.value));
    if (!resolved) {
      request.audit.details = { identifierKind: identifier?.kind ?? null, refused: 'no single patient with this identifier' };
      throw new AppError(Errors.PATIENT_NOT_FOUND);
    }
    request.audit.patientId = resolved;
    const opened = await emergency.open(principalOf(request), resolved, reason);
    request.audit.objectId = opened.id;
    request.audit.accessBasis = `emergency:${opened.id}`;
    request.audit.details = { reason: opened.reason, expiresAt: opened.expiresAt };
    return reply.status(201).send(opened);
  });

  app.get('/emergency-access', { config: { access: 'signed-in', audit: { action: 'search', objectType: 'emergency_access' } }, schema: { tags, summary: 'Emergency access windows: your own, or all of them for reviewers (scope=all)', querystring: ListQuery } }, async (request) => {
    const principal = principalOf(request);
    const { scope = 'mine', review, active, limit = 50 } = request.query;
    const all = scope === 'all' && hasPermission(principal.roles, 'emergency:review');
    return { items: await emergency.list({ userId: all ? undefined : principal.userId, reviewStatus: review, active }, limit) };
  });

  app.get('/emergency-access/:id', { config: { access: 'signed-in', audit: { action: 'read', objectType: 'emergency_access' } }, schema: { tags, summary: 'One emergency access window', params: IdParam } }, async (request) => {
    const principal = principalOf(request);
    request.audit.objectId = request.params.id;
    const view = await emergency.get(request.params.id);
    // Someone else's window is as invisible as a missing one unless you review them.
    if (view.userId !== principal.userId && !hasPermission(principal.roles, 'emergency:review')) throw new AppError(Errors.EMERGENCY_NOT_FOUND);
    return view;
  });

  app.post('/emergency-access/:id/close', { config: { access: 'emergency:open', audit: { action: 'emergency_access', objectType: 'emergency_access' } }, schema: { tags, summary: 'End your own emergency window early', params: IdParam } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { change: 'close' };
    return emergency.close(principalOf(request), request.params.id);
  });

  app.post('/emergency-access/:id/review', { config: { access: 'emergency:review', audit: { action: 'decision', objectType: 'emergency_access' } }, schema: { tags, summary: 'Review an emergency access: justified or not (unjustified cases feed violation handling)', params: IdParam, body: ReviewBody } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { justified: request.body.justified, note: request.body.note };
    const reviewed = await emergency.review(principalOf(request), request.params.id, request.body.justified, request.body.note);
    request.audit.patientId = reviewed.patientId;
    return reviewed;
  });
};
