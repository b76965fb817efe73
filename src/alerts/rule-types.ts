import type { PolicyValue } from '../policy/index.js';

/** The anomaly rules (异常告警), in the order reports list them. */
export const ALERT_RULES = ['bulk-access', 'off-hours', 'staff-patient', 'repeated-denials', 'lapsed-grant', 'emergency-unreviewed', 'export-spike', 'dormant-account'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const RULE_LABELS: Record<AlertRule, { zh: string; en: string }> = {
  'bulk-access': { zh: '批量访问', en: 'Bulk access' },
  'off-hours': { zh: '非工作时间访问敏感数据', en: 'Off-hours access to sensitive data' },
  'staff-patient': { zh: '访问同事病历', en: 'Access to a colleague’s records' },
  'repeated-denials': { zh: '反复被拒绝', en: 'Repeated denials' },
  'lapsed-grant': { zh: '使用失效授权', en: 'Use of an expired or revoked grant' },
  'emergency-unreviewed': { zh: '紧急访问超时未复核', en: 'Emergency access not reviewed in time' },
  'export-spike': { zh: '导出量激增', en: 'Export volume spike' },
  'dormant-account': { zh: '休眠账号重新活动', en: 'Dormant account active again' },
};

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertRuleSettings = PolicyValue<'supervision.alertRules'>;

/**
 * The columns of an audit entry the rules read — never the whole row: the scan reads thousands
 * of entries at a time and needs neither client addresses nor user agents.
 */
export interface ScanEntry {
  seq: number;
  recordedAt: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  actorDepartmentId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  grantId: string | null;
  accessBasis: string | null;
  outcome: string;
  reason: string | null;
  details: Record<string, unknown>;
}

/** Who an alert is about. `userId` is null for sign-in failures under a name no account has. */
export interface AlertSubject {
  userId: string | null;
  username: string | null;
  departmentId: string | null;
}

/**
 * What a rule raises. The dedupe key is derived from the data alone (rule, subject, period), so a
 * scan that sees the same entries again — a retry, a second instance — raises nothing new.
 */
export interface AlertCandidate {
  rule: AlertRule;
  severity: Severity;
  dedupeKey: string;
  subject: AlertSubject;
  /** Small summary facts: counts, window, thresholds. Never clinical payload. */
  facts: Record<string, unknown>;
  /** Sequence numbers of the audit entries that show it, oldest first, at most MAX_EVIDENCE. */
  evidence: number[];
  /** When the behaviour happened (the triggering entry's time), as opposed to when it was found. */
  occurredAt: string;
}

export const MAX_EVIDENCE = 50;

/** Only a user's id links to an account; anyone else (a partner system's API client) is named, not linked. */
export function subjectOf(entry: ScanEntry): AlertSubject {
  if (entry.actorType !== 'user') return { userId: null, username: entry.actorName, departmentId: null };
  return { userId: entry.actorId, username: entry.actorName, departmentId: entry.actorDepartmentId };
}
