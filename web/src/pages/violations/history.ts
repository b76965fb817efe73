import { VIOLATION_DECISIONS, VIOLATION_EVENTS, type ViolationDecisionKind, type ViolationEventKind } from '../../api/types';

export function isEventKind(kind: string): kind is ViolationEventKind {
  return (VIOLATION_EVENTS as readonly string[]).includes(kind);
}

function isDecisionKind(value: unknown): value is ViolationDecisionKind {
  return typeof value === 'string' && (VIOLATION_DECISIONS as readonly string[]).includes(value);
}

/** What a step's recorded facts add to its text: the decision named, what a suspension touched, the evidence added. */
export interface EventFacts {
  decision?: ViolationDecisionKind;
  details?: string;
  /** How many accounts, grants, institutions and API clients a suspension changed, by kind. */
  targets?: { kind: string; count: number }[];
  auditSeqs?: number[];
  alertIds?: string[];
}

export function eventFacts(data: Record<string, unknown>): EventFacts {
  const facts: EventFacts = {};
  if (isDecisionKind(data.kind)) facts.decision = data.kind;
  if (typeof data.details === 'string' && data.details.trim()) facts.details = data.details;
  if (Array.isArray(data.targets)) {
    const counts = new Map<string, number>();
    for (const target of data.targets as { kind?: unknown }[]) {
      const kind = typeof target?.kind === 'string' ? target.kind : 'other';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    facts.targets = [...counts].map(([kind, count]) => ({ kind, count }));
  }
  if (Array.isArray(data.auditSeqs) && data.auditSeqs.length > 0) facts.auditSeqs = data.auditSeqs.filter((s): s is number => typeof s === 'number');
  if (Array.isArray(data.alertIds) && data.alertIds.length > 0) facts.alertIds = data.alertIds.filter((s): s is string => typeof s === 'string');
  return facts;
}

