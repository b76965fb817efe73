export { AlertService, type AlertServiceDeps, type TriageDecision } from './service.js';
export { StaffLinks, type StaffLinkView } from './staff-links.js';
export { alertRoutes } from './routes.js';
export type { ViolationCaseInput, ViolationCaseOpener } from './violation-cases.js';
export { ALERT_RULES, RULE_LABELS, type AlertRule } from './rule-types.js';
export type { AlertView } from './presenter.js';
export type { AlertTables } from './tables.js';
