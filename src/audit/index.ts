export { AuditLog, AuditUnavailableError, DEFAULT_AUDIT_OPTIONS, AUDIT_SIGNING_PURPOSE, type AuditLogOptions, type AuditHealth } from './log.js';
export { AuditService, AuditEntryNotFoundError } from './service.js';
export { AuditEntrySchema, EventWithProof } from './schemas.js';
export { SEARCH_BUCKET_SHIFT } from './query.js';
export { auditRoutes } from './routes.js';
export { registerRequestAudit, actorOf, partnerActorOf, type RequestAudit, type RouteAuditConfig } from './request-audit.js';
export { AUDIT_ACTIONS, canonicalEntry, canonicalJson, systemActor, type AuditEntry, type AuditRecord, type AuditActor, type AuditAction, type AuditOutcome } from './entry.js';
export { checkpointText, type Checkpoint } from './checkpoint.js';
export { verifyLog, type VerificationResult, type VerificationProblem } from './verify-log.js';
export { AuditVerificationRuns, type VerificationRun, type VerificationMode } from './verification-runs.js';
export type { AuditTables } from './tables.js';
export type { ExportContext } from './export/index.js';
export { actReasonFor, YIXIANG_PURPOSE_SYSTEM } from './export/purpose-of-use.js';

