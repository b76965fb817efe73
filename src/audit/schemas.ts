import { Type } from 'typebox';
import { AUDIT_ACTIONS } from './entry.js';

const strict = { additionalProperties: false } as const;
const Nullable = Type.Union([Type.String(), Type.Null()]);
const Hex = Type.String({ pattern: '^[0-9a-f]+$' });

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  recordedAt: Type.String(),
  actor: Type.Object({ type: Type.String(), id: Nullable, name: Nullable, roles: Type.Array(Type.String()), departmentId: Nullable }),
  action: Type.String(),
  objectType: Nullable,
  objectId: Nullable,
  patientId: Nullable,
  purposeOfUse: Nullable,
  grantId: Nullable,
  accessBasis: Nullable,
  outcome: Type.String(),
  reason: Nullable,
  sourceIp: Nullable,
  userAgent: Nullable,
  requestId: Nullable,
  details: Type.Object({}, { additionalProperties: true }),
});

export const CheckpointSchema = Type.Object({
  treeSize: Type.Integer(),
  rootHash: Hex,
  hashAlgorithm: Type.String(),
  signedAt: Type.String(),
  keyId: Type.String(),
  signatureAlgorithm: Type.String(),
  signature: Type.String(),
});

const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const DateTime = Type.String({ format: 'date-time' });

export const EventQuery = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    actor: Type.Optional(Type.String({ maxLength: 128 })),
    department: Type.Optional(Type.String({ maxLength: 64 })),
    patient: Type.Optional(Type.String({ maxLength: 128 })),
    action: Type.Optional(Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a)))),
    outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('denied'), Type.Literal('error')])),
    grant: Type.Optional(Type.String({ maxLength: 128 })),
    objectType: Type.Optional(Type.String({ maxLength: 64 })),
    objectId: Type.Optional(Type.String({ maxLength: 128 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Seq),
  },
  strict,
);

export const EventPage = Type.Object({ items: Type.Array(AuditEntrySchema), nextCursor: Type.Union([Type.Integer(), Type.Null()]) });
export const SeqParam = Type.Object({ seq: Seq }, strict);
export const EventWithProof = Type.Object({
  entry: AuditEntrySchema,
  proof: Type.Object({ leafIndex: Type.Integer(), treeSize: Type.Integer(), leafHash: Hex, hashes: Type.Array(Hex), checkpoint: CheckpointSchema }),
});
export const CheckpointQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), cursor: Type.Optional(Seq) }, strict);
export const CheckpointPage = Type.Object({ items: Type.Array(CheckpointSchema), nextCursor: Type.Union([Type.Integer(), Type.Null()]) });
export const ConsistencyQuery = Type.Object({ from: Seq, to: Seq }, strict);
export const ConsistencyProof = Type.Object({ from: CheckpointSchema, to: CheckpointSchema, hashes: Type.Array(Hex) });
export const ExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('fhir'), Type.Literal('syslog')], { default: 'ndjson' })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
  },
  strict,
);
