import type { Suggestion } from '../../api/types';

/**
 * Who is offered what on the suggestion channel, mirroring src/suggestions (audience.ts, workflow.ts):
 * the information administrator handles (答复), the auditor reads along, everyone follows their own.
 * The server decides every request; these rules only choose the buttons, so nobody is offered an
 * action that would be refused.
 */
export function canHandleSuggestions(roles: readonly string[]): boolean {
  return roles.includes('info_admin');
}

/** Handlers and auditors see every suggestion (the queue); everyone else only their own. */
export function canOverseeSuggestions(roles: readonly string[]): boolean {
  return canHandleSuggestions(roles) || roles.includes('auditor');
}

export interface SuggestionCommands {
  /** Take it on (in_progress). */
  start: boolean;
  /** A reply that is not yet the answer. */
  interim: boolean;
  answer: boolean;
  close: boolean;
  reopen: boolean;
}

/** In which capacity the viewer meets one suggestion: nobody handles their own. */
export type SuggestionCapacity = 'submitter' | 'handler' | 'reader';

export function capacityOf(suggestion: Pick<Suggestion, 'mine'>, roles: readonly string[]): SuggestionCapacity {
  if (suggestion.mine) return 'submitter';
  return canHandleSuggestions(roles) ? 'handler' : 'reader';
}

/** The actions the workflow allows this viewer from the suggestion's status (and, to reopen, before its deadline). */
export function suggestionCommands(suggestion: Pick<Suggestion, 'mine' | 'status' | 'reopenableUntil'>, roles: readonly string[], now: Date): SuggestionCommands {
  const capacity = capacityOf(suggestion, roles);
  const handler = capacity === 'handler';
  const { status } = suggestion;
  const deadline = suggestion.reopenableUntil ? Date.parse(suggestion.reopenableUntil) : Number.NaN;
  return {
    start: handler && status === 'open',
    interim: handler && (status === 'open' || status === 'in_progress'),
    answer: handler && status !== 'closed',
    // Closing needs an answer first; the submitter closes when satisfied.
    close: (handler || capacity === 'submitter') && status === 'answered',
    reopen: capacity === 'submitter' && (status === 'answered' || status === 'closed') && now.getTime() <= deadline,
  };
}
