/**
 * The small slice of FHIR R4 JSON the synthetic hospital writes, plus the systems and URLs fixed
 * for the whole project. Resources are plain JSON objects so they can be streamed straight into
 * NDJSON or an ingest bundle without a mapping layer.
 */

export type FhirResource = { resourceType: string; id: string; [element: string]: unknown };

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  type?: string;
  identifier?: { system: string; value: string };
  display?: string;
}

export interface Money {
  value: number;
  currency: 'CNY';
}

// Project-wide identifier systems and extension URL (see the records and catalog modules).
export const MRN_SYSTEM = 'urn:yixiang:mrn';
export const RESIDENT_ID_CARD_SYSTEM = 'urn:yixiang:id:resident-id-card';
export const STAFF_SYSTEM = 'urn:yixiang:staff';
export const DEPARTMENT_EXTENSION = 'urn:yixiang:extension:department';
export const ETHNICITY_EXTENSION = 'urn:yixiang:extension:ethnicity';
export const OCCUPATION_EXTENSION = 'urn:yixiang:extension:occupation';

/** Which hospital system a record came from; the business identifier's system names it. */
export type Origin = 'his' | 'lis' | 'pacs' | 'pharmacy' | 'billing';
export const sourceSystem = (origin: Origin): string => `urn:yixiang:source:${origin}`;

/**
 * Logical-reference identifier systems. Organizations, coverages and orders are not resource types
 * the platform stores, so records point at them by business identifier instead of `Type/id`; the
 * references stay valid FHIR and the ingest does not look for resources that will never arrive.
 */
export const DEPARTMENT_SYSTEM = 'urn:yixiang:department';
export const ORGANIZATION_SYSTEM = 'urn:yixiang:organization';
export const MEDICAL_INSURANCE_SYSTEM = 'urn:yixiang:id:medical-insurance';

// Local code systems for things no international terminology covers the way a Chinese HIS does.
export const CHARGE_ITEM_SYSTEM = 'urn:yixiang:code:charge-item';
export const DEVICE_TYPE_SYSTEM = 'urn:yixiang:code:device-type';
export const INSURANCE_TYPE_SYSTEM = 'urn:yixiang:code:insurance-type';
export const INVOICE_TYPE_SYSTEM = 'urn:yixiang:code:invoice-type';
export const ETHNICITY_SYSTEM = 'urn:yixiang:code:ethnicity-gb3304';
export const OCCUPATION_SYSTEM = 'urn:yixiang:code:occupation';

// International terminologies.
export const LOINC = 'http://loinc.org';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
/** ICD-9-CM volume 3 is the procedure classification Chinese hospitals code operations in. */
export const ICD9CM = 'http://hl7.org/fhir/sid/icd-9-cm';
export const ATC = 'http://www.whocc.no/atc';
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';
export const DICOM_DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';

// HL7 terminology code systems used in R4 bindings.
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const V2_0131 = 'http://terminology.hl7.org/CodeSystem/v2-0131';
export const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
export const V3_PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const V3_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const V3_MARITAL_STATUS = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
export const PRACTITIONER_ROLE = 'http://terminology.hl7.org/CodeSystem/practitioner-role';
export const ADMIT_SOURCE = 'http://terminology.hl7.org/CodeSystem/admit-source';
export const DISCHARGE_DISPOSITION = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';
export const CLAIM_TYPE = 'http://terminology.hl7.org/CodeSystem/claim-type';
export const PROCESS_PRIORITY = 'http://terminology.hl7.org/CodeSystem/processpriority';
export const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

export const coding = (system: string, code: string, display?: string): Coding => (display === undefined ? { system, code } : { system, code, display });

export const concept = (codings: Coding[], text?: string): CodeableConcept => (text === undefined ? { coding: codings } : { coding: codings, text });

export const ref = (resource: { resourceType: string; id: string }, display?: string): Reference =>
  display === undefined ? { reference: `${resource.resourceType}/${resource.id}` } : { reference: `${resource.resourceType}/${resource.id}`, display };

export const departmentRef = (code: string, name: string): Reference => ({ type: 'Organization', identifier: { system: DEPARTMENT_SYSTEM, value: code }, display: name });

export const departmentExtension = (code: string) => [{ url: DEPARTMENT_EXTENSION, valueCode: code }];

export const sourceIdentifier = (origin: Origin, value: string) => ({ system: sourceSystem(origin), value });

/** Amounts are carried as integer fen so sums never drift; FHIR gets yuan with two decimals. */
export const money = (fen: number): Money => ({ value: Math.round(fen) / 100, currency: 'CNY' });

export const quantity = (value: number, unit: string, code = unit) => ({ value, unit, system: UCUM, code });

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

/** An instant in China Standard Time (UTC+08:00, no daylight saving), to the second. */
export function dateTime(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 19) + '+08:00';
}

/** The calendar date in China Standard Time. */
export function date(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}
