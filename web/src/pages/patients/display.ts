import type { TFunction } from 'i18next';
import type { PresentedRecord } from '../../api/types';

/** The server accepts at most 64 characters of search text. */
export const MAX_QUERY = 64;

const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A platform patient id as the API accepts it in a path. */
export function isPatientId(value: string): boolean {
  return PATIENT_ID.test(value);
}

/** `Type/id`: unique across the catalog resources of a timeline. */
export function recordKey(record: PresentedRecord): string {
  return `${record.resource.resourceType}/${record.resource.id ?? ''}`;
}

/**
 * The integrated view of the patient a record belongs to; none when the grant withholds the real
 * patient id (pseudonymised or de-identified), since a pseudonym opens nothing.
 */
export function patientLink(record: PresentedRecord): string | undefined {
  return record.patientId ? `/patients/${encodeURIComponent(record.patientId)}` : undefined;
}

const GENDERS = ['male', 'female', 'other', 'unknown'] as const;

/** FHIR administrative gender in the reader's language; anything else (a masked value) as returned. */
export function genderLabel(t: TFunction, gender: string | null): string | null {
  if (!gender) return null;
  return (GENDERS as readonly string[]).includes(gender) ? t(`gender.${gender as (typeof GENDERS)[number]}`) : gender;
}
