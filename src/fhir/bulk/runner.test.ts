import { describe, expect, it } from 'vitest';
import { noteLine, otherBasisNote, scansFor } from './runner.js';

describe('scansFor', () => {
  it('scans the catalog resource once when every type it opens is wanted, else once per type', () => {
    expect(scansFor(['Observation', 'DiagnosticReport'], ['DiagnosticReport', 'Observation'], null)).toEqual([{}]);
    expect(scansFor(['Observation'], ['DiagnosticReport', 'Observation'], null)).toEqual([{ resourceType: 'Observation' }]);
    expect(scansFor([], ['Observation'], null)).toEqual([]);
  });

  it('makes _since exclusive: changed after the instant', () => {
    expect(scansFor(['Patient'], ['Patient'], '2026-11-01T00:00:00.000Z')).toEqual([{ updatedSince: '2026-11-01T00:00:00.001Z' }]);
  });
});

describe('error file lines', () => {
  it('are informational OperationOutcomes, one per line', () => {
    expect(JSON.parse(noteLine('left out'))).toEqual({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'left out' }] });
    expect(noteLine('x').endsWith('\n')).toBe(true);
    expect(otherBasisNote('grant:g2', 4)).toContain('Group/g2');
  });
});
