import { rowLabel } from '../reports/display';
import type { CountRow, QuarterlyReport } from '../reports/report-model';
import { COLORS, shortWeek, type Datum } from './chart-options';

/** A breakdown of the report as chart data, labelled in the reader's language. */
export function breakdown(rows: readonly CountRow[], language: string): Datum[] {
  return rows.map((row) => ({ name: rowLabel(row, language), value: row.count }));
}

/**
 * Reads per ISO week over `weeks` (see quarterWeeks), zero where the server has no row: it sends only
 * weeks with reads. A row outside `weeks` is still shown, in week order.
 */
export function weeklyData(rows: readonly CountRow[], weeks: readonly string[]): Datum[] {
  const counts = new Map(rows.map((row) => [row.key, row.count]));
  const keys = [...new Set([...weeks, ...counts.keys()])].sort();
  return keys.map((key) => ({ name: shortWeek(key), value: counts.get(key) ?? 0 }));
}

export type ReviewPart = 'withinDeadline' | 'pastDeadline';
export type TriagePart = 'dismissed' | 'escalated' | 'open';
export type FeedbackPart = 'onTime' | 'late' | 'overdue';

/** Review steps decided in the quarter, against the per-step deadline of the sharing policy. */
export function reviewData(report: QuarterlyReport, label: (part: ReviewPart) => string): Datum[] {
  const { withinDeadline, pastDeadline } = report.requests.reviews;
  return [
    { name: label('withinDeadline'), value: withinDeadline, color: COLORS.success },
    { name: label('pastDeadline'), value: pastDeadline, color: COLORS.danger },
  ];
}

/** How the quarter's anomaly alerts were triaged; open ones still wait for the information administrator. */
export function triageData(report: QuarterlyReport, label: (part: TriagePart) => string): Datum[] {
  const { dismissed, escalated, open } = report.alerts;
  return [
    { name: label('dismissed'), value: dismissed, color: COLORS.neutral },
    { name: label('escalated'), value: escalated, color: COLORS.danger },
    { name: label('open'), value: open, color: COLORS.warning },
  ];
}

/** Usage feedback that fell due in the quarter: filed on time, filed late, still missing at its end. */
export function feedbackData(report: QuarterlyReport, label: (part: FeedbackPart) => string): Datum[] {
  const { onTime, late, overdue } = report.feedback;
  return [
    { name: label('onTime'), value: onTime, color: COLORS.success },
    { name: label('late'), value: late, color: COLORS.warning },
    { name: label('overdue'), value: overdue, color: COLORS.danger },
  ];
}

export type HeadlineKey = 'reads' | 'patients' | 'requestsFiled' | 'reviewsPastDeadline' | 'alertsOpen' | 'feedbackOverdue' | 'deniedAccesses' | 'emergenciesUnreviewed';

export interface Headline {
  key: HeadlineKey;
  value: number;
  /** What the value is a part of ("2 of 9 reviews"), when that matters. */
  of?: number;
  /** Something the information administrator should act on. */
  attention: boolean;
}

/** The dashboard's headline figures; those that call for action are marked when not zero. */
export function headlines(report: QuarterlyReport): Headline[] {
  const { sharing, requests, alerts, feedback, deniedAccesses, emergencies } = report;
  return [
    { key: 'reads', value: sharing.reads, attention: false },
    { key: 'patients', value: sharing.patients, attention: false },
    { key: 'requestsFiled', value: requests.filed, attention: false },
    { key: 'reviewsPastDeadline', value: requests.reviews.pastDeadline, of: requests.reviews.decided, attention: requests.reviews.pastDeadline > 0 },
    { key: 'alertsOpen', value: alerts.open, of: alerts.raised, attention: alerts.open > 0 },
    { key: 'feedbackOverdue', value: feedback.overdue, of: feedback.due, attention: feedback.overdue > 0 },
    { key: 'deniedAccesses', value: deniedAccesses.total, attention: false },
    { key: 'emergenciesUnreviewed', value: emergencies.unreviewed, of: emergencies.opened, attention: emergencies.unreviewed > 0 },
  ];
}
