/**
 * Reading the searchable facts out of a FHIR R4 resource: whose record it is, when, what code,
 * which department. Pure functions over plain JSON, one small table per resource type.
 */
export type FhirResource = { resourceType: string; id?: string; [element: string]: unknown };

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export const DEPARTMENT_EXTENSION = 'urn:yixiang:extension:department';
export const MRN_SYSTEM = 'urn:yixiang:mrn';
export const ID_CARD_SYSTEM = 'urn:yixiang:id:resident-id-card';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const ref = (value: unknown): string | null => str(obj(first(value))?.reference);

export function codings(concept: unknown): Coding[] {
  const concepts = Array.isArray(concept) ? concept : [concept];
  return concepts.flatMap((c) => {
    const coding = obj(c)?.coding;
    return Array.isArray(coding) ? (coding.filter((x) => obj(x)) as Coding[]) : [];
  });
}

interface TypeFacts {
  patient: (r: Json) => string | null;
  encounter?: (r: Json) => string | null;
  date: (r: Json) => string | null;
  code: (r: Json) => unknown;
  category?: (r: Json) => unknown;
  status: (r: Json) => string | null;
  required: string[];
}

const subject = (r: Json) => ref(r.subject);
const patientField = (r: Json) => ref(r.patient);
const status = (r: Json) => str(r.status);
const clinicalStatus = (r: Json) => str(codings(r.clinicalStatus)[0]?.code);
const none = () => null;

export const FACTS: Record<string, TypeFacts> = {
  Patient: { patient: (r) => (str(r.id) ? `Patient/${String(r.id)}` : null), date: none, code: none, status: (r) => (r.active === false ? 'inactive' : 'active'), required: [] },
  Encounter: { patient: subject, date: (r) => str(obj(r.period)?.start), code: (r) => first(r.type), category: (r) => ({ coding: [r.class] }), status, required: ['status', 'class'] },
  Condition: { patient: subject, encounter: (r) => ref(r.encounter), date: (r) => str(r.onsetDateTime) ?? str(r.recordedDate), code: (r) => r.code, category: (r) => r.category, status: clinicalStatus, required: ['subject'] },
  Observation: { patient: subject, encounter: (r) => ref(r.encounter), date: (r) => str(r.effectiveDateTime) ?? str(obj(r.effectivePeriod)?.start) ?? str(r.issued), code: (r) => r.code, category: (r) => r.category, status, required: ['status', 'code'] },
  DiagnosticReport: { patient: subject, encounter: (r) => ref(r.encounter), date: (r) => str(r.effectiveDateTime) ?? str(r.issued), code: (r) => r.code, category: (r) => r.category, status, required: ['status', 'code'] },
  ImagingStudy: { patient: subject, encounter: (r) => ref(r.encounter), date: (r) => str(r.started), code: (r) => first(r.procedureCode), category: (r) => ({ coding: r.modality }), status, required: ['status', 'subject'] },
  Procedure: { patient: subject, encounter: (r) => ref(r.encounter), date: (r) => str(r.performedDateTime) ?? str(obj(r.performedPeriod)?.start), code: (r) => r.code, category: (r) => r.category, status, required: ['status', 'subject'] },
  MedicationRequest: { patient: subject, encounter: (r) => ref(r.encounter), date: (r) => str(r.authoredOn), code: (r) => r.medicationCodeableConcept, category: (r) => r.category, status, required: ['status', 'intent', 'subject'] },
  MedicationDispense: { patient: subject, encounter: (r) => ref(r.context), date: (r) => str(r.whenHandedOver) ?? str(r.whenPrepared), code: (r) => r.medicationCodeableConcept, category: (r) => r.category, status, required: ['status'] },
  AllergyIntolerance: { patient: patientField, encounter: (r) => ref(r.encounter), date: (r) => str(r.recordedDate) ?? str(r.onsetDateTime), code: (r) => r.code, status: clinicalStatus, required: ['patient'] },
  DocumentReference: { patient: subject, encounter: (r) => ref(obj(r.context)?.encounter), date: (r) => str(r.date), code: (r) => r.type, category: (r) => r.category, status, required: ['status', 'content'] },
  ChargeItem: { patient: subject, encounter: (r) => ref(r.context), date: (r) => str(r.occurrenceDateTime) ?? str(r.enteredDate), code: (r) => r.code, status, required: ['status', 'code', 'subject'] },
  Invoice: { patient: subject, date: (r) => str(r.date), code: (r) => r.type, status, required: ['status'] },
  Claim: { patient: patientField, date: (r) => str(r.created), code: (r) => r.type, status, required: ['status', 'type', 'use', 'patient', 'created', 'provider', 'priority', 'insurance'] },
  ExplanationOfBenefit: { patient: patientField, date: (r) => str(r.created), code: (r) => r.type, status, required: ['status', 'type', 'use', 'patient', 'created', 'insurer', 'provider', 'outcome', 'insurance'] },
  Practitioner: { patient: none, date: none, code: none, status: (r) => (r.active === false ? 'inactive' : 'active'), required: [] },
  PractitionerRole: { patient: none, date: (r) => str(obj(r.period)?.start), code: (r) => first(r.code), status: (r) => (r.active === false ? 'inactive' : 'active'), required: [] },
  Device: { patient: (r) => ref(r.patient), date: (r) => str(r.manufactureDate), code: (r) => r.type, status, required: [] },
};

