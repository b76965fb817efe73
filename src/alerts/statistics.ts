import type { AlertStatistics } from '../reports/model.js';
import type { AlertStatRow } from './alert-store.js';
import { ALERT_RULES, RULE_LABELS, type AlertRule } from './rule-types.js';

const within = (at: string | null, from: string, to: string) => at !== null && at >= from && at < to;

/**
 * The alerts block of the quarterly report for [from, to): alerts raised in the period (by rule,
 * every rule listed so quarters compare), triage decisions made in it, and alerts raised before
 * its end but not triaged by then.
 */
export function alertStatistics(rows: readonly AlertStatRow[], period: { from: string; to: string }): AlertStatistics {
  const { from, to } = period;
  const raised = rows.filter((row) => within(row.raised_at, from, to));
  const byRule = new Map<string, number>(ALERT_RULES.map((rule) => [rule, 0]));
  for (const row of raised) byRule.set(row.rule, (byRule.get(row.rule) ?? 0) + 1);
  return {
    raised: raised.length,
    byRule: [...byRule].map(([key, count]) => ({ key, label: RULE_LABELS[key as AlertRule] ?? { zh: key, en: key }, count })),
    dismissed: rows.filter((row) => row.status === 'dismissed' && within(row.triaged_at, from, to)).length,
    escalated: rows.filter((row) => row.status === 'escalated' && within(row.triaged_at, from, to)).length,
    open: rows.filter((row) => row.raised_at < to && (row.status === 'open' || row.triaged_at === null || row.triaged_at >= to)).length,
  };
}
