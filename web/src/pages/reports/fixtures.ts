import { quarterPeriod, type QuarterId } from './quarter';
import type { QuarterlyReport } from './report-model';

/** A report of a quarter where nothing happened, for tests to fill in. */
export function emptyReport(quarter: QuarterId): QuarterlyReport {
  const period = quarterPeriod(quarter);
  return {
    quarter,
    period: { ...period, timeZone: 'Asia/Shanghai' },
    hospital: '示例医院',
    generatedAt: period.to,
    status: 'draft',
    sharing: { reads: 0, patients: 0, byDepartment: [], byResource: [], byPurpose: [], byChannel: [], byWeek: [] },
    requests: { filed: 0, approved: 0, narrowed: 0, returned: 0, rejected: 0, withdrawn: 0, reviews: { decided: 0, medianHours: null, p90Hours: null, withinDeadline: 0, pastDeadline: 0 } },
    grants: { created: 0, active: 0, expired: 0, revoked: 0, suspended: 0 },
    feedback: { due: 0, onTime: 0, late: 0, overdue: 0 },
    deniedAccesses: { total: 0, byReason: [], topUsers: [] },
    emergencies: { opened: 0, reviewed: 0, unreviewed: 0, outcomes: [] },
    alerts: { raised: 0, byRule: [], dismissed: 0, escalated: 0, open: 0 },
    violations: { opened: 0, decided: 0, byDecision: [], suspensions: 0, appeals: 0 },
    suggestions: { received: 0, answered: 0, open: 0, byCategory: [], medianHoursToAnswer: null },
    auditIntegrity: { entriesInQuarter: 0, entriesTotal: 0, latestCheckpoint: null, verification: { ok: true, checkedAt: period.to, entriesChecked: 0, problem: null } },
    findings: '',
    recommendations: '',
    issue: null,
  };
}
