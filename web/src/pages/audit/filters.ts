import type { AuditAction, AuditEventQuery, AuditOutcome } from '../../api/types';

/** What the filter bar holds; dates are plain Date objects so this file needs no date library. */
export interface AuditFilterValues {
  range?: readonly [Date | null | undefined, Date | null | undefined] | null | undefined;
  actor?: string | undefined;
  department?: string | undefined;
  patient?: string | undefined;
  action?: AuditAction | undefined;
  outcome?: AuditOutcome | undefined;
  grant?: string | undefined;
}

export type AuditFilter = Omit<AuditEventQuery, 'limit' | 'cursor'>;

export interface TimeRange {
  from?: string;
  to?: string;
}

const MINUTE_MS = 60_000;

function floorToMinute(date: Date): number {
  return Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS;
}

/**
 * The picker works in whole minutes and people read "to 10:30" as including 10:30:59, while the
 * API's `to` is exclusive; so `to` becomes the start of the following minute. Both bounds are sent
 * in the server's own timestamp form (UTC, milliseconds), which it compares as text.
 */
export function timeRange(range: AuditFilterValues['range']): TimeRange {
  const out: TimeRange = {};
  const [start, end] = range ?? [];
  if (start && !Number.isNaN(start.getTime())) out.from = new Date(floorToMinute(start)).toISOString();
  if (end && !Number.isNaN(end.getTime())) out.to = new Date(floorToMinute(end) + MINUTE_MS).toISOString();
  return out;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The query for GET /audit/events: blank inputs are left out rather than sent as empty strings. */
export function auditFilter(values: AuditFilterValues): AuditFilter {
  const filter: AuditFilter = { ...timeRange(values.range) };
  const actor = text(values.actor);
  if (actor) filter.actor = actor;
  if (values.department) filter.department = values.department;
  const patient = text(values.patient);
  if (patient) filter.patient = patient;
  if (values.action) filter.action = values.action;
  if (values.outcome) filter.outcome = values.outcome;
  const grant = text(values.grant);
  if (grant) filter.grant = grant;
  return filter;
}
