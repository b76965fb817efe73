import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, Errors, FHIR_CONTENT_TYPE, partnerOf, publicOrigin, sendProblem } from '../../http/index.js';
import { READABLE_TYPES } from '../search-params.js';
import { scopesAllow } from '../smart/index.js';
import { KickoffError, parseKickoff, type KickoffHeaders, type QueryValues } from './kickoff.js';
import type { BulkExportService } from './service.js';
import { manifestOf, progressText } from './status.js';

const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const GroupParams = Type.Object({ id: Id }, { additionalProperties: false });
const ExportParams = Type.Object({ exportId: Id }, { additionalProperties: false });
const FileParams = Type.Object({ exportId: Id, fileId: Id }, { additionalProperties: false });
const tags = ['fhir'];

/** The status URL path of an export, under the FHIR base. */
export const STATUS_PATH = '$export-status';
const NDJSON_CONTENT_TYPE = 'application/fhir+ndjson';
/** Seconds a client is asked to wait between status polls, and before retrying a refused kick-off. */
const POLL_SECONDS = 2;
const BUSY_SECONDS = 60;

const fhirBase = (request: FastifyRequest) => `${publicOrigin(request)}/fhir/R4`;

function information(text: string, warnings: readonly string[] = []): Record<string, unknown> {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: text }, ...warnings.map((diagnostics) => ({ severity: 'warning', code: 'not-supported', diagnostics }))] };
}

function purposeHeader(request: FastifyRequest): string | undefined {
  const header = request.headers['x-purpose-of-use'];
  if (Array.isArray(header)) throw new AppError(Errors.BULK_EXPORT_REQUEST_INVALID, { parameter: 'X-Purpose-Of-Use', reason: 'give one purpose' });
  return header === undefined || header.trim() === '' ? undefined : header.trim();
}

/**
 * FHIR Bulk Data export (async pattern) for partner institutions: the grant as a Group, the
 * kick-off, status polling, file download and cancellation (ADR 0021). Partner tokens only; an
 * export is seen by the institution that started it and nobody else; every call is audited with
 * the grant and its purpose, and the export's end by the system.
 */
