import { Type, type TSchema } from 'typebox';
import { IDENTIFICATION_LEVELS } from '../types.js';
import { REVIEW_DECISIONS } from '../workflow.js';
import { REFERRAL_STATUSES } from './fast-track.js';
import { INBOUND_STATUSES } from './service-request-view.js';
import { URGENCIES } from './service.js';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const PatientId = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });
const CatalogCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' });
const FieldName = Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const Person = Type.Object({ id: Type.String(), displayName: Type.String() });
const Named = Type.Object({ id: Type.String(), code: Type.String(), name: Label });
const Time = Type.String({ format: 'date-time' });

export const IdParam = Type.Object({ id: Id }, strict);
export const AttachmentParams = Type.Object({ id: Id, position: Type.Integer({ minimum: 0, maximum: 99 }) }, strict);

export const ReferBody = Type.Object(
  {
    patientId: PatientId,
    institutionId: Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$', description: 'The partner institution (institutions.id); active and within its agreement' }),
    reason: Type.String({ minLength: 2, maxLength: 2000, description: 'Reason for the referral (转诊原因); sealed at rest' }),
    clinicalSummary: Type.Optional(Type.String({ maxLength: 8000, description: 'Clinical summary (病情摘要) for the receiving clinicians; sealed at rest' })),
    urgency: Type.Enum([...URGENCIES]),
    fields: Type.Optional(
      Type.Record(CatalogCode, Type.Array(FieldName, { maxItems: 100 }), {
        description: 'Per resource of the referral document set, the fields to send instead of the template’s (a subset; [] leaves the resource out). Leave out to send the whole set.',
      }),
    ),
  },
  strict,
);

export const ListQuery = Type.Object(
  {
    view: Type.Optional(Type.Enum(['mine', 'department', 'to-review', 'all'], { description: 'mine (default), my department’s, waiting for my review, or all (information administrators, privacy officer, auditors)' })),
    patient: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'only the referrals of this patient (the patient page’s list)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  strict,
);

export const ReviewBody = Type.Object(
  {
    decision: Type.Enum([...REVIEW_DECISIONS]),
    reason: Type.String({ minLength: 2, maxLength: 2000 }),
    narrowing: Type.Optional(
      Type.Object(
        {
          dropFields: Type.Optional(Type.Record(CatalogCode, Type.Array(FieldName, { maxItems: 200 }))),
          accessDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          identification: Type.Optional(Type.Enum([...IDENTIFICATION_LEVELS])),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
  },
  strict,
);

const Step = Type.Object({ role: Type.String(), departmentCode: Nullable(Type.String()), dueWithinMinutes: Type.Optional(Type.Integer()) });

export const ReferralSchema = Type.Object({
  id: Type.String(),
  shareRequestId: Type.String(),
  status: Type.Enum([...REFERRAL_STATUSES]),
  urgency: Type.String(),
  reason: Type.String(),
  clinicalSummary: Nullable(Type.String()),
  patientId: Type.String(),
  institution: Named,
  referrer: Person,
  department: Nullable(Named),
  createdAt: Time,
  steps: Type.Array(Step),
  currentStep: Type.Integer(),
  reviewDueAt: Nullable(Time),
  overdue: Type.Boolean(),
  reviews: Type.Array(Type.Object({ step: Type.Integer(), role: Type.String(), reviewer: Person, decision: Type.String(), reason: Type.String(), decidedAt: Time })),
  documents: Type.Array(Type.Object({ catalogCode: Type.String(), fields: Type.Array(Type.String()), dataFrom: Nullable(Time) })),
  accessDays: Type.Integer(),
  approvedAt: Nullable(Time),
  minutesToApproval: Nullable(Type.Number({ description: 'Minutes from the referral to the approval that shared the data' })),
  targetMinutes: Nullable(Type.Integer()),
  withinTarget: Nullable(Type.Boolean()),
  grantIds: Type.Array(Type.String()),
  grants: Nullable(Type.Array(Type.Object({ id: Type.String(), catalogCode: Type.String(), fields: Type.Array(Type.String()), validFrom: Time, validTo: Time, dataFrom: Nullable(Time), status: Type.String() }))),
  partnerReads: Nullable(
    Type.Object({
      count: Type.Integer(),
      lastAt: Nullable(Time),
      atLeast: Type.Boolean(),
      byGrant: Type.Array(Type.Object({ grantId: Type.String(), count: Type.Integer(), lastAt: Nullable(Time) })),
    }),
  ),
});
export const ReferralListSchema = Type.Object({ items: Type.Array(ReferralSchema) });

export const InboundQuery = Type.Object({ status: Type.Optional(Type.Enum([...INBOUND_STATUSES])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, strict);
export const DecisionBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 2000 }) }, strict);

export const InboundSchema = Type.Object({
  id: Type.String(),
  status: Type.Enum([...INBOUND_STATUSES]),
  fhirStatus: Type.String(),
  intent: Type.String(),
  priority: Nullable(Type.String()),
  sender: Named,
  department: Named,
  patient: Type.Object({
    patientId: Nullable(Type.String()),
    matchedBy: Nullable(Type.String()),
    identifiers: Type.Array(Type.Object({ system: Type.String(), value: Type.String() })),
    name: Nullable(Type.String()),
    gender: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
  }),
  reason: Type.String(),
  authoredOn: Nullable(Type.String()),
  attachments: Type.Array(Type.Object({ position: Type.Integer(), contentType: Type.String(), title: Nullable(Type.String()), bytes: Type.Integer(), sha256: Type.String() })),
  receivedAt: Time,
  decidedAt: Nullable(Time),
  decidedBy: Nullable(Person),
  decisionReason: Nullable(Type.String()),
  serviceRequest: Nullable(Type.Object({}, { additionalProperties: true, description: 'The FHIR R4 ServiceRequest as stored and as its sender reads it' })),
});
export const InboundListSchema = Type.Object({ items: Type.Array(InboundSchema) });

/** The FHIR body is checked by the referral rules (with FHIRPath-like locations), not here: only its type. */
export const ServiceRequestBody = Type.Object({ resourceType: Type.Literal('ServiceRequest') }, { additionalProperties: true, description: 'A FHIR R4 ServiceRequest: status active, intent order or proposal, subject a contained Patient (#id) or an identifier, the receiving department as a performer identifier (system urn:yixiang:department), reasonCode or note, documents as contained DocumentReferences with inline attachments referenced from supportingInfo' });
export const ServiceRequestParams = Type.Object({ id: Id }, strict);
