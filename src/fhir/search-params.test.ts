import { describe, expect, it } from 'vitest';
import { dateRange, parseSearch, patientIdOf, SearchParamError } from './search-params.js';

describe('dateRange', () => {
  it('treats a partial date as the whole period, in China time when no zone is given', () => {
    expect(dateRange('2026-11')).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(dateRange('2026-11-25')).toEqual({ from: '2026-11-24T16:00:00.000Z', to: '2026-11-25T16:00:00.000Z' });
    expect(dateRange('2026')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
  it('applies prefixes to the period’s edges', () => {
    expect(dateRange('ge2026-11-25')).toEqual({ from: '2026-11-24T16:00:00.000Z' });
    expect(dateRange('gt2026-11-25')).toEqual({ from: '2026-11-25T16:00:00.000Z' });
    expect(dateRange('lt2026-11-25')).toEqual({ to: '2026-11-24T16:00:00.000Z' });
    expect(dateRange('le2026-11-25')).toEqual({ to: '2026-11-25T16:00:00.000Z' });
    expect(dateRange('ge2026-11-25T08:30:00Z')).toEqual({ from: '2026-11-25T08:30:00.000Z' });
    expect(dateRange('eq2026-11-25T08:30:00+08:00')).toEqual({ from: '2026-11-25T00:30:00.000Z', to: '2026-11-25T00:30:01.000Z' });
  });
  it('refuses what it cannot honour', () => {
    expect(() => dateRange('yesterday')).toThrow(SearchParamError);
    expect(() => dateRange('ne2026-01-01')).toThrow(/not supported/);
    expect(() => dateRange('2026-13-01')).toThrow(SearchParamError);
  });
});

describe('patientIdOf', () => {
  it('accepts ids, relative and absolute Patient references', () => {
    expect(patientIdOf('p-1', 'patient')).toBe('p-1');
    expect(patientIdOf('Patient/p-1', 'patient')).toBe('p-1');
    expect(patientIdOf('https://x.example/fhir/Patient/p-1', 'patient')).toBe('p-1');
  });
  it('refuses references to anything else', () => {
    expect(() => patientIdOf('Group/g-1', 'patient')).toThrow(SearchParamError);
    expect(() => patientIdOf("p-1' or 1=1", 'patient')).toThrow(SearchParamError);
  });
});

describe('parseSearch', () => {
  it('parses the supported parameters', () => {
    expect(parseSearch('Observation', { patient: 'Patient/p-1', code: 'http://loinc.org|718-7', category: 'http://x|laboratory', status: 'final', _count: '10', date: ['ge2026-01-01', 'lt2026-02-01'] }, 200)).toEqual({
      patientId: 'p-1',
      codes: [{ system: 'http://loinc.org', code: '718-7' }],
      category: 'laboratory',
      status: 'final',
      count: 10,
      from: '2025-12-31T16:00:00.000Z',
      to: '2026-01-31T16:00:00.000Z',
    });
  });
  it('refuses unknown parameters, modifiers and counts out of range rather than ignoring them', () => {
    expect(() => parseSearch('Observation', { 'patient:missing': 'true' }, 200)).toThrow(/not supported/);
    expect(() => parseSearch('Observation', { _count: '0' }, 200)).toThrow(/_count/);
    expect(() => parseSearch('Observation', { _count: '201' }, 200)).toThrow(/_count/);
    expect(() => parseSearch('Observation', { patient: ['a', 'b'] }, 200)).toThrow(/once/);
    expect(() => parseSearch('Patient', { patient: 'p-1' }, 200)).toThrow(/_id/);
    expect(() => parseSearch('Observation', { _lastUpdated: 'lt2026-01-01' }, 200)).toThrow(/_lastUpdated/);
  });
});
