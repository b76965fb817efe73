import { Type, type TSchema } from 'typebox';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MEDIA_TYPES, ATTACHMENT_NAME_MAX } from './attachment.js';
import { SUGGESTION_CATEGORIES, SUGGESTION_KINDS } from './categories.js';
import { REPLY_MAX, REPLY_MIN, TEXT_MAX, TEXT_MIN } from './submission.js';
import { SUGGESTION_ACTIONS, SUGGESTION_STATUSES } from './workflow.js';

const strict = { additionalProperties: false } as const;
const oneOf = <const T extends readonly string[]>(values: T) => Type.Enum([...values] as [...T]);
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const LabelSchema = Type.Object({ zh: Type.String(), en: Type.String() });

export const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' }) }, strict);

export const SubmitBody = Type.Object(
  {
    kind: oneOf(SUGGESTION_KINDS),
    category: oneOf(SUGGESTION_CATEGORIES),
    text: Type.String({ minLength: TEXT_MIN, maxLength: TEXT_MAX }),
    anonymous: Type.Optional(Type.Boolean({ description: 'Hide the submitter from the information department; the platform still records who it was, sealed, for abuse handling' })),
    attachment: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: ATTACHMENT_NAME_MAX }),
          mediaType: oneOf(ATTACHMENT_MEDIA_TYPES),
          // No maxLength here: an oversized file gets its own 413 rather than a generic validation error.
          contentBase64: Type.String({ minLength: 1, description: `Standard padded base64; at most ${ATTACHMENT_MAX_BYTES} bytes once decoded, and the bytes must match mediaType` }),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const RespondBody = Type.Object({ text: Type.String({ minLength: REPLY_MIN, maxLength: REPLY_MAX }), interim: Type.Optional(Type.Boolean({ description: 'An interim reply (status in_progress) rather than the answer' })) }, strict);
export const StatusBody = Type.Object({ status: oneOf(['in_progress', 'closed'] as const), note: Type.Optional(Type.String({ maxLength: REPLY_MAX })) }, strict);
export const ReopenBody = Type.Object({ reason: Type.String({ minLength: REPLY_MIN, maxLength: REPLY_MAX }) }, strict);

export const ListQuery = Type.Object(
  {
    scope: Type.Optional(oneOf(['mine', 'all'] as const)),
    status: Type.Optional(oneOf(SUGGESTION_STATUSES)),
    category: Type.Optional(oneOf(SUGGESTION_CATEGORIES)),
    kind: Type.Optional(oneOf(SUGGESTION_KINDS)),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);

const suggestionProperties = {
  id: Type.String(),
  kind: oneOf(SUGGESTION_KINDS),
  category: Type.String(),
  categoryLabel: LabelSchema,
  status: oneOf(SUGGESTION_STATUSES),
  anonymous: Type.Boolean(),
  submitter: Nullable(Type.Object({ id: Type.String(), displayName: Type.String(), departmentName: Nullable(LabelSchema) })),
  mine: Type.Boolean(),
  text: Type.String(),
  attachment: Nullable(Type.Object({ name: Type.String(), mediaType: Type.String(), bytes: Type.Integer() })),
  submittedAt: Timestamp,
  updatedAt: Timestamp,
  firstAnsweredAt: Nullable(Timestamp),
  lastAnsweredAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  reopenCount: Type.Integer(),
  reopenableUntil: Nullable(Timestamp),
  version: Type.Integer(),
};
export const SuggestionSchema = Type.Object(suggestionProperties);

const EventSchema = Type.Object({
  version: Type.Integer(),
  action: oneOf(SUGGESTION_ACTIONS),
  from: oneOf(SUGGESTION_STATUSES),
  to: oneOf(SUGGESTION_STATUSES),
  by: oneOf(['handler', 'submitter'] as const),
  handler: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  text: Nullable(Type.String()),
  at: Timestamp,
});

export const SuggestionDetailSchema = Type.Object({ ...suggestionProperties, events: Type.Array(EventSchema) });
export const SuggestionPageSchema = Type.Object({ items: Type.Array(SuggestionSchema), total: Type.Integer(), nextCursor: Nullable(Type.String()) });

const Term = Type.Object({ key: Type.String(), label: LabelSchema });
export const VocabularySchema = Type.Object({ kinds: Type.Array(Term), categories: Type.Array(Term), statuses: Type.Array(Term), attachment: Type.Object({ maxBytes: Type.Integer(), mediaTypes: Type.Array(Type.String()) }), reopenDays: Type.Integer() });
