import type { AuditAction, AuditOutcome } from '../entry.js';
import type { AuditEventActionCode, AuditEventOutcomeCode, Coding } from './fhir-types.js';

/** Code systems, by their canonical URLs as FHIR R4 and the IHE BALP guide spell them. */
export const SYSTEMS = {
  auditEventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  restfulInteraction: 'http://hl7.org/fhir/restful-interaction',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  balpAuthZ: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType',
  balpEntityType: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  entityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  sourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
} as const;

const rest = (code: string): Coding => ({ system: SYSTEMS.restfulInteraction, code, display: code });
const dcm = (code: string, display: string): Coding => ({ system: SYSTEMS.dicom, code, display });
const participation = (code: string, display: string): Coding => ({ system: SYSTEMS.participationType, code, display });

const REST_OPERATION: Coding = { system: SYSTEMS.auditEventType, code: 'rest', display: 'RESTful Operation' };
const USER_AUTHENTICATION = dcm('110114', 'User Authentication');
const SECURITY_ALERT = dcm('110113', 'Security Alert');

/** DICOM CID 402 participant roles, used for the server's own agent. */
export const SERVER_ROLES = {
  // BALP follows DICOM: for a REST call the client is the source and the server the destination,
  // even when the data flows back to the client.
  destination: dcm('110152', 'Destination Role ID'),
  // DICOM Data Export (PS3.15 A.5.3.4): the exporting process is the source.
  source: dcm('110153', 'Source Role ID'),
  // Everything else: the server is simply the application reporting its own activity.
  application: dcm('110150', 'Application'),
} as const;

// BALP UserAgentTypesVS: IRCP for query/retrieve, AUT for create/update.
const RECIPIENT = participation('IRCP', 'information recipient');
const AUTHOR = participation('AUT', 'author (originator)');

export interface EventCodes {
  /** AuditEvent.type; the syslog EventID. */
  type: Coding;
  /** AuditEvent.subtype; the syslog EventTypeCode(s). */
  subtype: Coding[];
  /** AuditEvent.action; the syslog EventActionCode. */
  action: AuditEventActionCode;
  /** AuditEvent.agent.type of the acting user, when a BALP user-agent type fits. */
  actorType?: Coding;
  /** The server agent's role. */
  serverRole: Coding;
}

const authentication = (subtype: Coding): EventCodes => ({
  type: USER_AUTHENTICATION,
  subtype: [subtype],
  action: 'E',
  serverRole: SERVER_ROLES.application,
});

const restCall = (interaction: string, action: AuditEventActionCode, actorType: Coding): EventCodes => ({
  type: REST_OPERATION,
  subtype: [rest(interaction)],
  action,
  actorType,
  serverRole: SERVER_ROLES.destination,
});

const securityAlert = (subtype: Coding, action: AuditEventActionCode, actorType: Coding): EventCodes => ({
  type: SECURITY_ALERT,
  subtype: [subtype],
  action,
  actorType,
  serverRole: SERVER_ROLES.application,
});

const LOGIN = dcm('110122', 'Login');
const OBJECT_SECURITY_CHANGED = dcm('110135', 'Object Security Attributes Changed');
const SECURITY_CONFIGURATION = dcm('110129', 'Security Configuration');
const AUTHZ_ROLE: Coding = { system: SYSTEMS.balpAuthZ, code: 'AuthZ-Role', display: 'Authorization Decision using only Roles' };

/**
 * The one mapping from Yixiang actions to audit codes, shared by the FHIR and syslog presenters so
 * the two can never disagree. Typed as a full Record: adding an action without a row fails to compile.
 */
export const AUDIT_EVENT_CODES: Readonly<Record<AuditAction, EventCodes>> = {
  // Authentication (DICOM PS3.15 A.5.3.14). A failed login is still a Login attempt: the failure
  // lives in the outcome, as DICOM intends.
  login: authentication(LOGIN),
  logout: authentication(dcm('110123', 'Logout')),
  login_failed: authentication(LOGIN),
  // Data access: the BALP RESTful patterns. BALP records a search as Execute, not Read.
  read: restCall('read', 'R', RECIPIENT),
  search: restCall('search-type', 'E', RECIPIENT),
  create: restCall('create', 'C', AUTHOR),
  update: restCall('update', 'U', AUTHOR),
  delete: restCall('delete', 'D', AUTHOR),
  // Data leaving the platform's security domain; DICOM Data Export (A.5.3.4) fixes the action to
  // Read and makes the exporting process the source.
  export: { type: dcm('110106', 'Export'), subtype: [], action: 'R', actorType: RECIPIENT, serverRole: SERVER_ROLES.source },
  // A reviewer's decision is an authorization decision; BALP types those as Security Alert with an
  // AuthZ subtype, and the reviewer's authority comes from their role.
  decision: securityAlert(AUTHZ_ROLE, 'E', AUTHOR),
  // A grant or revocation changes who may reach a data object: DICOM "Object Security Attributes
  // Changed". Revoking removes the permission, hence Delete rather than Update.
  grant: securityAlert(OBJECT_SECURITY_CHANGED, 'C', AUTHOR),
  revoke: securityAlert(OBJECT_SECURITY_CHANGED, 'D', AUTHOR),
  // Break-glass is exactly what DICOM "Emergency Override Started" names; the reads made under it
  // are separate entries with accessBasis emergency:<id>.
  emergency_access: securityAlert(dcm('110127', 'Emergency Override Started'), 'E', RECIPIENT),
  // Settings are the access policy (purposes, templates, review steps, retention), and keys are its
  // cryptographic configuration: both are "Security Configuration" changes.
  setting_change: securityAlert(SECURITY_CONFIGURATION, 'U', AUTHOR),
  key_operation: securityAlert(SECURITY_CONFIGURATION, 'E', AUTHOR),
  // Start, stop, jobs: DICOM "Application Activity". No subtype: start/stop cannot be told from the
  // action alone and a wrong subtype is worse than none.
  system: { type: dcm('110100', 'Application Activity'), subtype: [], action: 'E', serverRole: SERVER_ROLES.application },
};

/** Coding for the BALP X-Request-Id entity. */
export const REQUEST_ID_ENTITY_TYPE: Coding = {
  system: SYSTEMS.balpEntityType,
  code: 'XrequestId',
  display: 'transport specific unique identifier where http X-Request-Id is used',
};

/** Coding for the audit source type: the Yixiang server is an application server. */
export const APPLICATION_SERVER: Coding = { system: SYSTEMS.sourceType, code: '4', display: 'Application Server' };

/**
 * RFC 3881 EventOutcomeIndicator, kept by FHIR R4 as AuditEvent.outcome. A denial is the system
 * working as intended (minor failure); an error means the action broke (serious failure). 12, major
 * failure, is kept for compromise and is never ours to claim from a single entry.
 */
export const OUTCOME_CODES: Readonly<Record<AuditOutcome, AuditEventOutcomeCode>> = {
  success: '0',
  denied: '4',
  error: '8',
};
