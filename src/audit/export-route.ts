import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuditEntry } from './entry.js';
import { toFhirAuditEvent, toNdjsonLine, toSyslogLine, type ExportContext } from './export/index.js';
import { ExportQuery } from './schemas.js';
import type { AuditService } from './service.js';

const CONTENT_TYPES = { ndjson: 'application/x-ndjson; charset=utf-8', fhir: 'application/fhir+json; charset=utf-8', syslog: 'text/plain; charset=utf-8' } as const;

async function* inRange(entries: AsyncIterable<AuditEntry>, from?: string, to?: string): AsyncGenerator<AuditEntry> {
  for await (const entry of entries) {
    if (from && entry.recordedAt < from) continue;
    if (to && entry.recordedAt >= to) continue;
    yield entry;
  }
}

/** A FHIR Bundle streamed entry by entry, so exporting a large log does not build it in memory. */
async function* fhirBundle(entries: AsyncIterable<AuditEntry>, context: ExportContext, leafHashOf: (e: AuditEntry) => string): AsyncGenerator<string> {
  yield `{"resourceType":"Bundle","type":"collection","timestamp":${JSON.stringify(new Date().toISOString())},"entry":[`;
  let first = true;
  for await (const entry of entries) {
    const resource = toFhirAuditEvent(entry, context, { leafHash: leafHashOf(entry) });
    yield `${first ? '' : ','}{"fullUrl":"urn:yixiang:audit-event:${entry.seq}","resource":${JSON.stringify(resource)}}`;
    first = false;
  }
  yield ']}';
}

async function* lines(entries: AsyncIterable<AuditEntry>, render: (entry: AuditEntry) => string): AsyncGenerator<string> {
  for await (const entry of entries) yield `${render(entry)}\n`;
}

export function registerAuditExport(app: FastifyInstance, audit: AuditService, context: ExportContext): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/audit/export',
    {
      config: { access: 'audit:read', audit: { action: 'export', objectType: 'audit_log' } },
      schema: { tags: ['audit'], summary: 'Export entries as NDJSON, a FHIR R4 Bundle of BALP-shaped AuditEvents, or RFC 5424 syslog lines', querystring: ExportQuery },
    },
    async (request, reply) => {
      const { format = 'ndjson', from, to } = request.query;
      request.audit.details = { format, from: from ?? null, to: to ?? null };
      const entries = inRange(audit.entries(), from, to);
      const leafHashOf = (entry: AuditEntry) => audit.leafHashOf(entry);
      const body =
        format === 'fhir'
          ? fhirBundle(entries, context, leafHashOf)
          : format === 'syslog'
            ? lines(entries, (entry) => toSyslogLine(entry, context))
            : lines(entries, (entry) => toNdjsonLine(entry, { leafHash: leafHashOf(entry) }));
      const extension = format === 'fhir' ? 'json' : format === 'syslog' ? 'log' : 'ndjson';
      reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="yixiang-audit.${extension}"`);
      return reply.send(Readable.from(body));
    },
  );
}
