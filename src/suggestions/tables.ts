/**
 * Tables of the suggestion channel (migration 0014). Free text is stored sealed (envelope
 * encryption bound to its row): complaints name people and sometimes patients.
 */
export interface SuggestionRow {
  id: string;
  /** suggestion | complaint */
  kind: string;
  category: string;
  /** open | in_progress | answered | closed */
  status: string;
  anonymous: number;
  /** The submitter of a named suggestion; null when anonymous. */
  submitter_id: string | null;
  submitter_department_id: string | null;
  /** Anonymous only: blind index of the submitter's user id, so they find their own suggestions. */
  submitter_key: string | null;
  /** Anonymous only: the submitter's identity, sealed, for abuse handling. */
  submitter_sealed: string | null;
  /** Sealed JSON `{ text, attachmentName }`. */
  content: string;
  attachment_media_type: string | null;
  attachment_bytes: number | null;
  /** Raised by every change; also the sequence number of the change's event. */
  version: number;
  submitted_at: string;
  updated_at: string;
  first_answered_at: string | null;
  last_answered_at: string | null;
  last_reopened_at: string | null;
  reopen_count: number;
  closed_at: string | null;
}

export interface SuggestionAttachmentRow {
  suggestion_id: string;
  /** Sealed bytes, base64. */
  content: string;
}

/** One change of a suggestion: a response (interim | answer) or a status change (start | close | reopen). */
export interface SuggestionEventRow {
  suggestion_id: string;
  /** The suggestion's version after this event; with suggestion_id the primary key. */
  version: number;
  action: string;
  from_status: string;
  to_status: string;
  /** handler | submitter */
  actor: string;
  /** The information administrator who acted; never the submitter, whose identity the suggestion holds. */
  handler_id: string | null;
  /** Sealed response text, note or reopen reason. */
  text: string | null;
  at: string;
}

export interface SuggestionTables {
  suggestions: SuggestionRow;
  suggestion_attachments: SuggestionAttachmentRow;
  suggestion_events: SuggestionEventRow;
}
