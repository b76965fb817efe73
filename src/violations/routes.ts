import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, Errors, principalOf } from '../http/index.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { CASE_STATUSES, DECISION_KINDS, SUBJECT_KINDS } from './rules.js';
import type { ViolationService } from './service.js';

const tags = ['violations'];
const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const Params = Type.Object({ id: Id }, { additionalProperties: false });
const Text = (maxLength: number) => Type.String({ minLength: 2, maxLength });
const Reason = Type.Object({ reason: Text(2000) }, { additionalProperties: false });
const Evidence = Type.Object(
  {
    auditSeqs: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 500 })),
    alertIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const NewCase = Type.Object(
  {
    subject: Type.Object({ kind: Type.Enum([...SUBJECT_KINDS]), id: Id }, { additionalProperties: false }),
    title: Text(200),
    description: Text(10_000),
    evidence: Type.Optional(Evidence),
    suspend: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Suspension = Type.Object({ action: Type.Enum(['apply', 'lift']), reason: Text(2000) }, { additionalProperties: false });
const Decision = Type.Object({ kind: Type.Enum([...DECISION_KINDS]), details: Type.Optional(Type.String({ maxLength: 4000 })), reason: Text(4000) }, { additionalProperties: false });
const Approval = Type.Object({ approve: Type.Boolean(), reason: Text(2000) }, { additionalProperties: false });
const Note = Type.Object({ text: Text(10_000) }, { additionalProperties: false });
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...CASE_STATUSES])),
    subjectKind: Type.Optional(Type.Enum([...SUBJECT_KINDS])),
    subjectId: Type.Optional(Id),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** 违规处理: cases, evidence, suspension, decisions with a second approver for termination, appeals. */
export const violationRoutes: FastifyPluginAsyncTypebox<{ violations: ViolationService }> = async (app, { violations }) => {
  app.get('/violations', { config: { access: 'signed-in', audit: { action: 'search', objectType: 'violation_case' } }, schema: { tags, summary: 'Violation cases: all of them for information administrators, the privacy officer and auditors; otherwise the cases about me (and, as department head, my department)', querystring: ListQuery } }, async (request) => {
    const { limit = 50, cursor, ...filter } = request.query;
    const before = cursor ? decodeCursor(cursor, 2) : undefined;
    if (before === null) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/cursor', message: 'unknown cursor' }]);
    const items = await violations.list(principalOf(request), filter, limit + 1, before ? { openedAt: before[0]!, id: before[1]! } : undefined);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor([last.openedAt, last.id]) : null };
  });

  app.post('/violations', { config: { access: 'violation:write', audit: { action: 'create', objectType: 'violation_case' } }, schema: { tags, summary: 'Open a case against a user, a department or an external institution, optionally suspending the subject at once', body: NewCase } }, async (request, reply) => {
    const view = await violations.open(request.body, principalOf(request));
    request.audit.objectId = view.id;
    request.audit.details = { subject: request.body.subject, suspend: request.body.suspend ?? false, evidence: view.evidence.length };
    return reply.status(201).send(view);
  });

  app.get('/violations/:id', { config: { access: 'signed-in', audit: { action: 'read', objectType: 'violation_case' } }, schema: { tags, summary: 'One case with its evidence and history (its subject sees the case without investigation notes)', params: Params } }, async (request) => {
    request.audit.objectId = request.params.id;
    return violations.get(principalOf(request), request.params.id);
  });

  app.post('/violations/:id/notes', { config: { access: 'violation:write', audit: { action: 'update', objectType: 'violation_case' } }, schema: { tags, summary: 'Add an investigation note', params: Params, body: Note } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: 'note' };
    return violations.addNote(request.params.id, principalOf(request), request.body.text);
  });

  app.post('/violations/:id/evidence', { config: { access: 'violation:write', audit: { action: 'update', objectType: 'violation_case' } }, schema: { tags, summary: 'Add audit entries or alerts as evidence', params: Params, body: Evidence } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: 'evidence', auditSeqs: request.body.auditSeqs ?? [], alertIds: request.body.alertIds ?? [] };
    return violations.addEvidence(request.params.id, principalOf(request), request.body);
  });

  app.post('/violations/:id/suspension', { config: { access: 'violation:write', audit: { action: 'update', objectType: 'violation_case' } }, schema: { tags, summary: 'Suspend the subject while the case is open (sessions end, grants stop, API clients are suspended), or lift the suspension', params: Params, body: Suspension } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: `suspension:${request.body.action}` };
    const principal = principalOf(request);
    return request.body.action === 'apply' ? violations.suspend(request.params.id, principal, request.body.reason) : violations.lift(request.params.id, principal, request.body.reason);
  });

  app.post('/violations/:id/decision', { config: { access: 'violation:write', audit: { action: 'decision', objectType: 'violation_case' } }, schema: { tags, summary: 'Decide the case: no violation, warning (警告), penalty (处罚, with details) or termination (解除劳动合同 / 终止协议, which waits for a second approver)', params: Params, body: Decision } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: 'decision', kind: request.body.kind };
    return violations.decide(request.params.id, principalOf(request), request.body);
  });

  app.post('/violations/:id/approval', { config: { access: 'violation:approve', audit: { action: 'decision', objectType: 'violation_case' } }, schema: { tags, summary: 'Second approval of a proposed termination, by someone other than the decider; rejecting sends the case back to investigation', params: Params, body: Approval } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: 'approval', approve: request.body.approve };
    return violations.approve(request.params.id, principalOf(request), request.body.approve, request.body.reason);
  });

  app.post('/violations/:id/appeal', { config: { access: 'signed-in', audit: { action: 'update', objectType: 'violation_case' } }, schema: { tags, summary: 'The subject files an appeal note (申诉)', params: Params, body: Note } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: 'appeal' };
    return violations.appeal(request.params.id, principalOf(request), request.body.text);
  });

  app.post('/violations/:id/close', { config: { access: 'violation:write', audit: { action: 'update', objectType: 'violation_case' } }, schema: { tags, summary: 'Close a decided case', params: Params, body: Reason } }, async (request) => {
    request.audit.objectId = request.params.id;
    request.audit.details = { step: 'close' };
    return violations.close(request.params.id, principalOf(request), request.body.reason);
  });
};
