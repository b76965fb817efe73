import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Errors, negotiateLanguage, PROBLEM_CONTENT_TYPE } from '../http/index.js';
import { toProblem } from '../http/problem.js';
import type { InstitutionPrincipal, Principal } from '../org/index.js';
import type { AuditAction, AuditActor, AuditOutcome, AuditRecord } from './entry.js';
import type { AuditLog } from './log.js';

/** What a handler adds to its request's audit entry; the hook fills the rest. */
export interface RequestAudit {
  action?: AuditAction;
  objectType?: string | null;
  objectId?: string | null;
  patientId?: string | null;
  purposeOfUse?: string | null;
  grantId?: string | null;
  accessBasis?: string | null;
  outcome?: AuditOutcome;
  actor?: AuditActor;
  details?: Record<string, unknown>;
  /**
   * Leave the caller's network address and browser out of the entry: set with an anonymous actor
   * stand-in, since an address seen again on a named entry would tell an auditor who it was.
   */
  withholdClient?: boolean;
}

export interface RouteAuditConfig {
  action: AuditAction;
  objectType: string;
  /**
   * Successful calls are not recorded; refusals and errors still are. Only for calls that read no
   * patient data and change nothing (a live pre-check, polling one's own inbox): data reads and every
   * change are always recorded.
   */
  quietOnSuccess?: true;
}

declare module 'fastify' {
  interface FastifyRequest {
    audit: RequestAudit;
  }
  interface FastifyContextConfig {
    /** The default action and object of the route's audit entries; `false` only for non-API plumbing. */
    audit?: RouteAuditConfig | false;
  }
}

const DEFAULT_ACTIONS: Record<string, AuditAction> = { GET: 'read', HEAD: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

export function actorOf(principal: Principal | null): AuditActor {
  if (!principal) return { type: 'anonymous', id: null, name: null, roles: [], departmentId: null };
  return { type: 'user', id: principal.userId, name: principal.username, roles: principal.roles, departmentId: principal.departmentId };
}

/** A partner institution's system: its API client by row id, named by its public client id. */
export function partnerActorOf(partner: Pick<InstitutionPrincipal, 'apiClientId' | 'clientId'>): AuditActor {
  return { type: 'api_client', id: partner.apiClientId, name: partner.clientId, roles: [], departmentId: null };
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if ([401, 403, 404, 423, 429].includes(status)) return 'denied';
  return 'error';
}

function isAudited(request: FastifyRequest): boolean {
  return request.routeOptions.config?.audit !== false && (request.url.startsWith('/api/v1/') || request.url.startsWith('/fhir/') || request.url.startsWith('/oauth2/'));
}

export function recordFor(request: FastifyRequest, reply: FastifyReply): AuditRecord {
  const route = request.routeOptions.config?.audit || undefined;
  const audit = request.audit;
  const outcome = audit.outcome ?? outcomeOf(reply.statusCode);
  let action = audit.action ?? route?.action ?? DEFAULT_ACTIONS[request.method] ?? 'read';
  if (action === 'login' && outcome !== 'success') action = 'login_failed';
  const params = request.params as Record<string, unknown> | undefined;
  return {
    actor: audit.actor ?? (request.partner ? partnerActorOf(request.partner) : actorOf(request.principal)),
    action,
    objectType: audit.objectType ?? route?.objectType ?? (request.routeOptions.url ? null : 'unknown_route'),
    objectId: audit.objectId ?? (typeof params?.id === 'string' ? params.id : null),
    patientId: audit.patientId ?? null,
    purposeOfUse: audit.purposeOfUse ?? null,
    grantId: audit.grantId ?? null,
    accessBasis: audit.accessBasis ?? null,
    outcome,
    reason: request.failureCode ?? null,
    sourceIp: audit.withholdClient ? null : request.ip,
    userAgent: audit.withholdClient ? null : (request.headers['user-agent'] ?? null),
    requestId: String(request.id),
    details: { ...audit.details, method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], status: reply.statusCode },
  };
}

/**
 * "No response without its audit entry": every API request — refused ones included — appends its
 * entry in onSend and the response waits until it is durable. If the log cannot be written the
 * caller gets 503 instead of the answer, and any session cookie is withheld. While the log is
 * failing, new requests are refused before they act (one probe per second tests for recovery).
 */
export function registerRequestAudit(app: FastifyInstance, log: AuditLog): void {
  app.decorateRequest('audit', null as unknown as RequestAudit);
  app.decorateRequest('failureCode', null);

  app.addHook('onRequest', async (request) => {
    request.audit = {};
    if (isAudited(request) && !(await log.ensureWritable())) throw new AppError(Errors.AUDIT_UNAVAILABLE);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isAudited(request) || request.failureCode === Errors.AUDIT_UNAVAILABLE.code) return payload;
    if (request.routeOptions.config?.audit && request.routeOptions.config.audit.quietOnSuccess && reply.statusCode < 400) return payload;
    try {
      await log.append(recordFor(request, reply));
      return payload;
    } catch {
      request.log.error('audit append failed; answering 503');
      // The answer that was to go out is dropped whole: a file being streamed is closed, and the
      // headers that described it (a download's name, tag, count) must not dress up the error.
      if (payload instanceof Readable) payload.destroy();
      for (const header of ['set-cookie', 'content-disposition', 'content-length', 'etag', 'last-modified', 'x-downloads-left']) reply.removeHeader(header);
      reply.status(503).header('content-type', PROBLEM_CONTENT_TYPE);
      return JSON.stringify(toProblem(new AppError(Errors.AUDIT_UNAVAILABLE), request, negotiateLanguage(request.headers['accept-language'])));
    }
  });
}
