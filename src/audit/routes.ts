import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, Errors, principalOf } from '../http/index.js';
import { AuditEntryNotFoundError, CheckpointNotFoundError, type AuditService } from './service.js';
import { CheckpointPage, CheckpointQuery, CheckpointSchema, ConsistencyProof, ConsistencyQuery, EventPage, EventQuery, EventWithProof, SeqParam } from './schemas.js';
import { registerAuditExport } from './export-route.js';
import type { ExportContext } from './export/index.js';
import type { AuditVerificationRuns } from './verification-runs.js';
import { Type } from 'typebox';

const access = 'audit:read' as const;
const tags = ['audit'];

/** The audit log's read API. Reading the log is itself logged, like every API request. */
const VerificationRunSchema = Type.Object({
  id: Type.String(),
  mode: Type.Enum(['full', 'incremental']),
  fromSize: Type.Integer({ description: 'The signed checkpoint the run started from (0 for a full run)' }),
  treeSize: Type.Integer({ description: 'The signed checkpoint the run reached' }),
  rootHash: Type.Union([Type.String(), Type.Null()]),
  ok: Type.Boolean(),
  entriesChecked: Type.Integer(),
  checkpointsChecked: Type.Integer(),
  problem: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Integer(),
  trigger: Type.String({ description: "'schedule', 'report', or the user who asked for the run" }),
});
const VerificationQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), mode: Type.Optional(Type.Enum(['full', 'incremental'])) }, { additionalProperties: false });
const VerificationBody = Type.Object({ mode: Type.Enum(['full', 'incremental'], { description: 'full: every entry from the first; incremental: from where the last sound run ended' }) }, { additionalProperties: false });

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService; verifications: AuditVerificationRuns; exportContext: ExportContext }> = async (app, { audit, verifications, exportContext }) => {
  app.get(
    '/audit/verifications',
    { config: { access, audit: { action: 'search', objectType: 'audit_verification' } }, schema: { tags, summary: 'Recorded verification runs of the log, newest first (the scheduler runs an incremental check every 10 minutes and a full one daily)', querystring: VerificationQuery, response: { 200: Type.Object({ items: Type.Array(VerificationRunSchema) }) } } },
    async (request) => ({ items: await verifications.list(request.query.limit ?? 20, request.query.mode) }),
  );

  app.post(
    '/audit/verifications',
    { config: { access, audit: { action: 'system', objectType: 'audit_verification' } }, schema: { tags, summary: 'Verify the log now and record the run (a check only: entries are read, never changed)', body: VerificationBody, response: { 201: VerificationRunSchema } } },
    async (request, reply) => {
      const run = await verifications.run(request.body.mode, principalOf(request).userId);
      request.audit.objectId = run.id;
      request.audit.details = { mode: run.mode, ok: run.ok, treeSize: run.treeSize };
      return reply.status(201).send(run);
    },
  );

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
