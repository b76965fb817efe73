import { Type, type Static } from 'typebox';
import { ROLES } from './roles.js';

const strict = { additionalProperties: false } as const;

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
export const LocalizedName = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) }, strict);
export const RoleSchema = Type.Union([
  Type.Literal('system_admin'),
  Type.Literal('info_admin'),
  Type.Literal('dept_head'),
  Type.Literal('staff'),
  Type.Literal('auditor'),
  Type.Literal('privacy_officer'),
]);
const Timestamp = Type.String({ format: 'date-time' });
const NullableString = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const DateOnly = Type.Union([Type.String({ format: 'date' }), Type.Null()]);

const totpCode = (description = 'the 6-digit code the authenticator app shows now') => Type.String({ pattern: '^[0-9]{6}$', description });

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    otp: Type.Optional(totpCode('for users with two-step verification: the current code (answered 401 MFA_REQUIRED when neither this nor recoveryCode is sent)')),
    recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'instead of otp: one of the single-use recovery codes (xxxx-xxxx)' })),
  },
  strict,
);

export const MfaStatus = Type.Object({
  enrolled: Type.Boolean({ description: 'a confirmed second factor (TOTP) is set up' }),
  required: Type.Boolean({ description: 'the auth.mfa policy requires one of this user’s roles to use two-step verification' }),
  enrolledAt: Type.Union([Timestamp, Type.Null()]),
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
});
export const TotpEnrolmentResponse = Type.Object({
  secret: Type.String({ description: 'base32 TOTP secret (160 bits), shown only now' }),
  otpauthUri: Type.String({ description: 'otpauth://totp/… URI for a QR code' }),
  expiresAt: Type.String({ format: 'date-time', description: 'confirm with a first code before this' }),
});
export const MfaCodeBody = Type.Object({ code: totpCode() }, strict);
export const MfaDisableBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }), code: totpCode() }, strict);
export const RecoveryCodesResponse = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'single-use codes (xxxx-xxxx), shown only now' }) });
export const MfaResetBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, strict);

export const PasswordChangeBody = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Type.String({ minLength: 1, maxLength: 128 }) }, strict);
export const PasswordResetBody = Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: 128 }) }, strict);

export const DepartmentTypeSchema = Type.Union([Type.Literal('clinical'), Type.Literal('medical_technical'), Type.Literal('administrative')]);
export const Department = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: LocalizedName,
  type: DepartmentTypeSchema,
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const NewDepartmentBody = Type.Object({ code: Type.String({ pattern: '^[A-Z][A-Z0-9_-]{1,31}$' }), name: LocalizedName, type: DepartmentTypeSchema }, strict);
export const DepartmentChangesBody = Type.Object(
  { name: Type.Optional(LocalizedName), type: Type.Optional(DepartmentTypeSchema), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])) },
  { ...strict, minProperties: 1 },
);

const UserStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('disabled')]);
export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  departmentName: Type.Union([LocalizedName, Type.Null()]),
  roles: Type.Array(RoleSchema),
  status: UserStatusSchema,
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
  mfa: MfaStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const Username = Type.String({ pattern: '^[a-z][a-z0-9._-]{2,31}$', description: 'lowercase letters, digits, dot, dash, underscore; 3–32 characters' });
const Email = NullableString(254);
const Phone = Type.Union([Type.String({ pattern: '^[0-9+() -]{3,32}$' }), Type.Null()]);
export const NewUserBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    departmentId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
  },
  strict,
);
export const UserChangesBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    departmentId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true })),
    status: Type.Optional(UserStatusSchema),
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
  },
  { ...strict, minProperties: 1 },
);
export const UserQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    departmentId: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(UserStatusSchema),
    role: Type.Optional(RoleSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);
export const UserPage = Type.Object({ items: Type.Array(User), total: Type.Integer(), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const LoginResponse = Type.Object({ accessToken: Type.String(), expiresAt: Timestamp, user: User });
export const MeResponse = Type.Object({ user: User, permissions: Type.Array(Type.String()) });

const InstitutionKindSchema = Type.Union([Type.Literal('referral_hospital'), Type.Literal('partner_hospital'), Type.Literal('community_health_centre')]);
const InstitutionStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('terminated')]);
export const Institution = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: LocalizedName,
  kind: InstitutionKindSchema,
  status: InstitutionStatusSchema,
  agreementStart: DateOnly,
  agreementEnd: DateOnly,
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const institutionFields = {
  name: LocalizedName,
  kind: InstitutionKindSchema,
  agreementStart: Type.Optional(DateOnly),
  agreementEnd: Type.Optional(DateOnly),
  contactName: Type.Optional(NullableString(64)),
  contactPhone: Type.Optional(Phone),
};
export const NewInstitutionBody = Type.Object({ code: Type.String({ pattern: '^[A-Z][A-Z0-9_-]{1,31}$' }), ...institutionFields }, strict);
export const InstitutionChangesBody = Type.Object(
  { ...institutionFields, name: Type.Optional(LocalizedName), kind: Type.Optional(InstitutionKindSchema), status: Type.Optional(InstitutionStatusSchema) },
  { ...strict, minProperties: 1 },
);

const ApiClientStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]);
export const ApiClient = Type.Object({
  id: Type.String(),
  institutionId: Type.String(),
  clientId: Type.String(),
  name: Type.String(),
  status: ApiClientStatusSchema,
  keys: Type.Array(Type.Object({ kid: Type.Union([Type.String(), Type.Null()]), kty: Type.Union([Type.String(), Type.Null()]), alg: Type.Union([Type.String(), Type.Null()]) })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const NewApiClientBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    jwks: Type.Optional(Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 10 }) })),
    publicKeyPem: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000 })),
  },
  strict,
);
export const ApiClientParams = Type.Object({ id: Type.String({ maxLength: 64 }), clientId: Type.String({ maxLength: 64 }) }, strict);
export const ApiClientStatusBody = Type.Object({ status: ApiClientStatusSchema }, strict);

export const Items = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });

export type NewUserInput = Static<typeof NewUserBody>;
