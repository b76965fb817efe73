import { describe, expect, it } from 'vitest';
import { KickoffError, parseKickoff, planTypes, preferences } from './kickoff.js';

const SERVED = ['Patient', 'Observation', 'DiagnosticReport'];
const ASYNC = { accept: 'application/fhir+json', prefer: 'respond-async' };
const refusal = (run: () => unknown): { parameter: string; message: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof KickoffError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a KickoffError');
};

describe('parseKickoff', () => {
  it('takes _type, _since and _outputFormat, and defaults to every type', () => {
    expect(parseKickoff(ASYNC, {}, SERVED)).toEqual({ types: null, since: null, ignored: [] });
    expect(parseKickoff(ASYNC, { _type: 'Observation,Patient,Observation', _since: '2026-11-01T08:00:00+08:00', _outputFormat: 'application/fhir+ndjson' }, SERVED)).toEqual({ types: ['Observation', 'Patient'], since: '2026-11-01T00:00:00.000Z', ignored: [] });
    expect(parseKickoff(ASYNC, { _type: ['Patient', 'DiagnosticReport'] }, SERVED).types).toEqual(['Patient', 'DiagnosticReport']);
  });

  it('accepts the three NDJSON spellings, and a + decoded to a space', () => {
    for (const format of ['application/fhir+ndjson', 'application/ndjson', 'ndjson', 'application/fhir ndjson']) expect(parseKickoff(ASYNC, { _outputFormat: format }, SERVED).types).toBeNull();
    expect(parseKickoff(ASYNC, { _since: '2026-11-01T08:00:00 08:00' }, SERVED).since).toBe('2026-11-01T00:00:00.000Z');
  });

  it('requires Accept: application/fhir+json and Prefer: respond-async', () => {
    expect(refusal(() => parseKickoff({ prefer: 'respond-async' }, {}, SERVED)).parameter).toBe('Accept');
    expect(refusal(() => parseKickoff({ accept: 'application/json', prefer: 'respond-async' }, {}, SERVED)).parameter).toBe('Accept');
    expect(refusal(() => parseKickoff({ accept: 'application/fhir+json' }, {}, SERVED)).parameter).toBe('Prefer');
    expect(refusal(() => parseKickoff({ accept: 'application/fhir+json', prefer: 'return=minimal' }, {}, SERVED)).parameter).toBe('Prefer');
    expect(parseKickoff({ accept: 'application/fhir+json; fhirVersion=4.0', prefer: ['return=minimal', 'Respond-Async'] }, {}, SERVED).types).toBeNull();
  });

  it('refuses types it does not serve, bad instants, other formats and repeated single parameters', () => {
    expect(refusal(() => parseKickoff(ASYNC, { _type: 'Spaceship' }, SERVED))).toMatchObject({ parameter: '_type', message: expect.stringContaining('Spaceship') });
    expect(refusal(() => parseKickoff(ASYNC, { _type: 'Patient,,Observation' }, SERVED)).parameter).toBe('_type');
    expect(refusal(() => parseKickoff(ASYNC, { _type: 'patient' }, SERVED)).parameter).toBe('_type');
    expect(refusal(() => parseKickoff(ASYNC, { _since: '2026-11-01' }, SERVED)).parameter).toBe('_since');
    expect(refusal(() => parseKickoff(ASYNC, { _since: '2026-11-01T00:00:00' }, SERVED)).parameter).toBe('_since');
    expect(refusal(() => parseKickoff(ASYNC, { _since: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }, SERVED)).parameter).toBe('_since');
    expect(refusal(() => parseKickoff(ASYNC, { _outputFormat: 'text/csv' }, SERVED)).parameter).toBe('_outputFormat');
  });

  it('refuses unknown parameters, and the unimplemented ones unless the client asks for lenient handling', () => {
    expect(refusal(() => parseKickoff(ASYNC, { _count: '10' }, SERVED))).toMatchObject({ parameter: '_count', message: expect.stringContaining('unknown parameter') });
    expect(refusal(() => parseKickoff(ASYNC, { _typeFilter: 'Observation?code=x' }, SERVED)).message).toContain('handling=lenient');
    const lenient = { accept: 'application/fhir+json', prefer: 'respond-async, handling=lenient' };
    expect(parseKickoff(lenient, { _typeFilter: 'Observation?code=x', _elements: 'id' }, SERVED).ignored).toEqual(['_typeFilter', '_elements']);
    expect(refusal(() => parseKickoff(lenient, { _count: '10' }, SERVED)).parameter).toBe('_count');
  });

  it('reads preference tokens from every Prefer header', () => {
    expect(preferences(['respond-async', 'handling = lenient'])).toEqual(new Set(['respond-async', 'handling=lenient']));
  });
});

describe('planTypes', () => {
  const group = ['DiagnosticReport', 'Observation'];
  it('defaults to the group\'s types the scopes allow, and refuses when they allow none', () => {
    expect(planTypes(null, group, () => true)).toEqual({ types: group, notInGroup: [], denied: [] });
    expect(planTypes(null, group, (type) => type === 'Observation')).toEqual({ types: ['Observation'], notInGroup: [], denied: [] });
    expect(planTypes(null, group, () => false)).toEqual({ types: [], notInGroup: [], denied: group });
  });

  it('writes the asked types the group opens, notes the others and names those the scopes deny', () => {
    expect(planTypes(['Patient', 'Observation'], group, () => true)).toEqual({ types: ['Observation'], notInGroup: ['Patient'], denied: [] });
    expect(planTypes(['Observation'], group, (type) => type !== 'Observation').denied).toEqual(['Observation']);
  });
});
