import { Type } from 'typebox';
import { FIELD_TYPES, GB_CATEGORIES, IDENTIFIER_KINDS, POLICY_CATEGORIES, RESOURCE_STATUSES, SHARE_TYPES, UPDATE_FREQUENCIES } from './types.js';

const strict = { additionalProperties: false } as const;
const oneOf = <const T extends readonly string[]>(values: T) => Type.Enum([...values] as [...T]);
const Text = (max: number) => Type.Object({ zh: Type.String({ minLength: 1, maxLength: max }), en: Type.String({ minLength: 1, maxLength: max }) }, strict);
const Level = Type.Integer({ minimum: 1, maximum: 5 });
const Code = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' });
const Coding = Type.Object({ system: Type.String({ minLength: 1, maxLength: 200 }), code: Type.String({ minLength: 1, maxLength: 64 }), display: Type.Optional(Type.String({ maxLength: 200 })) }, strict);

export const CatalogFieldSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' }),
    label: Text(100),
    type: oneOf(FIELD_TYPES),
    level: Level,
    identifierKind: oneOf(IDENTIFIER_KINDS),
    fhirPath: Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Z][A-Za-z]+(\\.|$)' }),
    description: Type.Optional(Text(1000)),
  },
  strict,
);

const definitionProperties = {
  name: Text(100),
  description: Text(2000),
  category: oneOf(POLICY_CATEGORIES),
  gbCategory: oneOf(GB_CATEGORIES),
  ownerDepartmentCode: Type.Union([Type.String({ pattern: '^[A-Z][A-Z0-9_-]{1,31}$' }), Type.Null()]),
  shareType: oneOf(SHARE_TYPES),
  shareCondition: Type.Union([Text(1000), Type.Null()]),
  legalBasis: Type.Union([Text(1000), Type.Null()]),
  defaultLevel: Level,
  specialCategory: Type.Union([oneOf(['infectious_disease', 'psychiatric', 'genetic', 'reproductive']), Type.Null()]),
  fhirResourceTypes: Type.Array(Type.String({ pattern: '^[A-Z][A-Za-z]+$' }), { minItems: 1, maxItems: 10, uniqueItems: true }),
  matches: Type.Array(
    Type.Object(
      {
        resourceType: Type.String({ pattern: '^[A-Z][A-Za-z]+$' }),
        categories: Type.Optional(Type.Array(Coding, { maxItems: 50 })),
        codes: Type.Optional(Type.Array(Coding, { maxItems: 200 })),
        priority: Type.Integer({ minimum: 0, maximum: 1000 }),
      },
      strict,
    ),
    { maxItems: 20 },
  ),
  fields: Type.Array(CatalogFieldSchema, { minItems: 1, maxItems: 200 }),
  updateFrequency: oneOf(UPDATE_FREQUENCIES),
  format: Type.String({ minLength: 1, maxLength: 100 }),
  status: oneOf(RESOURCE_STATUSES),
};

/** A full definition as clients send it on create; `code` names it for good. */
export const NewResourceBody = Type.Object({ code: Code, ...definitionProperties, changeNote: Type.Optional(Type.String({ maxLength: 500 })) }, strict);
/** PUT replaces the whole definition (a new version); the code in the URL is fixed. */
export const ResourceChangeBody = Type.Object({ ...definitionProperties, changeNote: Type.Optional(Type.String({ maxLength: 500 })) }, strict);

export const ResourceView = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  ...definitionProperties,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ResourceSummary = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  name: Text(100),
  category: Type.String(),
  gbCategory: Type.String(),
  ownerDepartmentCode: Type.Union([Type.String(), Type.Null()]),
  shareType: Type.String(),
  defaultLevel: Type.Integer(),
  specialCategory: Type.Union([Type.String(), Type.Null()]),
  fhirResourceTypes: Type.Array(Type.String()),
  status: Type.String(),
  updatedAt: Type.String(),
});

export const ResourceQuery = Type.Object(
  {
    category: Type.Optional(oneOf(POLICY_CATEGORIES)),
    gbCategory: Type.Optional(oneOf(GB_CATEGORIES)),
    shareType: Type.Optional(oneOf(SHARE_TYPES)),
    level: Type.Optional(Level),
    owner: Type.Optional(Type.String({ maxLength: 32 })),
    status: Type.Optional(oneOf(RESOURCE_STATUSES)),
    q: Type.Optional(Type.String({ maxLength: 64 })),
  },
  strict,
);

export const CodeParam = Type.Object({ code: Type.String({ maxLength: 64 }) }, strict);

export const VersionList = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      changedAt: Type.String(),
      changedBy: Type.Union([Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
      changeNote: Type.Union([Type.String(), Type.Null()]),
      definition: Type.Object(definitionProperties),
    }),
  ),
});
