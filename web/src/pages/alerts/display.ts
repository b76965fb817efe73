import { ALERT_RULES, type AlertRule, type AlertSeverity, type AlertStatus, type AnomalyAlert } from '../../api/types';

export const SEVERITY_COLORS: Record<AlertSeverity, string> = { low: 'default', medium: 'warning', high: 'error' };
export const ALERT_STATUS_COLORS: Record<AlertStatus, string> = { open: 'processing', dismissed: 'default', escalated: 'error' };

export function isAlertRule(rule: string): rule is AlertRule {
  return (ALERT_RULES as readonly string[]).includes(rule);
}

/** The facts the rules record (src/alerts/rules), each with a label of its own. */
export const ALERT_FACT_KEYS = [
  'patients',
  'threshold',
  'windowMinutes',
  'entries',
  'from',
  'to',
  'thresholdDays',
  'lastActivityAt',
  'idleDays',
  'wokeWith',
  'emergencyAccessId',
  'openedAt',
  'reviewHours',
  'hoursOpen',
  'day',
  'records',
  'packages',
  'trailingDailyMean',
  'trailingDays',
  'factor',
  'floor',
  'limit',
  'grantId',
  'grantStatus',
  'attempts',
  'via',
  'reads',
  'maxLevel',
  'minLevel',
  'catalogs',
  'window',
  'weekends',
  'denials',
  'reasons',
  'colleagueUserId',
  'bases',
] as const;
export type AlertFactKey = (typeof ALERT_FACT_KEYS)[number];

export function isFactKey(key: string): key is AlertFactKey {
  return (ALERT_FACT_KEYS as readonly string[]).includes(key);
}

export type FactValue = { kind: 'time'; iso: string } | { kind: 'flag'; value: boolean } | { kind: 'text'; text: string } | { kind: 'none' };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** How one fact reads: times in the reader's zone, lists joined, flags as yes/no, anything else as JSON. */
export function factValue(value: unknown): FactValue {
  if (value === null || value === undefined || value === '') return { kind: 'none' };
  if (typeof value === 'boolean') return { kind: 'flag', value };
  if (typeof value === 'string') return ISO_TIME.test(value) ? { kind: 'time', iso: value } : { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'text', text: String(value) };
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'none' };
    return { kind: 'text', text: value.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : JSON.stringify(item))).join(', ') };
  }
  return { kind: 'text', text: JSON.stringify(value) };
}

/** The alert's facts in the order the rule wrote them. */
export function factEntries(facts: Record<string, unknown>): { key: string; value: FactValue }[] {
  return Object.entries(facts).map(([key, value]) => ({ key, value: factValue(value) }));
}

/**
 * Whether an alert can still be triaged, and escalated: a case needs an account or a department to
 * be opened against (a failed sign-in under an unknown name has neither).
 */
export function triageOptions(alert: Pick<AnomalyAlert, 'status' | 'subject'>): { dismiss: boolean; escalate: boolean } {
  if (alert.status !== 'open') return { dismiss: false, escalate: false };
  return { dismiss: true, escalate: alert.subject.userId !== null || alert.subject.departmentId !== null };
}
