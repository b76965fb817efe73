import { checkAttachment, type Attachment, type AttachmentInput } from './attachment.js';
import type { SuggestionCategory, SuggestionKind } from './categories.js';

/**
 * What a submission must satisfy beyond its schema (types, enums and raw lengths are checked at
 * the edge): text that says something once trimmed, and a well-formed attachment.
 */
export const TEXT_MIN = 5;
export const TEXT_MAX = 4000;
export const REPLY_MIN = 2;
export const REPLY_MAX = 4000;

export interface SubmissionInput {
  kind: SuggestionKind;
  category: SuggestionCategory;
  text: string;
  anonymous?: boolean;
  attachment?: AttachmentInput;
}

export interface Submission {
  kind: SuggestionKind;
  category: SuggestionCategory;
  text: string;
  anonymous: boolean;
  attachment: Attachment | null;
}

export interface Problem {
  path: string;
  message: string;
  code: string;
}

export type SubmissionCheck = { ok: true; submission: Submission } | { ok: false; attachmentTooLarge: boolean; problems: Problem[] };

/** Trimmed text within bounds, or a problem at `path`. */
export function checkText(text: string, path: string, min: number, max: number): { text: string } | Problem {
  const trimmed = text.trim();
  if (trimmed.length < min) return { path, message: `must have at least ${min} characters besides spaces`, code: 'text-too-short' };
  if (trimmed.length > max) return { path, message: `must have at most ${max} characters`, code: 'text-too-long' };
  return { text: trimmed };
}

export function checkSubmission(input: SubmissionInput): SubmissionCheck {
  const problems: Problem[] = [];
  const text = checkText(input.text, 'body/text', TEXT_MIN, TEXT_MAX);
  if ('path' in text) problems.push(text);
  let attachment: Attachment | null = null;
  if (input.attachment) {
    const checked = checkAttachment(input.attachment);
    if (!checked.ok && checked.tooLarge) return { ok: false, attachmentTooLarge: true, problems: [] };
    if (checked.ok) attachment = checked.attachment;
    else problems.push({ path: checked.path, message: checked.message, code: checked.code });
  }
  if (problems.length > 0 || 'path' in text) return { ok: false, attachmentTooLarge: false, problems };
  return { ok: true, submission: { kind: input.kind, category: input.category, text: text.text, anonymous: input.anonymous ?? false, attachment } };
}
