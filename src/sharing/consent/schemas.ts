import { Type, type TSchema } from 'typebox';
import { CONSENT_STATUSES, EVIDENCE_KINDS } from './consent.js';
import { FORM_MAX_BYTES, FORM_MEDIA_TYPES, FORM_NAME_MAX } from './form-file.js';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const ID_PATTERN = '^[A-Za-z0-9\\-]{1,64}$';
const Id = Type.String({ pattern: ID_PATTERN });
const PatientId = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });
const CatalogCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' });
const Timestamp = Type.String({ format: 'date-time' });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const Person = Type.Object({ id: Type.String(), displayName: Type.String() });
const Note = Type.String({ minLength: 1, maxLength: 2000 });

export const PatientParams = Type.Object({ patientId: PatientId }, strict);
export const IdParam = Type.Object({ id: Id }, strict);
export const NoQuery = Type.Object({}, strict);

const recordedAt = Type.String({ format: 'date-time', description: 'When the patient gave the consent; not in the future' });

export const RecordBody = Type.Object(
  {
    recipientId: Type.String({ pattern: ID_PATTERN, description: 'The recipient institution (institutions.id); it must be active' }),
    purpose: Type.String({ pattern: '^[a-z][a-z-]{1,39}$', description: 'A purpose-of-use code of the access.purposes policy setting' }),
    catalogCodes: Type.Optional(Type.Array(CatalogCode, { minItems: 1, maxItems: 100, description: 'Catalog resources the consent covers; leave out for every resource' })),
    validFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
    validTo: Type.Optional(Type.String({ format: 'date-time', description: 'Leave out for "until withdrawn"; must be after validFrom' })),
    evidence: Type.Union([
      Type.Object({ kind: Type.Literal('verbal'), clinicianId: Type.Optional(Type.String({ pattern: ID_PATTERN, description: 'The clinician who took the verbal consent; default: the caller' })), recordedAt, note: Type.Optional(Note) }, strict),
      Type.Object({ kind: Type.Literal('signed-form'), fileId: Type.String({ pattern: ID_PATTERN, description: 'From POST /consents/forms, uploaded by the caller for this patient' }), recordedAt, note: Type.Optional(Note) }, strict),
    ]),
  },
  strict,
);

export const WithdrawBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 2000 }) }, strict);

export const UploadBody = Type.Object(
  {
    patientId: PatientId,
    name: Type.String({ minLength: 1, maxLength: FORM_NAME_MAX }),
    mediaType: Type.Enum([...FORM_MEDIA_TYPES]),
    // No maxLength: an oversized file gets its own 413 rather than a generic validation error.
    contentBase64: Type.String({ minLength: 1, description: `Standard padded base64; at most ${FORM_MAX_BYTES} bytes once decoded, and the bytes must be of mediaType` }),
  },
  strict,
);

export const UploadedSchema = Type.Object({ fileId: Type.String(), patientId: Type.String(), fileName: Type.String(), mediaType: Type.String(), bytes: Type.Integer(), sha256: Type.String(), uploadedAt: Timestamp });

export const ConsentSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  recipient: Type.Object({ kind: Type.String(), id: Type.String(), name: Nullable(Label) }),
  purpose: Type.String(),
  purposeLabel: Nullable(Label),
  catalogCodes: Nullable(Type.Array(Type.String())),
  validFrom: Timestamp,
  validTo: Nullable(Timestamp),
  status: Type.Enum([...CONSENT_STATUSES]),
  state: Type.Enum(['in-force', 'not-yet-valid', 'expired', 'withdrawn']),
  evidence: Type.Object({
    kind: Type.Enum([...EVIDENCE_KINDS]),
    recordedAt: Timestamp,
    note: Nullable(Type.String()),
    clinician: Nullable(Person),
    form: Nullable(Type.Object({ fileId: Type.String(), fileName: Type.String(), mediaType: Type.String(), bytes: Type.Integer(), sha256: Type.String(), uploadedAt: Timestamp })),
  }),
  createdBy: Person,
  createdAt: Timestamp,
  withdrawnAt: Nullable(Timestamp),
  withdrawnBy: Nullable(Person),
  withdrawalReason: Nullable(Type.String()),
});

export const ConsentListSchema = Type.Object({ items: Type.Array(ConsentSchema) });

/** The FHIR resource is documented by its spine; the mapping (fhir-consent.ts) owns the rest. */
export const FhirConsentSchema = Type.Object(
  { resourceType: Type.Literal('Consent'), id: Type.String(), status: Type.Enum(['active', 'inactive']) },
  { additionalProperties: true, description: 'A FHIR R4 Consent resource (privacy consent directive)' },
);
