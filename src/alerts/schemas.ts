import { Type } from 'typebox';
import { AuditEntrySchema, EventWithProof } from '../audit/index.js';
import { ALERT_RULES, SEVERITIES } from './rule-types.js';

const strict = { additionalProperties: false } as const;
const Nullable = Type.Union([Type.String(), Type.Null()]);
const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const STATUSES = ['open', 'dismissed', 'escalated'] as const;

export const IdParam = Type.Object({ id: Id }, strict);

export const AlertQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...STATUSES])),
    rule: Type.Optional(Type.Enum([...ALERT_RULES])),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Raised at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Raised before' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);

export const AlertSchema = Type.Object({
  id: Type.String(),
  rule: Type.String(),
  label: Label,
  severity: Type.Enum([...SEVERITIES]),
  status: Type.Enum([...STATUSES]),
  subject: Type.Object({ userId: Nullable, username: Nullable, departmentId: Nullable }),
  facts: Type.Object({}, { additionalProperties: true }),
  evidence: Type.Array(Type.Integer()),
  occurredAt: Type.String(),
  raisedAt: Type.String(),
  triage: Type.Union([Type.Object({ by: Type.String(), at: Type.String(), reason: Type.String() }), Type.Null()]),
  violationCaseId: Nullable,
});

export const AlertPage = Type.Object({ items: Type.Array(AlertSchema), nextCursor: Nullable });

/** Each evidence entry with its inclusion proof, or marked archived when it has left the log. */
export const AlertWithEvidence = Type.Object({
  alert: AlertSchema,
  evidence: Type.Array(Type.Union([Type.Object({ seq: Type.Integer(), entry: AuditEntrySchema, proof: EventWithProof.properties.proof }), Type.Object({ seq: Type.Integer(), archived: Type.Literal(true) })])),
});

const Reason = Type.String({ minLength: 1, maxLength: 1000 });
export const TriageBody = Type.Union([
  Type.Object({ decision: Type.Literal('dismiss'), reason: Reason }, strict),
  Type.Object({ decision: Type.Literal('escalate'), reason: Reason, title: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })) }, strict),
]);

export const ScanResult = Type.Object({ scannedTo: Type.Integer(), raised: Type.Integer() });