export const bulkExportRoutes: FastifyPluginAsync<{ exports: BulkExportService }> = async (app, { exports }) => {
  app.get(
    '/fhir/R4/Group/:id',
    {
      exposeHeadRoute: false,
      config: { access: 'partner', audit: { action: 'read', objectType: 'group' } },
      schema: { tags, summary: 'FHIR read of a Group: a grant to the calling partner institution, in force (members only for identified grants naming patients)', params: GroupParams },
    },
    async (request, reply) => {
      const partner = partnerOf(request);
      const { id } = request.params as { id: string };
      request.audit.grantId = id;
      if (!scopesAllow(partner.scopes, 'Group', 'read')) throw new AppError(Errors.SMART_SCOPE_INSUFFICIENT, { type: 'Group', interaction: { en: 'read', zh: '读取' } });
      const { grant, resource } = await exports.group(partner, id);
      request.audit.purposeOfUse = grant.purpose;
      request.audit.details = { interaction: 'read', catalog: grant.catalogCode, patientScope: grant.patientScope.kind };
      return reply.type(FHIR_CONTENT_TYPE).send(resource);
    },
  );

  app.get(
    '/fhir/R4/Group/:id/$export',
    {
      // A HEAD request must not start an export.
      exposeHeadRoute: false,
      config: { access: 'partner', audit: { action: 'export', objectType: 'bulk_export' } },
      schema: {
        tags,
        summary: 'Bulk Data kick-off: export what the Group\'s grant opens (Prefer: respond-async, Accept: application/fhir+json; _type, _since, _outputFormat); 202 with Content-Location',
        params: GroupParams,
      },
    },
    async (request, reply) => {
      const partner = partnerOf(request);
      const { id } = request.params as { id: string };
      request.audit.grantId = id;
      let parsed;
      try {
        parsed = parseKickoff(request.headers as KickoffHeaders, request.query as QueryValues, READABLE_TYPES);
      } catch (error) {
        if (error instanceof KickoffError) throw new AppError(Errors.BULK_EXPORT_REQUEST_INVALID, { parameter: error.parameter, reason: error.message });
        throw error;
      }
      request.audit.details = { change: 'kick-off', types: parsed.types, since: parsed.since, ...(parsed.ignored.length ? { ignored: parsed.ignored } : {}) };
      let started;
      try {
        started = await exports.kickOff(partner, id, { request: parsed, requestUrl: `${publicOrigin(request)}${request.url}`, purposeHeader: purposeHeader(request) });
      } catch (error) {
        if (error instanceof AppError && error.code === Errors.BULK_EXPORT_TOO_MANY.code) reply.header('Retry-After', String(BUSY_SECONDS));
        throw error;
      }
      request.audit.objectId = started.id;
      request.audit.purposeOfUse = started.grant.purpose;
      request.audit.details = { ...request.audit.details, types: started.types, catalog: started.grant.catalogCode };
      return reply
        .status(202)
        .header('Content-Location', `${fhirBase(request)}/${STATUS_PATH}/${started.id}`)
        .type(FHIR_CONTENT_TYPE)
        .send(information(`Export ${started.id} started; poll the Content-Location URL for its status`, started.notes));
    },
  );

  app.get(
    `/fhir/R4/${STATUS_PATH}/:exportId`,
    {
      exposeHeadRoute: false,
      config: { access: 'partner', audit: { action: 'read', objectType: 'bulk_export' } },
      schema: { tags, summary: 'Bulk Data status: 202 with X-Progress while running, 200 with the manifest when complete, an OperationOutcome if it failed', params: ExportParams },
    },
    async (request, reply: FastifyReply) => {
      const partner = partnerOf(request);
      const { exportId } = request.params as { exportId: string };
      request.audit.objectId = exportId;
      const view = await exports.view(partner, exportId);
      request.audit.grantId = view.row.grant_id;
      request.audit.purposeOfUse = view.row.purpose;
      request.audit.details = { state: view.state };
      if (view.state === 'failed') return sendProblem(reply, request, new AppError(Errors.BULK_EXPORT_FAILED, { reason: view.reason }));
      if (view.state === 'withdrawn') return sendProblem(reply, request, new AppError(Errors.BULK_EXPORT_WITHDRAWN, { reason: view.reason }));
      if (view.state !== 'completed') {
        return reply.status(202).header('X-Progress', progressText(view.state, view.progress)).header('Retry-After', String(POLL_SECONDS)).send();
      }
      const base = fhirBase(request);
      const manifest = manifestOf(view.row, view.files, (fileId) => `${base}/${STATUS_PATH}/${exportId}/files/${fileId}`);
      request.audit.details = { ...request.audit.details, files: view.files.length };
      return reply
        .header('Expires', new Date(view.row.expires_at!).toUTCString())
        .type('application/json; charset=utf-8')
        .send(manifest);
    },
  );

  app.delete(
    `/fhir/R4/${STATUS_PATH}/:exportId`,
    {
      config: { access: 'partner', audit: { action: 'delete', objectType: 'bulk_export' } },
      schema: { tags, summary: 'Bulk Data delete request: cancels a running export, or deletes a finished one\'s files; 202', params: ExportParams },
    },
    async (request, reply) => {
      const partner = partnerOf(request);
      const { exportId } = request.params as { exportId: string };
      request.audit.objectId = exportId;
      const row = await exports.cancel(partner, exportId);
      request.audit.grantId = row.grant_id;
      request.audit.purposeOfUse = row.purpose;
      request.audit.details = { change: 'cancel', was: row.status, files: 'deleted' };
      return reply.status(202).type(FHIR_CONTENT_TYPE).send(information(`Export ${exportId} cancelled; its files are deleted`));
    },
  );

  app.get(
    `/fhir/R4/${STATUS_PATH}/:exportId/files/:fileId`,
    {
      exposeHeadRoute: false,
      config: { access: 'partner', audit: { action: 'export', objectType: 'bulk_export_file' } },
      schema: { tags, summary: 'One NDJSON file of a completed export (application/fhir+ndjson), decrypted as it is sent', params: FileParams },
    },
    async (request, reply) => {
      const partner = partnerOf(request);
      const { exportId, fileId } = request.params as { exportId: string; fileId: string };
      request.audit.objectId = fileId;
      request.audit.details = { export: exportId };
      const opened = await exports.openFile(partner, exportId, fileId);
      request.audit.grantId = opened.row.grant_id;
      request.audit.purposeOfUse = opened.row.purpose;
      request.audit.details = { export: exportId, kind: opened.file.kind, type: opened.file.resource_type, count: Number(opened.file.count), bytes: Number(opened.file.plain_bytes) };
      return reply.type(NDJSON_CONTENT_TYPE).header('Content-Length', String(opened.file.plain_bytes)).header('Cache-Control', 'no-store').send(opened.stream);
    },
  );
};

/** What `metadata` says about bulk export: the Group read and its `$export` operation. */
export const BULK_CAPABILITY = {
  otherTypes: [{ type: 'Group', interactions: ['read'] as const }],
  operations: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export', types: ['Group'] as const }],
};
