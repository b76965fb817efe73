import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError, Errors, FHIR_CONTENT_TYPE, operationOutcomeFor } from '../http/index.js';
import type { RecordIngest } from '../records/index.js';
import type { EntryOutcome } from '../records/index.js';

const STATUS_TEXT: Record<EntryOutcome['status'], string> = { 200: '200 OK', 201: '201 Created', 400: '400 Bad Request', 404: '404 Not Found', 409: '409 Conflict', 422: '422 Unprocessable Entity' };

const BundleBody = Type.Object(
  {
    resourceType: Type.Literal('Bundle'),
    type: Type.Union([Type.Literal('transaction'), Type.Literal('batch')]),
    entry: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 10_000 })),
  },
  { additionalProperties: true },
);

/** Ingest from the hospital's systems: a FHIR transaction (all or nothing) or batch Bundle. */
export const fhirIngestRoutes: FastifyPluginAsync<{ ingest: RecordIngest }> = async (app, { ingest }) => {
  if (!app.hasContentTypeParser('application/fhir+json')) {
    app.addContentTypeParser('application/fhir+json', { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(Errors.MALFORMED_JSON), undefined);
      }
    });
  }
  app.post(
    '/fhir/R4',
    { bodyLimit: 50 * 1024 * 1024, config: { access: 'records:ingest', audit: { action: 'create', objectType: 'fhir_bundle' } }, schema: { tags: ['fhir'], summary: 'Ingest a FHIR R4 transaction or batch Bundle', body: BundleBody } },
    async (request, reply) => {
      const bundle = request.body as { type: 'transaction' | 'batch'; entry?: { fullUrl?: unknown; resource?: unknown }[] };
      const result = await ingest.ingest(bundle.entry ?? [], bundle.type);
      request.audit.details = { bundleType: bundle.type, entries: bundle.entry?.length ?? 0, created: result.created, updated: result.updated, patients: result.patientIds.length, refused: result.outcomes.filter((o) => o.issue).length };
      if (result.rejected) {
        const first = result.rejected[0]!;
        const status = result.outcomes[0]?.status ?? 400;
        request.failureCode = 'INGEST_REJECTED';
        return reply
          .status(status)
          .type(FHIR_CONTENT_TYPE)
          .send(operationOutcomeFor(status, 'INGEST_REJECTED', first.message, result.rejected.map((issue) => ({ path: issue.expression, message: issue.message }))));
      }
      return reply.type(FHIR_CONTENT_TYPE).send({
        resourceType: 'Bundle',
        type: `${bundle.type}-response`,
        entry: result.outcomes.map((outcome) => ({
          response: {
            status: STATUS_TEXT[outcome.status],
            ...(outcome.location && { location: outcome.location }),
            ...(outcome.issue && { outcome: operationOutcomeFor(outcome.status, 'INGEST_ENTRY_REFUSED', outcome.issue.message, [{ path: outcome.issue.expression, message: outcome.issue.message }]) }),
          },
        })),
      });
    },
  );

};
