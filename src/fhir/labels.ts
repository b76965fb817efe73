import type { PresentedRecord } from '../access/index.js';
import type { FhirResource } from '../records/index.js';
import { withMandatoryElements } from './mandatory-elements.js';

/**
 * How the FHIR API shows a presented record: the resource as access projected and masked it, with
 * the access basis (and a MASKED flag when anything was masked) added to `meta.security`, so a
 * client that stores the resource keeps why it was allowed to see it, and every element R4 requires
 * present (masked when the grant leaves it out). Read, search and bulk export all show records
 * through this one function; bulk-export.test.ts holds an export's lines against the read API's answers.
 */
export function securityLabelled(record: PresentedRecord): FhirResource {
  const meta = (record.resource.meta ?? {}) as Record<string, unknown>;
  const tags = [
    { system: 'urn:yixiang:access-basis', code: record.basis },
    ...(record.masked.length ? [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'MASKED', display: 'masked' }] : []),
  ];
  return withMandatoryElements({ ...record.resource, meta: { ...meta, security: [...((meta.security as unknown[]) ?? []), ...tags] } });
}
