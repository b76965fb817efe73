import type { Label } from './categories.js';

/**
 * The life of a suggestion: open → in_progress → answered → closed, and back to in_progress when the
 * submitter reopens it within a window after the last answer. Pure rules; the service applies them
 * with a conditional update so two people acting at once cannot both succeed.
 */
export const SUGGESTION_STATUSES = ['open', 'in_progress', 'answered', 'closed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<SuggestionStatus, Label>> = {
  open: { zh: '待受理', en: 'Open' },
  in_progress: { zh: '处理中', en: 'In progress' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** start: the information department takes it on; interim: a reply that is not yet the answer. */
export const SUGGESTION_ACTIONS = ['start', 'interim', 'answer', 'close', 'reopen'] as const;
export type SuggestionAction = (typeof SUGGESTION_ACTIONS)[number];

/** In which capacity someone acts on one suggestion: as its handler (信息管理部门) or as its submitter. */
export type Capacity = 'handler' | 'submitter';

interface Rule {
  from: readonly SuggestionStatus[];
  to: SuggestionStatus;
  by: readonly Capacity[];
}

const RULES: Readonly<Record<SuggestionAction, Rule>> = {
  start: { from: ['open'], to: 'in_progress', by: ['handler'] },
  interim: { from: ['open', 'in_progress'], to: 'in_progress', by: ['handler'] },
  // A further answer to an answered suggestion corrects or completes it and restarts the reopen window.
  answer: { from: ['open', 'in_progress', 'answered'], to: 'answered', by: ['handler'] },
  // Closing needs an answer first: a complaint is never closed without a stated reply (PIPL Art. 50).
  close: { from: ['answered'], to: 'closed', by: ['submitter', 'handler'] },
  reopen: { from: ['answered', 'closed'], to: 'in_progress', by: ['submitter'] },
};

/** The status after the action, or null when the action is not allowed from `current`. */
export function nextStatus(action: SuggestionAction, current: SuggestionStatus): SuggestionStatus | null {
  const rule = RULES[action];
  return rule.from.includes(current) ? rule.to : null;
}

/** The capacity the action is taken in, or null when none of the caller's capacities allows it. */
export function actingCapacity(action: SuggestionAction, capacities: readonly Capacity[]): Capacity | null {
  return RULES[action].by.find((capacity) => capacities.includes(capacity)) ?? null;
}

/** Responses are the actions that carry the information department's words to the submitter. */
export function isResponse(action: SuggestionAction): action is 'interim' | 'answer' {
  return action === 'interim' || action === 'answer';
}

export const DEFAULT_REOPEN_DAYS = 30;

/** Until when the submitter may reopen: a set number of days after the latest answer. */
export function reopenDeadline(lastAnsweredAt: string | null, days: number): string | null {
  return lastAnsweredAt ? new Date(Date.parse(lastAnsweredAt) + days * 86_400_000).toISOString() : null;
}

export function withinReopenWindow(lastAnsweredAt: string | null, now: Date, days: number): boolean {
  const deadline = reopenDeadline(lastAnsweredAt, days);
  return deadline !== null && now.getTime() <= Date.parse(deadline);
}

/** The dates a suggestion keeps about its own course; the service stores them as columns. */
export interface Course {
  status: SuggestionStatus;
  firstAnsweredAt: string | null;
  lastAnsweredAt: string | null;
  lastReopenedAt: string | null;
  reopenCount: number;
  closedAt: string | null;
}

/** The course after `action` at `at`, or null when the action is not allowed from its status. */
export function applyAction(course: Course, action: SuggestionAction, at: string): Course | null {
  const status = nextStatus(action, course.status);
  if (!status) return null;
  const next: Course = { ...course, status };
  if (action === 'answer') {
    next.firstAnsweredAt = course.firstAnsweredAt ?? at;
    next.lastAnsweredAt = at;
  }
  if (action === 'reopen') {
    next.lastReopenedAt = at;
    next.reopenCount = course.reopenCount + 1;
    next.closedAt = null;
  }
  if (action === 'close') next.closedAt = at;
  return next;
}

export const ACTION_LABELS: Readonly<Record<SuggestionAction, Label>> = {
  start: { zh: '受理', en: 'taken on' },
  interim: { zh: '回复', en: 'given an interim reply' },
  answer: { zh: '答复', en: 'answered' },
  close: { zh: '关闭', en: 'closed' },
  reopen: { zh: '重新打开', en: 'reopened' },
};
