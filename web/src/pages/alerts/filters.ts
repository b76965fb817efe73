import type { AlertQuery, AlertRule, AlertStatus } from '../../api/types';
import { timeRange, type AuditFilterValues } from '../audit/filters';

export interface AlertFilterValues {
  status?: AlertStatus | undefined;
  rule?: AlertRule | undefined;
  range?: AuditFilterValues['range'];
}

export type AlertFilter = Omit<AlertQuery, 'limit' | 'cursor'>;

/** The query for GET /alerts: the time range as the audit log reads it (whole minutes, `to` exclusive); blanks left out. */
export function alertFilter(values: AlertFilterValues): AlertFilter {
  const filter: AlertFilter = { ...timeRange(values.range) };
  if (values.status) filter.status = values.status;
  if (values.rule) filter.rule = values.rule;
  return filter;
}

/** The list after one alert changed (triaged): replaced in place, other rows untouched. */
export function replaceById<T extends { id: string }>(shown: readonly T[], changed: T): T[] {
  return shown.map((item) => (item.id === changed.id ? changed : item));
}
