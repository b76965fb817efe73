import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../http/index.js';
import type { QuarterId, QuarterlyReport } from './model.js';
import type { ReportService } from './service.js';

/** Turns a report into the downloadable formats. */
export interface ReportRenderer {
  html(report: QuarterlyReport, locale: 'zh-CN' | 'en-US'): string;
  pdf(report: QuarterlyReport, locale: 'zh-CN' | 'en-US'): Promise<Buffer>;
}

const tags = ['reports'];
const Quarter = Type.String({ pattern: '^\\d{4}-Q[1-4]$', description: 'A quarter of the hospital calendar (UTC+8), e.g. 2026-Q4' });
const Params = Type.Object({ quarter: Quarter }, { additionalProperties: false });
const FormatQuery = Type.Object({ format: Type.Optional(Type.Enum(['json', 'html', 'pdf'])), locale: Type.Optional(Type.Enum(['zh-CN', 'en-US'])) }, { additionalProperties: false });
const DraftBody = Type.Object({ findings: Type.Optional(Type.String({ maxLength: 20_000 })), recommendations: Type.Optional(Type.String({ maxLength: 20_000 })) }, { additionalProperties: false, minProperties: 1 });

const fileName = (quarter: string, extension: string) => `yixiang-quarterly-audit-report-${quarter}.${extension}`;

/** 季度审计报告: read (JSON, HTML with charts, PDF), draft findings, issue, verify. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ reports: ReportService; renderer: ReportRenderer }> = async (app, { reports, renderer }) => {
  app.get('/reports/quarterly', { config: { access: 'report:read', audit: { action: 'search', objectType: 'quarterly_report' } }, schema: { tags, summary: 'Quarters with a report row (drafts and issued reports)' } }, async () => ({ items: await reports.list() }));

  app.get('/reports/quarterly/:quarter', { config: { access: 'report:read', audit: { action: 'read', objectType: 'quarterly_report' } }, schema: { tags, summary: 'The quarterly audit report: the issued one as issued, otherwise a draft computed now; as JSON, self-contained HTML with charts, or PDF', params: Params, querystring: FormatQuery } }, async (request, reply) => {
    const quarter = request.params.quarter as QuarterId;
    const format = request.query.format ?? 'json';
    const locale = request.query.locale ?? 'zh-CN';
    request.audit.objectId = quarter;
    request.audit.details = { format };
    const report = await reports.get(quarter);
    if (format === 'json') return report;
    const draft = report.status === 'issued' ? '' : '-draft';
    if (format === 'html') return reply.type('text/html; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(quarter + draft, 'html')}"`).send(renderer.html(report, locale));
    const pdf = await renderer.pdf(report, locale);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName(quarter + draft, 'pdf')}"`).send(pdf);
  });

  app.put('/reports/quarterly/:quarter/draft', { config: { access: 'report:write', audit: { action: 'update', objectType: 'quarterly_report' } }, schema: { tags, summary: "The information administrator's findings and recommendations on a draft", params: Params, body: DraftBody } }, async (request) => {
    request.audit.objectId = request.params.quarter;
    return reports.saveDraft(request.params.quarter as QuarterId, request.body, principalOf(request));
  });

  app.post('/reports/quarterly/:quarter/issue', { config: { access: 'report:write', audit: { action: 'create', objectType: 'quarterly_report' } }, schema: { tags, summary: 'Issue the report of a finished quarter: frozen, signed, its hash recorded in the audit log', params: Params } }, async (request, reply) => {
    request.audit.objectId = request.params.quarter;
    const issued = await reports.issue(request.params.quarter as QuarterId, principalOf(request));
    request.audit.details = { hash: issued.issue?.hash, auditSeq: issued.issue?.auditSeq };
    return reply.status(201).send(issued);
  });

  app.get('/reports/quarterly/:quarter/verification', { config: { access: 'report:read', audit: { action: 'read', objectType: 'quarterly_report' } }, schema: { tags, summary: "Check an issued report against its hash, its signature and the audit entry that recorded it (with the entry's inclusion proof)", params: Params } }, async (request) => {
    request.audit.objectId = request.params.quarter;
    return reports.verify(request.params.quarter as QuarterId);
  });
};
