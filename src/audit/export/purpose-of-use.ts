import { SYSTEMS } from './audit-event-codes.js';
import type { CodeableConcept, Coding } from './fhir-types.js';

/** Our own purpose codes keep their meaning even where HL7 has no exact match. */
export const YIXIANG_PURPOSE_SYSTEM = 'urn:yixiang:purpose-of-use';

const reason = (code: string, display: string): Coding => ({ system: SYSTEMS.actReason, code, display });

const TREAT = reason('TREAT', 'treatment');

/**
 * Yixiang purposes → HL7 v3-ActReason purpose-of-use codes. Purposes are policy data and may grow,
 * so an unknown purpose is not an error: it is exported with our own coding only.
 */
export const PURPOSE_OF_USE_CODES: Readonly<Record<string, Coding>> = {
  treatment: TREAT,
  // A referral continues the patient's care at the receiving hospital: still treatment.
  referral: TREAT,
  // Nursing and pharmacy (dispensing, medication review) are part of providing care.
  nursing: TREAT,
  pharmacy: TREAT,
  emergency: reason('ETREAT', 'Emergency Treatment'),
  billing: reason('HPAYMT', 'healthcare payment'),
  research: reason('HRESCH', 'healthcare research'),
  'public-health': reason('PUBHLTH', 'public health'),
  // HQUALIMP is the specialisation of HOPERAT for quality work; it says more than HOPERAT would.
  'quality-control': reason('HQUALIMP', 'health quality improvement'),
  'patient-request': reason('PATRQT', 'patient requested'),
  management: reason('HOPERAT', 'healthcare operations'),
};

/** Case and `_`/`-` differences in stored purpose codes must not lose the HL7 mapping. */
function lookupKey(purpose: string): string {
  return purpose.trim().toLowerCase().replace(/_/g, '-');
}

/** The HL7 v3-ActReason coding for a Yixiang purpose, or undefined when there is no fair match. */
export function actReasonFor(purpose: string): Coding | undefined {
  return PURPOSE_OF_USE_CODES[lookupKey(purpose)];
}

/**
 * AuditEvent.purposeOfEvent: one concept with the HL7 coding first (what other systems understand)
 * and our original code second (what our own reports group by).
 */
export function purposeOfEvent(purpose: string | null): CodeableConcept[] | undefined {
  if (purpose === null || purpose.trim() === '') return undefined;
  const own: Coding = { system: YIXIANG_PURPOSE_SYSTEM, code: purpose };
  const hl7 = actReasonFor(purpose);
  return [{ coding: hl7 ? [hl7, own] : [own] }];
}
