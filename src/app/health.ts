import type { FastifyPluginAsync } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import type { DatabaseHandle } from '../db/index.js';

/** Liveness plus the dependencies a request needs; 503 tells the load balancer to route elsewhere. */
export const healthRoutes: FastifyPluginAsync<{ database: DatabaseHandle; auditLog: AuditLog }> = async (app, { database, auditLog }) => {
  app.get('/healthz', { config: { access: 'public', audit: false }, schema: { hide: true } }, async (_request, reply) => {
    const started = performance.now();
    let databaseCheck: { status: 'ok' | 'failing'; dialect: string; latencyMs?: number; error?: string };
    try {
      await database.dialect.ping(database.db);
      databaseCheck = { status: 'ok', dialect: database.dialect.name, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      databaseCheck = { status: 'failing', dialect: database.dialect.name, error: (error as Error).message.split('\n')[0] };
    }
    const auditCheck = auditLog.health();
    const healthy = databaseCheck.status === 'ok' && auditCheck.status === 'ok';
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'failing', checks: { database: databaseCheck, auditLog: auditCheck } });
  });
};
