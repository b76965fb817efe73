/**
 * Code systems, identifier systems and extension URLs the built-in catalog refers to. Kept in one
 * place so that FHIRPath expressions, routing rules and tests cannot drift apart.
 */

/** LOINC; the code system for test, panel and document-type codes. */
export const LOINC = 'http://loinc.org';

/** FHIR R4 observation-category code system (laboratory, vital-signs, imaging, …). */
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** HL7 v2 table 0074, Diagnostic Service Section ID (LAB, RAD, GE, NRS, …). */
export const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';

// Identifier systems fixed for the whole project; every module resolves patients and staff by these.
export const MRN_SYSTEM = 'urn:yixiang:mrn';
export const RESIDENT_ID_CARD_SYSTEM = 'urn:yixiang:id:resident-id-card';
export const STAFF_SYSTEM = 'urn:yixiang:staff';

/** Extension carrying the producing department's code (valueCode), fixed for the whole project. */
export const DEPARTMENT_EXTENSION = 'urn:yixiang:extension:department';

/**
 * FHIR R4 Patient has no element for ethnicity or occupation, and no international extension fits
 * Chinese usage, so the catalog names project extensions in the same `urn:yixiang:extension:`
 * namespace as the department extension. Ingest must write these URLs for the fields to resolve.
 */
export const ETHNICITY_EXTENSION = 'urn:yixiang:extension:ethnicity';
export const OCCUPATION_EXTENSION = 'urn:yixiang:extension:occupation';

/**
 * Routing priorities (RecordMatch.priority). A level-5 rule must win over any rule that could
 * otherwise claim the same record, so the tiers are far apart and fixed here rather than per file.
 */
export const PRIORITY_SPECIAL = 100;
export const PRIORITY_CATEGORISED = 50;
export const PRIORITY_CATCH_ALL = 10;
