import { RULE_LABELS, type AlertRule, type Severity } from './rule-types.js';
import type { AlertRow } from './tables.js';

export type AlertStatus = 'open' | 'dismissed' | 'escalated';

export interface AlertView {
  id: string;
  rule: string;
  label: { zh: string; en: string };
  severity: Severity;
  status: AlertStatus;
  subject: { userId: string | null; username: string | null; departmentId: string | null };
  facts: Record<string, unknown>;
  evidence: number[];
  occurredAt: string;
  raisedAt: string;
  triage: { by: string; at: string; reason: string } | null;
  violationCaseId: string | null;
}

/** The only shape in which an alert leaves the server. */
export function presentAlert(row: AlertRow): AlertView {
  return {
    id: row.id,
    rule: row.rule,
    label: RULE_LABELS[row.rule as AlertRule] ?? { zh: row.rule, en: row.rule },
    severity: row.severity as Severity,
    status: row.status as AlertStatus,
    subject: { userId: row.subject_user_id, username: row.subject_username, departmentId: row.subject_department_id },
    facts: JSON.parse(row.facts) as Record<string, unknown>,
    evidence: JSON.parse(row.evidence) as number[],
    occurredAt: row.occurred_at,
    raisedAt: row.raised_at,
    triage: row.triaged_by && row.triaged_at ? { by: row.triaged_by, at: row.triaged_at, reason: row.triage_reason ?? '' } : null,
    violationCaseId: row.violation_case_id,
  };
}
