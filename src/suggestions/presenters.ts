import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MEDIA_TYPES } from './attachment.js';
import { CATEGORY_LABELS, categoryLabel, KIND_LABELS, type Label } from './categories.js';
import type { SuggestionEventRow, SuggestionRow } from './tables.js';
import { reopenDeadline, STATUS_LABELS, type SuggestionAction, type SuggestionStatus } from './workflow.js';

/**
 * The only shapes of a suggestion that leave the server. The submitter appears only on named
 * suggestions — to everyone, the submitter included — so no reader of an anonymous one, and no
 * cached copy of a response, can carry who sent it.
 */
export interface SuggestionView {
  id: string;
  kind: string;
  category: string;
  categoryLabel: Label;
  status: SuggestionStatus;
  anonymous: boolean;
  submitter: { id: string; displayName: string; departmentName: Label | null } | null;
  /** Whether the caller submitted it. */
  mine: boolean;
  text: string;
  attachment: { name: string; mediaType: string; bytes: number } | null;
  submittedAt: string;
  updatedAt: string;
  firstAnsweredAt: string | null;
  lastAnsweredAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  /** For the submitter of an answered or closed suggestion: until when they may reopen it. */
  reopenableUntil: string | null;
  version: number;
}

export interface SuggestionEventView {
  version: number;
  action: SuggestionAction;
  from: SuggestionStatus;
  to: SuggestionStatus;
  by: 'handler' | 'submitter';
  handler: { id: string; displayName: string } | null;
  /** A response's words, a note or a reopen reason. */
  text: string | null;
  at: string;
}

export interface SuggestionDetail extends SuggestionView {
  /** Responses and status changes, oldest first; responses are the `interim` and `answer` events. */
  events: SuggestionEventView[];
}

export interface SealedContent {
  text: string;
  attachmentName: string | null;
}

export interface PresentContext {
  mine: boolean;
  names: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, Label>;
  reopenDays: number;
}

export function presentSuggestion(row: SuggestionRow, content: SealedContent, context: PresentContext): SuggestionView {
  const status = row.status as SuggestionStatus;
  const named = row.anonymous === 0 && row.submitter_id !== null;
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    categoryLabel: categoryLabel(row.category),
    status,
    anonymous: row.anonymous === 1,
    submitter: named
      ? { id: row.submitter_id!, displayName: context.names.get(row.submitter_id!) ?? '', departmentName: row.submitter_department_id ? (context.departments.get(row.submitter_department_id) ?? null) : null }
      : null,
    mine: context.mine,
    text: content.text,
    attachment: row.attachment_media_type && content.attachmentName ? { name: content.attachmentName, mediaType: row.attachment_media_type, bytes: row.attachment_bytes ?? 0 } : null,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
    firstAnsweredAt: row.first_answered_at,
    lastAnsweredAt: row.last_answered_at,
    closedAt: row.closed_at,
    reopenCount: row.reopen_count,
    reopenableUntil: context.mine && (status === 'answered' || status === 'closed') ? reopenDeadline(row.last_answered_at, context.reopenDays) : null,
    version: row.version,
  };
}

export function presentEvent(event: SuggestionEventRow, text: string | null, names: ReadonlyMap<string, string>): SuggestionEventView {
  return {
    version: event.version,
    action: event.action as SuggestionAction,
    from: event.from_status as SuggestionStatus,
    to: event.to_status as SuggestionStatus,
    by: event.actor as 'handler' | 'submitter',
    handler: event.handler_id ? { id: event.handler_id, displayName: names.get(event.handler_id) ?? '' } : null,
    text,
    at: event.at,
  };
}

/** The fixed lists a client needs to build the form and the filters, in both languages. */
export function presentVocabulary(reopenDays: number) {
  const terms = <K extends string>(labels: Readonly<Record<K, Label>>) => (Object.keys(labels) as K[]).map((key) => ({ key, label: labels[key] }));
  return {
    kinds: terms(KIND_LABELS),
    categories: terms(CATEGORY_LABELS),
    statuses: terms(STATUS_LABELS),
    attachment: { maxBytes: ATTACHMENT_MAX_BYTES, mediaTypes: [...ATTACHMENT_MEDIA_TYPES] },
    reopenDays,
  };
}
