export { ViolationService, type NewCase, type CaseDecision, type EvidenceInput, type ViolationDeps } from './service.js';
export { violationRoutes } from './routes.js';
export { DECISION_KINDS, DECISION_LABELS, SUBJECT_KINDS, type DecisionKind, type SubjectKind } from './rules.js';
export type { ViolationCaseSummary, ViolationCaseView } from './views.js';
export { VIOLATION_NOTICE_KINDS, type ViolationNotice, type ViolationNoticeKind, type ViolationNotifier } from './notices.js';
export type { ViolationTables } from './tables.js';
