import { describe, expect, it } from 'vitest';
import { withMandatoryElements } from './mandatory-elements.js';

const MASKED = { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }] };

describe('withMandatoryElements', () => {
  it('sends a required element the grant left out as masked, and leaves present ones alone', () => {
    const observation = { resourceType: 'Observation', id: 'o-1', status: 'final', valueQuantity: { value: 5 } };
    expect(withMandatoryElements(observation)).toEqual({ ...observation, code: MASKED });
    const complete = { resourceType: 'Observation', id: 'o-2', status: 'final', code: { text: 'Hb' } };
    expect(withMandatoryElements(complete)).toBe(complete);
  });

  it('masks a primitive through its extension sibling, a choice through one of its types, and a list through one item', () => {
    expect(withMandatoryElements({ resourceType: 'Claim', status: 'active', use: 'claim', priority: { text: 'normal' } })).toMatchObject({ type: MASKED, patient: MASKED, _created: MASKED, provider: MASKED, insurance: [{ _sequence: MASKED, _focal: MASKED, coverage: MASKED }] });
    expect(withMandatoryElements({ resourceType: 'MedicationDispense', status: 'completed' })).toMatchObject({ medicationCodeableConcept: MASKED });
    expect(withMandatoryElements({ resourceType: 'MedicationDispense', status: 'completed', medicationReference: { reference: 'Medication/m' } })).not.toHaveProperty('medicationCodeableConcept');
    expect(withMandatoryElements({ resourceType: 'DocumentReference', status: 'current' })).toMatchObject({ content: [{ attachment: MASKED }] });
  });

  it('leaves types without required elements alone', () => {
    const patient = { resourceType: 'Patient', id: 'p' };
    expect(withMandatoryElements(patient)).toBe(patient);
  });
});
