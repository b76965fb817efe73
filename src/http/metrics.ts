import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AuditRecord } from '../audit/index.js';
import { AppError, Errors } from './errors.js';
import { metricsAccess } from './metrics-access.js';

export interface MetricsOptions {
  /** YIXIANG_METRICS_TOKEN: the bearer token a scrape must send; null serves loopback callers only. */
  token: string | null;
  /** Appends a refused scrape's audit entry durably (the audit log's `append`). */
  audit: (record: AuditRecord) => Promise<unknown>;
}

const REALM = 'Bearer realm="yixiang-metrics"';

function refusalRecord(request: FastifyRequest, status: number, code: string): AuditRecord {
  return {
    actor: { type: 'anonymous', id: null, name: null, roles: [], departmentId: null },
    action: 'read',
    objectType: 'metrics',
    objectId: null,
    outcome: 'denied',
    reason: code,
    sourceIp: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: String(request.id),
    details: { method: request.method, route: '/metrics', status },
  };
}

let processMetrics: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, event-loop lag, GC), collected once per process: they
 * describe the process, not an app, and their samplers are never stopped, so one set per app would
 * pile up in a process that opens many apps (the test suite).
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'yixiang_' });
  }
  return processMetrics;
}

/**
 * Prometheus metrics on a registry per app instance (not prom-client's global one), so several
 * apps in one test process do not collide; the process metrics are shared (processRegistry).
 */
export function registerMetrics(app: FastifyInstance, options: MetricsOptions): Registry {
  const appMetrics = new Registry();
  const duration = new Histogram({
    name: 'yixiang_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [appMetrics],
  });
  const registry = Registry.merge([processRegistry(), appMetrics]);

  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: ids in paths would explode cardinality and leak identifiers.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  // Who may scrape is decided here (see metricsAccess), not by the access hook, which knows users
  // and partners only. The request-audit hook covers the API prefixes only, so this route writes
  // its own entries: a refusal is recorded before it is answered, while a successful scrape —
  // every 15 s, reading nothing about patients or users — is not, as with /healthz.
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const decision = metricsAccess(options.token, request.headers.authorization, request.socket.remoteAddress);
    if (decision === 'allow') return;
    const refusal = decision === 'challenge' ? Errors.METRICS_TOKEN_INVALID : Errors.NOT_FOUND;
    try {
      await options.audit(refusalRecord(request, refusal.status, refusal.code));
    } catch {
      throw new AppError(Errors.AUDIT_UNAVAILABLE);
    }
    if (decision === 'challenge') reply.header('WWW-Authenticate', REALM);
    throw new AppError(refusal);
  };

  app.get('/metrics', { config: { access: 'public', audit: false }, schema: { hide: true }, onRequest: guard }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
