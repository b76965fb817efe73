import { SUGGESTION_ACTIONS, SUGGESTION_KINDS, SUGGESTION_STATUSES, type Suggestion, type SuggestionAction, type SuggestionKind, type SuggestionStatus } from '../../api/types';

function member<T extends string>(list: readonly T[]) {
  return (value: unknown): value is T => (list as readonly unknown[]).includes(value);
}

// Values arrive as strings: one this console does not know is shown as the server sent it.
export const isSuggestionStatus = member<SuggestionStatus>(SUGGESTION_STATUSES);
export const isSuggestionKind = member<SuggestionKind>(SUGGESTION_KINDS);
export const isSuggestionAction = member<SuggestionAction>(SUGGESTION_ACTIONS);

/** The server's bounds on what is written (src/suggestions/submission.ts), counted without surrounding spaces. */
export const TEXT_MIN = 5;
export const TEXT_MAX = 4000;
export const REPLY_MIN = 2;
export const REPLY_MAX = 4000;

export function trimmedLength(text: string | undefined): number {
  return text?.trim().length ?? 0;
}

const STATUS_COLORS: Record<SuggestionStatus, string> = { open: 'gold', in_progress: 'processing', answered: 'success', closed: 'default' };

export function suggestionStatusColor(status: string): string {
  return isSuggestionStatus(status) ? STATUS_COLORS[status] : 'default';
}

/**
 * The submitter to show, or null for an anonymous suggestion. The server never sends the name of an
 * anonymous submitter; the flag is checked as well so that no future field can put one on screen.
 */
export function shownSubmitter(suggestion: Pick<Suggestion, 'anonymous' | 'submitter'>): Suggestion['submitter'] {
  return suggestion.anonymous ? null : suggestion.submitter;
}

/** The first line of the text, shortened for a list. */
export function excerpt(text: string, max = 60): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
