import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../http/index.js';
import { hasPermission } from '../org/index.js';
import type { FeedbackService } from './feedback-service.js';
import type { Inbox } from './inbox.js';

const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const FeedbackBody = Type.Object(
  {
    usedFor: Type.String({ minLength: 2, maxLength: 2000 }),
    recordsUsed: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    outcome: Type.String({ minLength: 2, maxLength: 2000 }),
    copiesDestroyed: Type.Boolean(),
    incident: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const FeedbackQuery = Type.Object({ scope: Type.Optional(Type.Enum(['mine', 'all'])), state: Type.Optional(Type.Enum(['not-due', 'due', 'overdue', 'submitted'])) }, { additionalProperties: false });
const InboxQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false });
const ReadBody = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });

/** 使用反馈 and the in-app inbox. */
export const feedbackRoutes: FastifyPluginAsyncTypebox<{ feedback: FeedbackService; inbox: Inbox }> = async (app, { feedback, inbox }) => {
  app.post('/grants/:id/feedback', { config: { access: 'share:request', audit: { action: 'create', objectType: 'usage_feedback' } }, schema: { tags: ['share-requests'], summary: 'Report how the shared data was used (the requester; closes the share once every grant is reported)', params: Type.Object({ id: Id }, { additionalProperties: false }), body: FeedbackBody } }, async (request, reply) => {
    request.audit.objectId = request.params.id;
    request.audit.grantId = request.params.id;
    request.audit.details = { recordsUsed: request.body.recordsUsed, copiesDestroyed: request.body.copiesDestroyed, incident: request.body.incident ? true : false };
    return reply.status(201).send(await feedback.submit(principalOf(request), request.params.id, request.body));
  });

  app.get('/feedback', { config: { access: 'signed-in', audit: { action: 'search', objectType: 'usage_feedback' } }, schema: { tags: ['share-requests'], summary: 'Usage feedback due: mine, or all (information administrators, auditors)', querystring: FeedbackQuery } }, async (request) => {
    const principal = principalOf(request);
    const all = request.query.scope === 'all' && (hasPermission(principal.roles, 'grant:read') || hasPermission(principal.roles, 'audit:read'));
    return { items: await feedback.items({ requesterId: all ? undefined : principal.userId, state: request.query.state }) };
  });

  app.get('/inbox', { config: { access: 'signed-in', audit: { action: 'read', objectType: 'notification', quietOnSuccess: true } }, schema: { tags: ['inbox'], summary: 'My notifications and the unread count (polled by the console; holds no patient data, so successful reads are not audited)', querystring: InboxQuery } }, async (request) => inbox.list(principalOf(request).userId, request.query.unread ?? false, request.query.limit ?? 50));

  app.post('/inbox/read', { config: { access: 'signed-in', audit: { action: 'update', objectType: 'notification' } }, schema: { tags: ['inbox'], summary: 'Mark notifications read', body: ReadBody } }, async (request) => ({ marked: await inbox.markRead(principalOf(request).userId, request.body.ids) }));
};
