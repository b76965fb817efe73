/**
 * Referrals (转诊), issue 8 part 4: outbound referrals as share requests on the partner's behalf
 * with a fast-track review, and inbound referrals partners send as FHIR ServiceRequests. See
 * docs/adr/0022-referrals.md.
 */
export { ReferralService, URGENCIES, type ReferralInput, type Urgency, type AuditReader, type Clinician, type ReferralListView } from './service.js';
export { InboundReferralService, type PatientResolver } from './inbound-service.js';
export { referralRoutes } from './routes.js';
export { referralFhirRoutes } from './fhir-routes.js';
export { referralDocumentSet, lookbackStart, type DocumentChoice } from './document-set.js';
export { fastTrackSteps, referralStatus, minutesBetween, REFERRAL_STATUSES, type ReferralStatus } from './fast-track.js';
export { parseServiceRequest, DEPARTMENT_SYSTEM, type InboundReferralInput } from './service-request.js';
export { presentServiceRequest, INBOUND_STATUSES, FHIR_STATUS, type InboundStatus } from './service-request-view.js';
export { ATTACHMENT_LIMITS, ATTACHMENT_TYPES } from './attachments.js';
export type { ReferralView, PartnerReads } from './presenters.js';
export type { InboundReferralView } from './inbound-presenters.js';
export type { ReferralTables, ReferralRow, InboundReferralRow, InboundReferralAttachmentRow } from './tables.js';
