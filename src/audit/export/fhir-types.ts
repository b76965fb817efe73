/**
 * The slice of FHIR R4 this module emits. Local and minimal on purpose: the export is a presenter,
 * and these shapes are what the tests pin, not a general FHIR model.
 */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding: Coding[];
  text?: string;
}

export interface Identifier {
  system?: string;
  value: string;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface AuditEventAgent {
  type?: CodeableConcept;
  role?: CodeableConcept[];
  who?: Reference;
  altId?: string;
  name?: string;
  requestor: boolean;
  policy?: string[];
  /** R4 network.type: 1 machine name, 2 IP address. */
  network?: { address: string; type: '1' | '2' };
}

export interface AuditEventEntityDetail {
  type: string;
  valueString?: string;
  valueBase64Binary?: string;
}

export interface AuditEventEntity {
  what?: Reference;
  type?: Coding;
  role?: Coding;
  name?: string;
  description?: string;
  detail?: AuditEventEntityDetail[];
}

/** R4 AuditEvent.action: create, read, update, delete, execute. */
export type AuditEventActionCode = 'C' | 'R' | 'U' | 'D' | 'E';

/** R4 AuditEvent.outcome: success, minor failure, serious failure (12, major, is never emitted). */
export type AuditEventOutcomeCode = '0' | '4' | '8';

export interface FhirAuditEvent {
  resourceType: 'AuditEvent';
  id: string;
  type: Coding;
  subtype?: Coding[];
  action: AuditEventActionCode;
  recorded: string;
  outcome: AuditEventOutcomeCode;
  outcomeDesc?: string;
  purposeOfEvent?: CodeableConcept[];
  agent: AuditEventAgent[];
  source: { site?: string; observer: Reference; type: Coding[] };
  entity?: AuditEventEntity[];
}

export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'collection' | 'searchset';
  timestamp?: string;
  total?: number;
  entry: { fullUrl?: string; resource: FhirAuditEvent; search?: { mode: 'match' } }[];
}
