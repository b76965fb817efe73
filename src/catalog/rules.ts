import type { CatalogResourceDefinition } from './types.js';

export interface DefinitionProblem {
  path: string;
  message: string;
}

/** FHIR R4 resource types the repository stores and the FHIR facade serves. */
export const SUPPORTED_FHIR_TYPES = [
  'Patient', 'Encounter', 'Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest', 'MedicationDispense',
  'AllergyIntolerance', 'DocumentReference', 'ChargeItem', 'Invoice', 'Claim', 'ExplanationOfBenefit', 'Practitioner', 'PractitionerRole', 'Device',
] as const;

/**
 * Rules a definition must meet beyond its schema: the ones that make the catalog lawful and usable
 * (a condition for conditional sharing, a legal basis for refusing to share, one name per field).
 */
export function definitionProblems(definition: CatalogResourceDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (definition.shareType === 'conditional' && !definition.shareCondition) {
    problems.push({ path: '/shareCondition', message: 'conditional sharing (有条件共享) needs its condition' });
  }
  if (definition.shareType !== 'conditional' && definition.shareCondition) {
    problems.push({ path: '/shareCondition', message: 'only conditional resources have a share condition' });
  }
  if (definition.shareType === 'not_shareable' && !definition.legalBasis) {
    problems.push({ path: '/legalBasis', message: 'a resource that is not shareable (不予共享) needs its legal or policy basis' });
  }
  if (definition.shareType !== 'not_shareable' && definition.legalBasis) {
    problems.push({ path: '/legalBasis', message: 'only not-shareable resources carry a legal basis for refusal' });
  }
  const seen = new Set<string>();
  definition.fields.forEach((field, index) => {
    if (seen.has(field.name)) problems.push({ path: `/fields/${index}/name`, message: `field name "${field.name}" is used twice` });
    seen.add(field.name);
    const type = field.fhirPath.split('.')[0];
    if (type && !definition.fhirResourceTypes.includes(type)) {
      problems.push({ path: `/fields/${index}/fhirPath`, message: `${field.fhirPath} is not in one of the resource's FHIR types (${definition.fhirResourceTypes.join(', ')})` });
    }
  });
  definition.fhirResourceTypes.forEach((type, index) => {
    if (!(SUPPORTED_FHIR_TYPES as readonly string[]).includes(type)) problems.push({ path: `/fhirResourceTypes/${index}`, message: `${type} is not a supported FHIR resource type` });
  });
  definition.matches.forEach((match, index) => {
    if (!definition.fhirResourceTypes.includes(match.resourceType)) problems.push({ path: `/matches/${index}/resourceType`, message: `${match.resourceType} is not one of the resource's FHIR types` });
  });
  if (definition.specialCategory && definition.defaultLevel !== 5) {
    problems.push({ path: '/defaultLevel', message: 'special-category content (HIV, psychiatric, genetic…) is level 5' });
  }
  const maxFieldLevel = Math.max(0, ...definition.fields.map((field) => field.level));
  if (maxFieldLevel > definition.defaultLevel && !definition.specialCategory) {
    problems.push({ path: '/defaultLevel', message: `default level ${definition.defaultLevel} is below its most sensitive field (level ${maxFieldLevel})` });
  }
  return problems;
}
