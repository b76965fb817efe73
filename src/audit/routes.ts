import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, Errors } from '../http/index.js';
import { AuditEntryNotFoundError, CheckpointNotFoundError, type AuditService } from './service.js';
import { CheckpointPage, CheckpointQuery, CheckpointSchema, ConsistencyProof, ConsistencyQuery, EventPage, EventQuery, EventWithProof, SeqParam } from './schemas.js';
import { registerAuditExport } from './export-route.js';
import type { ExportContext } from './export/index.js';

const access = 'audit:read' as const;
const tags = ['audit'];

/** The audit log's read API. Reading the log is itself logged, like every API request. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService; exportContext: ExportContext }> = async (app, { audit, exportContext }) => {
  app.get(
    '/audit/events',
    { config: { access, audit: { action: 'search', objectType: 'audit_log' } }, schema: { tags, summary: 'Search audit entries (newest first)', querystring: EventQuery, response: { 200: EventPage } } },
    async (request) => {
      const { limit = 50, cursor, actor, department, patient, grant, ...rest } = request.query;
      request.audit.details = { filter: request.query };
      return audit.search({ ...rest, actorId: actor, departmentId: department, patientId: patient, grantId: grant }, limit, cursor);
    },
  );

  app.get(
    '/audit/events/:seq',
    { config: { access, audit: { action: 'read', objectType: 'audit_entry' } }, schema: { tags, summary: 'One audit entry with its inclusion proof against the latest checkpoint', params: SeqParam, response: { 200: EventWithProof } } },
    async (request) => {
      request.audit.objectId = String(request.params.seq);
      try {
        return await audit.entryWithProof(request.params.seq);
      } catch (error) {
        if (error instanceof AuditEntryNotFoundError) throw new AppError(Errors.AUDIT_ENTRY_NOT_FOUND, { seq: request.params.seq });
        throw error;
      }
    },
  );

  app.get(
    '/audit/checkpoints/latest',
    { config: { access, audit: { action: 'read', objectType: 'audit_checkpoint' } }, schema: { tags, summary: 'The latest signed checkpoint', response: { 200: CheckpointSchema } } },
    async () => audit.latestCheckpoint(),
  );

  app.get(
    '/audit/checkpoints',
    { config: { access, audit: { action: 'search', objectType: 'audit_checkpoint' } }, schema: { tags, summary: 'Signed checkpoints, newest first', querystring: CheckpointQuery, response: { 200: CheckpointPage } } },
    async (request) => audit.checkpoints(request.query.limit ?? 50, request.query.cursor),
  );

  app.get(
    '/audit/consistency',
    { config: { access, audit: { action: 'read', objectType: 'audit_checkpoint' } }, schema: { tags, summary: 'Consistency proof between two checkpoints (tree sizes)', querystring: ConsistencyQuery, response: { 200: ConsistencyProof } } },
    async (request) => {
      const { from, to } = request.query;
      if (from > to) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/from', message: 'must not be greater than to' }]);
      try {
        return await audit.consistency(from, to);
      } catch (error) {
        if (error instanceof CheckpointNotFoundError) throw new AppError(Errors.CHECKPOINT_NOT_FOUND, { size: error.size });
        throw error;
      }
    },
  );

  registerAuditExport(app, audit, exportContext);
};
