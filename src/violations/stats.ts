import type { ViolationStatistics } from '../reports/model.js';
import { DECISION_KINDS, DECISION_LABELS, type DecisionKind } from './rules.js';

/**
 * The violation section of the quarterly report from the steps taken in the quarter: a case
 * counts as decided when its decision came into force then (after the second approval for a
 * termination), whenever it was opened.
 */
export function violationStatistics(opened: number, events: readonly { kind: string; data: string }[]): ViolationStatistics {
  const decisions = new Map<DecisionKind, number>(DECISION_KINDS.map((kind) => [kind, 0]));
  let decided = 0;
  let suspensions = 0;
  let appeals = 0;
  for (const event of events) {
    if (event.kind === 'suspended') suspensions += 1;
    else if (event.kind === 'appeal') appeals += 1;
    else if (event.kind === 'decision_in_force') {
      const kind = (JSON.parse(event.data) as { kind?: DecisionKind }).kind;
      if (kind && decisions.has(kind)) {
        decisions.set(kind, decisions.get(kind)! + 1);
        decided += 1;
      }
    }
  }
  return {
    opened,
    decided,
    byDecision: DECISION_KINDS.map((kind) => ({ key: kind, label: DECISION_LABELS[kind], count: decisions.get(kind)! })),
    suspensions,
    appeals,
  };
}
