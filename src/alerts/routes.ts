import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../http/index.js';
import { AlertPage, AlertQuery, AlertSchema, AlertWithEvidence, IdParam, ScanResult, TriageBody } from './schemas.js';
import type { AlertService } from './service.js';
import type { StaffLinks } from './staff-links.js';

const tags = ['alerts'];
const PatientId = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });
const StaffLink = Type.Object({ patientId: Type.String(), userId: Type.String(), username: Type.Union([Type.String(), Type.Null()]), linkedBy: Type.String(), linkedAt: Type.String() });
const LinkQuery = Type.Object({ user: Type.Optional(Type.String({ maxLength: 64 })), patient: Type.Optional(PatientId), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false });

/**
 * 异常告警: overseers (information administrator, privacy officer, auditor) read alerts and their
 * evidence; only the information administrator triages, runs a scan now and keeps the staff–patient
 * links the colleague rule needs. Every call is audited by the request hook; triage records its
 * decision in the entry.
 */
export const alertRoutes: FastifyPluginAsyncTypebox<{ alerts: AlertService; staffLinks: StaffLinks }> = async (app, { alerts, staffLinks }) => {
  app.get('/alerts', { config: { access: 'alert:read', audit: { action: 'search', objectType: 'alert' } }, schema: { tags, summary: 'Anomaly alerts, newest first; filter by status, rule and when raised', querystring: AlertQuery, response: { 200: AlertPage } } }, async (request) => {
    const { limit = 50, cursor, ...filter } = request.query;
    request.audit.details = { filter: request.query };
    return alerts.list(filter, limit, cursor);
  });

  app.get('/alerts/:id', { config: { access: 'alert:read', audit: { action: 'read', objectType: 'alert' } }, schema: { tags, summary: 'One alert with each evidence entry and its inclusion proof against a signed checkpoint', params: IdParam, response: { 200: AlertWithEvidence } } }, async (request) => {
    request.audit.objectId = request.params.id;
    return alerts.withEvidence(request.params.id);
  });

  app.post('/alerts/:id/triage', { config: { access: 'alert:manage', audit: { action: 'decision', objectType: 'alert' } }, schema: { tags, summary: 'Triage an open alert: dismiss it with a reason, or escalate it to a violation case', params: IdParam, body: TriageBody, response: { 200: AlertSchema } } }, async (request) => {
    request.audit.objectId = request.params.id;
    const { decision, reason } = request.body;
    request.audit.details = { decision, reason: reason.slice(0, 300) };
    const triaged = await alerts.triage(principalOf(request), request.params.id, request.body);
    request.audit.details = { ...request.audit.details, rule: triaged.rule, violationCaseId: triaged.violationCaseId };
    return triaged;
  });

  app.post('/alerts/scan', { config: { access: 'alert:manage', audit: { action: 'system', objectType: 'alert_scan' } }, schema: { tags, summary: 'Scan the audit log for anomalies now (the scheduler does so regularly)', response: { 200: ScanResult } } }, async (request) => {
    const result = await alerts.scan();
    request.audit.details = result;
    return result;
  });

  app.get('/staff-patient-links', { config: { access: 'alert:manage', audit: { action: 'search', objectType: 'staff_patient_link' } }, schema: { tags, summary: "Patient records that are staff members' own", querystring: LinkQuery, response: { 200: Type.Object({ items: Type.Array(StaffLink) }) } } }, async (request) => ({
    items: await staffLinks.list({ userId: request.query.user, patientId: request.query.patient }, request.query.limit ?? 100),
  }));

  app.put('/staff-patient-links/:patientId', { config: { access: 'alert:manage', audit: { action: 'update', objectType: 'staff_patient_link' } }, schema: { tags, summary: "Mark a patient record as a staff member's own", params: Type.Object({ patientId: PatientId }, { additionalProperties: false }), body: Type.Object({ userId: Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' }) }, { additionalProperties: false }), response: { 200: StaffLink } } }, async (request) => {
    request.audit.objectId = request.params.patientId;
    request.audit.patientId = request.params.patientId;
    request.audit.details = { userId: request.body.userId };
    return staffLinks.link(principalOf(request), request.params.patientId, request.body.userId);
  });

  app.delete('/staff-patient-links/:patientId', { config: { access: 'alert:manage', audit: { action: 'delete', objectType: 'staff_patient_link' } }, schema: { tags, summary: 'Remove the link between a patient record and a staff account', params: Type.Object({ patientId: PatientId }, { additionalProperties: false }), response: { 200: StaffLink } } }, async (request) => {
    request.audit.objectId = request.params.patientId;
    request.audit.patientId = request.params.patientId;
    const removed = await staffLinks.unlink(request.params.patientId);
    request.audit.details = { userId: removed.userId };
    return removed;
  });
};
