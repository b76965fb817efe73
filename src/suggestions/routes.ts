import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../http/index.js';
import { ATTACHMENT_MAX_BYTES, base64Length, contentDisposition } from './attachment.js';
import { ANONYMOUS_SUBMITTER, auditActorOverride } from './audience.js';
import { IdParam, ListQuery, ReopenBody, RespondBody, StatusBody, SubmitBody, SuggestionDetailSchema, SuggestionPageSchema, VocabularySchema } from './schemas.js';
import type { StatusChange, Subject, SuggestionQuery, SuggestionService } from './service.js';
import type { SubmissionInput } from './submission.js';

const tags = ['suggestions'];
/** Room for the largest attachment in base64 plus the text; anything larger is refused while it is read. */
const SUBMIT_BODY_LIMIT = base64Length(ATTACHMENT_MAX_BYTES) + 64 * 1024;

/**
 * Before validation, so that even a submission refused for its shape is not recorded under the
 * name of someone who asked to stay anonymous.
 */
async function hideAnonymousSubmitter(request: FastifyRequest): Promise<void> {
  const anonymous = (request.body as { anonymous?: unknown } | null | undefined)?.anonymous;
  if (anonymous !== undefined && anonymous !== false) {
    request.audit.actor = ANONYMOUS_SUBMITTER;
    request.audit.withholdClient = true;
  }
}

/**
 * 反馈渠道 (policy Ch.7 (2)): submit a suggestion or complaint, follow it, reopen an unsatisfying
 * answer; the information department answers and tracks status; auditors read. Who may do what on
 * one suggestion is decided in the service (`audience.ts`): others' suggestions answer 404.
 */
export const suggestionRoutes: FastifyPluginAsyncTypebox<{ suggestions: SuggestionService }> = async (app, { suggestions }) => {
  /** Loads the suggestion for this caller and, when they are its anonymous submitter, keeps their name out of the audit entry. */
  const subjectOf = async (request: FastifyRequest, id: string): Promise<Subject> => {
    request.audit.objectId = id;
    const subject = await suggestions.subject(principalOf(request), id);
    const actor = auditActorOverride(subject);
    if (actor) {
      request.audit.actor = actor;
      request.audit.withholdClient = true;
    }
    return subject;
  };

  app.get(
    '/suggestions/categories',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'suggestion_vocabulary', quietOnSuccess: true } }, schema: { tags, summary: 'Kinds (建议/投诉), categories and statuses with their labels, attachment limits and the reopen window (fixed lists; successful reads are not audited)', response: { 200: VocabularySchema } } },
    async () => suggestions.vocabulary(),
  );

  app.get(
    '/suggestions',
    { config: { access: 'signed-in', audit: { action: 'search', objectType: 'suggestion' } }, schema: { tags, summary: 'Suggestions and complaints, newest first: mine (anyone) or all (information administrators, auditors); anonymous ones never name their submitter', querystring: ListQuery, response: { 200: SuggestionPageSchema } } },
    async (request) => {
      request.audit.details = { filter: request.query };
      // TypeBox types enum members as plain strings; the schema has already checked them.
      return suggestions.list(principalOf(request), request.query as SuggestionQuery);
    },
  );

  app.post(
    '/suggestions',
    {
      bodyLimit: SUBMIT_BODY_LIMIT,
      preValidation: hideAnonymousSubmitter,
      config: { access: 'signed-in', audit: { action: 'create', objectType: 'suggestion' } },
      schema: { tags, summary: 'Submit a suggestion or complaint about the sharing process, optionally anonymous to the handlers and with one small attachment', body: SubmitBody, response: { 201: SuggestionDetailSchema } },
    },
    async (request, reply) => {
      const { body } = request;
      // Never the text or the file: the audit log is not the place for what a complaint says.
      request.audit.details = { kind: body.kind, category: body.category, anonymous: body.anonymous ?? false, attachment: body.attachment ? body.attachment.mediaType : null };
      const view = await suggestions.submit(principalOf(request), body as SubmissionInput);
      request.audit.objectId = view.id;
      return reply.status(201).header('Location', `/api/v1/suggestions/${view.id}`).send(view);
    },
  );

  app.get(
    '/suggestions/:id',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'suggestion' } }, schema: { tags, summary: 'One suggestion with its responses and status changes (its submitter, information administrators, auditors)', params: IdParam, response: { 200: SuggestionDetailSchema } } },
    async (request) => suggestions.detail(principalOf(request), await subjectOf(request, request.params.id)),
  );

  app.get(
    '/suggestions/:id/attachment',
    { config: { access: 'signed-in', audit: { action: 'read', objectType: 'suggestion_attachment' } }, schema: { tags, summary: 'Download the attachment (whoever may read the suggestion)', params: IdParam } },
    async (request, reply) => {
      const file = await suggestions.attachment(await subjectOf(request, request.params.id));
      request.audit.details = { mediaType: file.mediaType, bytes: file.content.length };
      return reply
        .header('Content-Type', file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType)
        .header('Content-Disposition', contentDisposition(file.name))
        .header('Cache-Control', 'no-store')
        .send(file.content);
    },
  );

  app.post(
    '/suggestions/:id/responses',
    { config: { access: 'signed-in', audit: { action: 'create', objectType: 'suggestion_response' } }, schema: { tags, summary: 'Answer (答复) or reply in the interim (information administrators; not on their own suggestions). The submitter is notified', params: IdParam, body: RespondBody, response: { 201: SuggestionDetailSchema } } },
    async (request, reply) => {
      const subject = await subjectOf(request, request.params.id);
      request.audit.details = { interim: request.body.interim ?? false };
      const view = await suggestions.respond(principalOf(request), subject, request.body);
      request.audit.details = { interim: request.body.interim ?? false, version: view.version, status: view.status };
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/suggestions/:id/status',
    { config: { access: 'signed-in', audit: { action: 'update', objectType: 'suggestion' } }, schema: { tags, summary: 'Take on (in_progress) or close (closed, once answered) — information administrators; the submitter may close an answered one', params: IdParam, body: StatusBody, response: { 200: SuggestionDetailSchema } } },
    async (request) => {
      const subject = await subjectOf(request, request.params.id);
      request.audit.details = { change: 'status', to: request.body.status };
      return suggestions.changeStatus(principalOf(request), subject, request.body as StatusChange);
    },
  );

  app.post(
    '/suggestions/:id/reopen',
    { config: { access: 'signed-in', audit: { action: 'update', objectType: 'suggestion' } }, schema: { tags, summary: 'Reopen an answered or closed suggestion with a reason (its submitter, within the reopen window after the latest answer)', params: IdParam, body: ReopenBody, response: { 200: SuggestionDetailSchema } } },
    async (request) => {
      const subject = await subjectOf(request, request.params.id);
      request.audit.details = { change: 'reopen' };
      return suggestions.reopen(principalOf(request), subject, request.body);
    },
  );
};
