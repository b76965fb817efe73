import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from './index.js';
import { MRN_SYSTEM, RESIDENT_ID_CARD_SYSTEM, STAFF_SYSTEM } from './systems.js';

const DOMAIN_RESOURCE = ['id', 'meta', 'implicitRules', 'language', 'text', 'contained', 'extension', 'modifierExtension'];

/**
 * FHIR R4 (4.0.1) element names, transcribed from the specification's resource and data type pages:
 * top-level elements per resource, children of the backbone elements the catalog descends into, and
 * the data types it reaches through. Choice elements appear by their base name (`value`, not
 * `valueQuantity`), which is how FHIRPath addresses them.
 */
const R4: Record<string, string[]> = {
  Patient: ['identifier', 'active', 'name', 'telecom', 'gender', 'birthDate', 'deceased', 'address', 'maritalStatus', 'multipleBirth', 'photo', 'contact', 'communication', 'generalPractitioner', 'managingOrganization', 'link'],
  'Patient.contact': ['relationship', 'name', 'telecom', 'address', 'gender', 'organization', 'period'],
  Encounter: ['identifier', 'status', 'statusHistory', 'class', 'classHistory', 'type', 'serviceType', 'priority', 'subject', 'episodeOfCare', 'basedOn', 'participant', 'appointment', 'period', 'length', 'reasonCode', 'reasonReference', 'diagnosis', 'account', 'hospitalization', 'location', 'serviceProvider', 'partOf'],
  'Encounter.participant': ['type', 'period', 'individual'],
  'Encounter.hospitalization': ['preAdmissionIdentifier', 'origin', 'admitSource', 'reAdmission', 'dietPreference', 'specialCourtesy', 'specialArrangement', 'destination', 'dischargeDisposition'],
  'Encounter.location': ['location', 'status', 'physicalType', 'period'],
  Condition: ['identifier', 'clinicalStatus', 'verificationStatus', 'category', 'severity', 'code', 'bodySite', 'subject', 'encounter', 'onset', 'abatement', 'recordedDate', 'recorder', 'asserter', 'stage', 'evidence', 'note'],
  DocumentReference: ['masterIdentifier', 'identifier', 'status', 'docStatus', 'type', 'category', 'subject', 'date', 'author', 'authenticator', 'custodian', 'relatesTo', 'description', 'securityLabel', 'content', 'context'],
  'DocumentReference.content': ['attachment', 'format'],
  'DocumentReference.context': ['encounter', 'event', 'period', 'facilityType', 'practiceSetting', 'sourcePatientInfo', 'related'],
  Observation: ['identifier', 'basedOn', 'partOf', 'status', 'category', 'code', 'subject', 'focus', 'encounter', 'effective', 'issued', 'performer', 'value', 'dataAbsentReason', 'interpretation', 'note', 'bodySite', 'method', 'specimen', 'device', 'referenceRange', 'hasMember', 'derivedFrom', 'component'],
  DiagnosticReport: ['identifier', 'basedOn', 'status', 'category', 'code', 'subject', 'encounter', 'effective', 'issued', 'performer', 'resultsInterpreter', 'specimen', 'result', 'imagingStudy', 'media', 'conclusion', 'conclusionCode', 'presentedForm'],
  ImagingStudy: ['identifier', 'status', 'modality', 'subject', 'encounter', 'started', 'basedOn', 'referrer', 'interpreter', 'endpoint', 'numberOfSeries', 'numberOfInstances', 'procedureReference', 'procedureCode', 'location', 'reasonCode', 'reasonReference', 'note', 'description', 'series'],
  'ImagingStudy.series': ['uid', 'number', 'modality', 'description', 'numberOfInstances', 'endpoint', 'bodySite', 'laterality', 'specimen', 'started', 'performer', 'instance'],
  Procedure: ['identifier', 'instantiatesCanonical', 'instantiatesUri', 'basedOn', 'partOf', 'status', 'statusReason', 'category', 'code', 'subject', 'encounter', 'performed', 'recorder', 'asserter', 'performer', 'location', 'reasonCode', 'reasonReference', 'bodySite', 'outcome', 'report', 'complication', 'complicationDetail', 'followUp', 'note', 'focalDevice', 'usedReference', 'usedCode'],
  'Procedure.performer': ['function', 'actor', 'onBehalfOf'],
  MedicationRequest: ['identifier', 'status', 'statusReason', 'intent', 'category', 'priority', 'doNotPerform', 'reported', 'medication', 'subject', 'encounter', 'supportingInformation', 'authoredOn', 'requester', 'performer', 'performerType', 'recorder', 'reasonCode', 'reasonReference', 'instantiatesCanonical', 'instantiatesUri', 'basedOn', 'groupIdentifier', 'courseOfTherapyType', 'insurance', 'note', 'dosageInstruction', 'dispenseRequest', 'substitution', 'priorPrescription', 'detectedIssue', 'eventHistory'],
  'MedicationRequest.dispenseRequest': ['initialFill', 'dispenseInterval', 'validityPeriod', 'numberOfRepeatsAllowed', 'quantity', 'expectedSupplyDuration', 'performer'],
  MedicationDispense: ['identifier', 'partOf', 'status', 'statusReason', 'category', 'medication', 'subject', 'context', 'supportingInformation', 'performer', 'location', 'authorizingPrescription', 'type', 'quantity', 'daysSupply', 'whenPrepared', 'whenHandedOver', 'destination', 'receiver', 'note', 'dosageInstruction', 'substitution', 'detectedIssue', 'eventHistory'],
  'MedicationDispense.performer': ['function', 'actor'],
  AllergyIntolerance: ['identifier', 'clinicalStatus', 'verificationStatus', 'type', 'category', 'criticality', 'code', 'patient', 'encounter', 'onset', 'recordedDate', 'recorder', 'asserter', 'lastOccurrence', 'note', 'reaction'],
  'AllergyIntolerance.reaction': ['substance', 'manifestation', 'description', 'onset', 'severity', 'exposureRoute', 'note'],
  ChargeItem: ['identifier', 'definitionUri', 'definitionCanonical', 'status', 'partOf', 'code', 'subject', 'context', 'occurrence', 'performer', 'performingOrganization', 'requestingOrganization', 'costCenter', 'quantity', 'bodysite', 'factorOverride', 'priceOverride', 'overrideReason', 'enterer', 'enteredDate', 'reason', 'service', 'product', 'account', 'note', 'supportingInformation'],
  Invoice: ['identifier', 'status', 'cancelledReason', 'type', 'subject', 'recipient', 'date', 'participant', 'issuer', 'account', 'lineItem', 'totalPriceComponent', 'totalNet', 'totalGross', 'paymentTerms', 'note'],
  Claim: ['identifier', 'status', 'type', 'subType', 'use', 'patient', 'billablePeriod', 'created', 'enterer', 'insurer', 'provider', 'priority', 'fundsReserve', 'related', 'prescription', 'originalPrescription', 'payee', 'referral', 'facility', 'careTeam', 'supportingInfo', 'diagnosis', 'procedure', 'insurance', 'accident', 'item', 'total'],
  'Claim.insurance': ['sequence', 'focal', 'identifier', 'coverage', 'businessArrangement', 'preAuthRef', 'claimResponse'],
  'Claim.diagnosis': ['sequence', 'diagnosis', 'type', 'onAdmission', 'packageCode'],
  'Claim.item': ['sequence', 'careTeamSequence', 'diagnosisSequence', 'procedureSequence', 'informationSequence', 'revenue', 'category', 'productOrService', 'modifier', 'programCode', 'serviced', 'location', 'quantity', 'unitPrice', 'factor', 'net', 'udi', 'bodySite', 'subSite', 'encounter', 'detail'],
  ExplanationOfBenefit: ['identifier', 'status', 'type', 'subType', 'use', 'patient', 'billablePeriod', 'created', 'enterer', 'insurer', 'provider', 'priority', 'fundsReserveRequested', 'fundsReserve', 'related', 'prescription', 'originalPrescription', 'payee', 'referral', 'facility', 'claim', 'claimResponse', 'outcome', 'disposition', 'preAuthRef', 'preAuthRefPeriod', 'careTeam', 'supportingInfo', 'diagnosis', 'procedure', 'precedence', 'insurance', 'accident', 'item', 'addItem', 'adjudication', 'total', 'payment', 'formCode', 'form', 'processNote', 'benefitPeriod', 'benefitBalance'],
  'ExplanationOfBenefit.insurance': ['focal', 'coverage', 'preAuthRef'],
  'ExplanationOfBenefit.diagnosis': ['sequence', 'diagnosis', 'type', 'onAdmission', 'packageCode'],
  'ExplanationOfBenefit.item': ['sequence', 'careTeamSequence', 'diagnosisSequence', 'procedureSequence', 'informationSequence', 'revenue', 'category', 'productOrService', 'modifier', 'programCode', 'serviced', 'location', 'quantity', 'unitPrice', 'factor', 'net', 'udi', 'bodySite', 'subSite', 'encounter', 'noteNumber', 'adjudication', 'detail'],
  'ExplanationOfBenefit.total': ['category', 'amount'],
  'ExplanationOfBenefit.payment': ['type', 'adjustment', 'adjustmentReason', 'date', 'amount', 'identifier'],
  Practitioner: ['identifier', 'active', 'name', 'telecom', 'address', 'gender', 'birthDate', 'photo', 'qualification', 'communication'],
  'Practitioner.qualification': ['identifier', 'code', 'period', 'issuer'],
  PractitionerRole: ['identifier', 'active', 'period', 'practitioner', 'organization', 'code', 'specialty', 'location', 'healthcareService', 'telecom', 'availableTime', 'notAvailable', 'availabilityExceptions', 'endpoint'],
  Device: ['identifier', 'definition', 'udiCarrier', 'status', 'statusReason', 'distinctIdentifier', 'manufacturer', 'manufactureDate', 'expirationDate', 'lotNumber', 'serialNumber', 'deviceName', 'modelNumber', 'partNumber', 'type', 'specialization', 'version', 'property', 'patient', 'owner', 'contact', 'location', 'url', 'note', 'safety', 'parent'],
  'Device.udiCarrier': ['deviceIdentifier', 'issuer', 'jurisdiction', 'carrierAIDC', 'carrierHRF', 'entryType'],
  'Device.deviceName': ['name', 'type'],
  Identifier: ['use', 'type', 'system', 'value', 'period', 'assigner'],
  ContactPoint: ['system', 'value', 'use', 'rank', 'period'],
  Extension: ['url', 'value'],
};