export interface RecordFacts {
  patientRef: string | null;
  encounterRef: string | null;
  effectiveAt: string | null;
  code: Coding | null;
  codes: Coding[];
  categories: Coding[];
  status: string | null;
  departmentCode: string | null;
  businessIdentifier: { system: string; value: string } | null;
}

export function departmentOf(resource: FhirResource): string | null {
  const extensions = Array.isArray(resource.extension) ? resource.extension : [];
  const match = extensions.map(obj).find((e) => e?.url === DEPARTMENT_EXTENSION);
  return str(match?.valueCode) ?? str(match?.valueString);
}

/** The identifier that names the record in its source system; Patients prefer the MRN. */
export function businessIdentifier(resource: FhirResource): { system: string; value: string } | null {
  const identifiers = (Array.isArray(resource.identifier) ? resource.identifier : [resource.identifier]).map(obj).filter((i): i is Json => !!i && !!str(i.system) && !!str(i.value));
  const chosen = identifiers.find((i) => i.system === MRN_SYSTEM) ?? identifiers[0];
  return chosen ? { system: String(chosen.system), value: String(chosen.value) } : null;
}

/** China has one time zone; FHIR dates without a time are local calendar dates. */
const LOCAL_OFFSET = '+08:00';

/**
 * The effective date as a UTC instant, so that text comparison orders and filters correctly:
 * sources send local offsets (+08:00) and bare dates, and `2026-11-25T07:00:00+08:00` sorts after
 * `2026-11-24T23:30:00Z` as text although it is earlier. Unparseable values are kept as sent.
 */
export function instantOf(value: string | null): string | null {
  if (!value) return null;
  const partial = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  const text = partial ? `${partial[1]}-${partial[2] ?? '01'}-${partial[3] ?? '01'}T00:00:00${LOCAL_OFFSET}` : value;
  const time = Date.parse(text);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export function factsOf(resource: FhirResource): RecordFacts {
  const facts = FACTS[resource.resourceType];
  if (!facts) throw new RangeError(`unsupported resource type ${resource.resourceType}`);
  const r = resource as Json;
  const codes = codings(facts.code(r));
  const date = facts.date(r);
  return {
    patientRef: facts.patient(r),
    encounterRef: facts.encounter?.(r) ?? null,
    effectiveAt: instantOf(date),
    code: codes[0] ?? null,
    codes,
    categories: facts.category ? codings(facts.category(r)) : [],
    status: facts.status(r),
    departmentCode: departmentOf(resource),
    businessIdentifier: businessIdentifier(resource),
  };
}

/** Missing required elements (R4 cardinality 1..) of the supported types, as FHIRPath-like names. */
export function missingRequired(resource: FhirResource): string[] {
  const facts = FACTS[resource.resourceType];
  if (!facts) return [];
  const r = resource as Json;
  const missing = facts.required.filter((element) => r[element] === undefined || r[element] === null || (Array.isArray(r[element]) && (r[element] as unknown[]).length === 0));
  if (resource.resourceType === 'MedicationRequest' && !r.medicationCodeableConcept && !r.medicationReference) missing.push('medication[x]');
  if (resource.resourceType === 'MedicationDispense' && !r.medicationCodeableConcept && !r.medicationReference) missing.push('medication[x]');
  return missing.map((element) => `${resource.resourceType}.${element}`);
}
