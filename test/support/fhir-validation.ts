import { Fhir } from 'fhir';

/**
 * FHIR R4 validation by a validator package from the registry (structure definitions: element
 * names, cardinality, types and required value sets), for tests that must show every resource the
 * API returns is valid R4.
 */
let fhir: Fhir | null = null;

/** The errors the validator finds in a resource (empty when valid); informational messages are not errors. */
export function fhirViolations(resource: unknown): string[] {
  fhir ??= new Fhir();
  const result = fhir.validate(resource as object);
  return result.messages.filter((message) => message.severity === 'error').map((message) => `${message.location ?? ''}: ${message.message ?? ''}`);
}