/** Data types of the non-backbone elements the catalog descends through. */
const DATA_TYPE: Record<string, string> = {
  'Patient.identifier': 'Identifier',
  'Patient.telecom': 'ContactPoint',
  'Patient.contact.telecom': 'ContactPoint',
  'Practitioner.identifier': 'Identifier',
  'Practitioner.telecom': 'ContactPoint',
};

const FHIR_TYPES = ['Quantity', 'CodeableConcept', 'string', 'code'];
const STEP = /^(?<element>[a-z][A-Za-z]*)(?:\.where\((?<key>[a-z]+)='(?<literal>[^']+)'\)|\.ofType\((?<type>[A-Za-z]+)\))?/;

/** Walks one FHIRPath branch, returning what is wrong with it, or null for a valid R4 path. */
function problemWith(branch: string, allowedTypes: string[]): string | null {
  const [type = '', ...rest] = branch.split(/\.(?![^(]*\))/);
  if (!allowedTypes.includes(type)) return `${type} is not one of ${allowedTypes.join(', ')}`;
  let position = type;
  let remaining = rest.join('.');
  while (remaining) {
    const step = STEP.exec(remaining);
    if (!step?.groups) return `cannot read "${remaining}"`;
    const { element = '', key, literal, type: ofType } = step.groups;
    const children = [...(R4[position] ?? []), ...(position === type ? DOMAIN_RESOURCE : [])];
    if (!children.includes(element)) return `${position} has no element "${element}"`;
    const path = `${position}.${element}`;
    const elementType = element === 'extension' ? 'Extension' : DATA_TYPE[path];
    if (key && !(R4[elementType ?? path] ?? []).includes(key)) return `where(${key}=…) filters on an unknown element`;
    if (key === 'system' && literal?.startsWith('urn:yixiang:') && ![MRN_SYSTEM, RESIDENT_ID_CARD_SYSTEM, STAFF_SYSTEM].includes(literal)) return `unknown identifier system ${literal}`;
    if (ofType && !FHIR_TYPES.includes(ofType)) return `ofType(${ofType}) is not a type the catalog expects`;
    position = elementType ?? path;
    remaining = remaining.slice(step[0].length).replace(/^\./, '');
  }
  return null;
}

describe('built-in catalog: FHIRPath', () => {
  it('resolves every field, branch by branch, to real FHIR R4 elements', () => {
    const problems = BUILTIN_CATALOG.flatMap((resource) =>
      resource.fields.flatMap((field) =>
        field.fhirPath
          .split(' | ')
          .map((branch) => problemWith(branch, resource.fhirResourceTypes))
          .filter((problem): problem is string => problem !== null)
          .map((problem) => `${resource.code}.${field.name}: ${problem}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('addresses choice elements by base name, as FHIRPath requires', () => {
    const jsonNames = /\.(value|effective|onset|performed|medication|occurrence|deceased|serviced)[A-Z]/;
    BUILTIN_CATALOG.forEach((resource) => resource.fields.forEach((field) => expect(field.fhirPath, `${resource.code}.${field.name}`).not.toMatch(jsonNames)));
  });

  it('catches a misspelt element', () => {
    expect(problemWith('Observation.valueQuantity', ['Observation'])).toMatch(/no element/);
    expect(problemWith('AllergyIntolerance.subject', ['AllergyIntolerance'])).toMatch(/no element/);
    expect(problemWith("Patient.identifier.where(system='urn:yixiang:mrn').value", ['Patient'])).toBeNull();
  });
});
