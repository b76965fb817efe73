import { READABLE_TYPES } from './search-params.js';

/**
 * The server's CapabilityStatement: what `/fhir/R4` actually does, and nothing it does not. Pure,
 * so tests can hold it against the routes. A partner's client reads it to find the SMART token
 * endpoint and which searches will be answered rather than refused.
 */
export interface CapabilityInput {
  /** `https://host/fhir/R4`: YIXIANG_PUBLIC_URL, or else the request's own origin. */
  baseUrl: string;
  /** The SMART token endpoint, absolute. */
  tokenUrl: string;
  /** RFC 7009 revocation endpoint, listed beside the token endpoint in SMART's oauth-uris. */
  revokeUrl?: string;
  software: { name: string; version: string };
  /** When the statement was produced (the server's clock). */
  date: string;
  /** Operations the server runs, by type (e.g. Group `export`); empty until they exist. */
  operations?: { name: string; definition: string; types: readonly string[] }[];
  /** Types served without search: Group (read, for bulk export), ServiceRequest (create and read, for referrals). */
  otherTypes?: readonly { type: string; interactions: readonly ('read' | 'create')[] }[];
}

type SearchParam = { name: string; type: 'token' | 'reference' | 'date' | 'number'; documentation: string };

const COMMON: SearchParam[] = [
  { name: '_id', type: 'token', documentation: 'One or more resource ids, comma-separated.' },
  { name: '_lastUpdated', type: 'date', documentation: 'Records stored or changed at or after the instant (ge/gt).' },
];

const PATIENT_LINKED: SearchParam[] = [
  { name: 'patient', type: 'reference', documentation: 'Patient/<id>. Records of that patient only.' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient; give one of the two.' },
  { name: 'date', type: 'date', documentation: 'The clinical date, with prefixes eq, gt, ge, lt, le, sa, eb; may repeat to give a range.' },
  { name: 'code', type: 'token', documentation: 'system|code or a bare code; comma-separated alternatives.' },
  { name: 'category', type: 'token', documentation: 'The category code.' },
  { name: 'status', type: 'token', documentation: 'The status code.' },
];

function searchParamsOf(type: string): SearchParam[] {
  return type === 'Patient' ? COMMON : [...COMMON, ...PATIENT_LINKED];
}

export function capabilityStatement(input: CapabilityInput): Record<string, unknown> {
  const operations = input.operations ?? [];
  const operationsOf = (type: string) => (operations.some((op) => op.types.includes(type)) ? { operation: operations.filter((op) => op.types.includes(type)).map(({ name, definition }) => ({ name, definition })) } : {});
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: input.date,
    publisher: 'Yixiang (医享)',
    kind: 'instance',
    software: input.software,
    implementation: { description: 'Yixiang FHIR R4 API for partner hospitals: reads within their grants, and referrals sent to the hospital', url: input.baseUrl },
    ...(operations.some((op) => op.name === 'export') ? { instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'] } : {}),
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Every interaction is authorised by the institution\'s grants (fields, patients, purpose and period), needs the X-Purpose-Of-Use header, is audited, and answers OperationOutcome on errors. Records outside the grants answer 404. Paging follows the Bundle next link (_count up to 200).',
        security: {
          cors: false,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }], text: 'SMART Backend Services (client_credentials with private_key_jwt)' }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: input.tokenUrl }, ...(input.revokeUrl ? [{ url: 'revoke', valueUri: input.revokeUrl }] : [])],
            },
          ],
        },
        resource: [
          ...READABLE_TYPES.map((type) => ({
            type,
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            versioning: 'no-version',
            readHistory: false,
            updateCreate: false,
            searchParam: searchParamsOf(type),
            ...operationsOf(type),
          })),
          ...(input.otherTypes ?? []).map(({ type, interactions }) => ({ type, interaction: interactions.map((code) => ({ code })), versioning: 'no-version', readHistory: false, updateCreate: false, ...operationsOf(type) })),
        ],
      },
    ],
  };
}
