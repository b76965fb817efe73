import type { CatalogField, LocalizedText } from '../types.js';
import { DEPARTMENT_EXTENSION } from './systems.js';

/** Bilingual text; a function so resource files read as data. */
export function text(zh: string, en: string): LocalizedText {
  return { zh, en };
}

/**
 * Joins per-type FHIRPath expressions with the FHIRPath union operator, so that one catalog field
 * resolves on every FHIR resource type its catalog resource covers (e.g. `DiagnosticReport.subject
 * | Observation.subject`). Each branch stays a plain R4 path.
 */
export function anyOf(...paths: string[]): string {
  return paths.join(' | ');
}

/** Name every patient-data resource gives its link to the patient; tests and masking rely on it. */
export const PATIENT_LINK_FIELD = 'patient';

/**
 * The reference from a record to its patient. It is `direct` at level 4: inside the platform the
 * reference resolves to the patient index, so whoever holds it holds the patient's identity;
 * masking must pseudonymise it before any de-identified release.
 */
export function patientLink(fhirPath: string): CatalogField {
  return {
    name: PATIENT_LINK_FIELD,
    label: text('患者', 'Patient'),
    type: 'reference',
    level: 4,
    identifierKind: 'direct',
    fhirPath,
    description: text('指向患者主索引的引用,可直接识别患者本人', 'Reference to the patient index; identifies the patient directly'),
  };
}

/**
 * The visit a record belongs to. `quasi` at level 3: it identifies nobody by itself but joins to
 * the encounter, whose dates, ward and bed narrow the patient down.
 */
export function encounterLink(fhirPath: string): CatalogField {
  return {
    name: 'encounter',
    label: text('就诊', 'Encounter'),
    type: 'reference',
    level: 3,
    identifierKind: 'quasi',
    fhirPath,
  };
}

/**
 * A reference to a staff member (author, performer, requester). `direct` because it names a person,
 * but level 2: the person is the member of staff, whose professional role is not sensitive, not the
 * patient.
 */
export function staffLink(name: string, label: LocalizedText, fhirPath: string): CatalogField {
  return {
    name,
    label,
    type: 'reference',
    level: 2,
    identifierKind: 'direct',
    fhirPath,
    description: text('识别的是医务人员而非患者', 'Identifies the member of staff, not the patient'),
  };
}

/**
 * Clinical free text (notes, conclusions). Level 4 and `quasi` whatever it is about: narrative can
 * name relatives, workplaces or places and cannot be masked reliably, so it is treated as
 * identifying until a person has reviewed it.
 */
export function freeText(name: string, label: LocalizedText, fhirPath: string): CatalogField {
  return {
    name,
    label,
    type: 'text',
    level: 4,
    identifierKind: 'quasi',
    fhirPath,
    description: text('自由文本可能包含姓名、单位或地址,无法可靠脱敏', 'Free text may contain names, workplaces or addresses and cannot be masked reliably'),
  };
}

/**
 * The producing department, read from the project-wide department extension on `resourceType`. The
 * extension carries `valueCode` in JSON; FHIRPath reaches a choice element by its base name, hence
 * `value.ofType(code)`.
 */
export function departmentField(resourceType: string): CatalogField {
  return {
    name: 'department',
    label: text('所属科室', 'Department'),
    type: 'code',
    level: 2,
    identifierKind: 'none',
    fhirPath: `${resourceType}.extension.where(url='${DEPARTMENT_EXTENSION}').value.ofType(code)`,
  };
}
