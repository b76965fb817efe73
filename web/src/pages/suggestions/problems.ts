import { ApiError } from '../../api/problem';

/** Codes of the server's field problems on a submission (src/suggestions/submission.ts, attachment.ts). */
export const SUGGESTION_PROBLEMS = ['text-too-short', 'text-too-long', 'attachment-name', 'attachment-encoding', 'attachment-empty', 'attachment-type-mismatch'] as const;
export type SuggestionProblem = (typeof SUGGESTION_PROBLEMS)[number];

export const isSuggestionProblem = (code: string | undefined): code is SuggestionProblem => (SUGGESTION_PROBLEMS as readonly (string | undefined)[]).includes(code);

/**
 * The refusal with the field problems the console knows worded in its language (the server words
 * them in English), and an attachment's problems put on the attachment field as a whole, where the
 * form shows them.
 */
export function wordSuggestionProblems(error: unknown, word: (code: SuggestionProblem) => string): unknown {
  if (!(error instanceof ApiError) || !error.errors) return error;
  const errors = error.errors.map((problem) => ({
    ...problem,
    path: problem.path.startsWith('body/attachment/') ? 'body/attachment' : problem.path,
    message: isSuggestionProblem(problem.code) ? word(problem.code) : problem.message,
  }));
  return new ApiError({ status: error.status, code: error.code, title: error.title, detail: error.detail, errors, requestId: error.requestId, findings: error.findings });
}
