/**
 * Elements FHIR R4 requires (cardinality 1..) of each type the API serves. A grant opens only some
 * catalog fields, so a projected resource can lack a required element; FHIR says what to send then:
 * the element with only a data-absent-reason extension, `masked` — present, valid, and saying
 * nothing. The required workflow codes (status, intent, use…) are not personal and always travel
 * with the projection (access/present.ts, REQUIRED_CODES), so they are not listed here.
 */
type Shape = 'complex' | 'primitive' | { list: Record<string, 'complex' | 'primitive'> };

const REQUIRED: Record<string, Record<string, Shape>> = {
  Encounter: { class: 'complex' },
  Condition: { subject: 'complex' },
  Observation: { code: 'complex' },
  DiagnosticReport: { code: 'complex' },
  ImagingStudy: { subject: 'complex' },
  Procedure: { subject: 'complex' },
  MedicationRequest: { 'medication[x]': 'complex', subject: 'complex' },
  MedicationDispense: { 'medication[x]': 'complex' },
  AllergyIntolerance: { patient: 'complex' },
  DocumentReference: { content: { list: { attachment: 'complex' } } },
  Claim: { type: 'complex', patient: 'complex', created: 'primitive', provider: 'complex', priority: 'complex', insurance: { list: { sequence: 'primitive', focal: 'primitive', coverage: 'complex' } } },
  ExplanationOfBenefit: { type: 'complex', patient: 'complex', created: 'primitive', insurer: 'complex', provider: 'complex', insurance: { list: { focal: 'primitive', coverage: 'complex' } } },
  ChargeItem: { code: 'complex', subject: 'complex' },
};

const MASKED = (): { extension: { url: string; valueCode: string }[] } => ({
  extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }],
});

function absent(target: Record<string, unknown>, name: string, shape: 'complex' | 'primitive'): void {
  if (shape === 'complex') target[name] = MASKED();
  else target[`_${name}`] = MASKED();
}

function present(resource: Record<string, unknown>, name: string): boolean {
  if (name.endsWith('[x]')) {
    const base = name.slice(0, -3);
    return Object.keys(resource).some((key) => key.startsWith(base) && key.length > base.length && /[A-Z]/.test(key.charAt(base.length)));
  }
  return resource[name] !== undefined;
}

/**
 * The resource with each missing required element sent as masked. Returns a new object when it
 * adds anything, the same one otherwise.
 */
export function withMandatoryElements<T extends { resourceType: string }>(resource: T): T {
  const required = REQUIRED[resource.resourceType];
  if (!required) return resource;
  let out: Record<string, unknown> | null = null;
  for (const [name, shape] of Object.entries(required)) {
    if (present(resource as Record<string, unknown>, name)) continue;
    out ??= { ...resource };
    if (typeof shape === 'object') {
      const item: Record<string, unknown> = {};
      for (const [child, childShape] of Object.entries(shape.list)) absent(item, child, childShape);
      out[name] = [item];
    } else absent(out, name.endsWith('[x]') ? `${name.slice(0, -3)}CodeableConcept` : name, shape);
  }
  return (out ?? resource) as T;
}
