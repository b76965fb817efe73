import { describe, expect, it } from 'vitest';
import type { Finding } from '../../api/types';
import { blocks, countBySeverity, findingKey, findingsFor, flaggedFields, sortFindings } from './findings';

const message = { zh: '…', en: '…' };
const FINDINGS: Finding[] = [
  { check: 'share-condition', severity: 'info', catalogCode: 'CLIN_LAB_REPORT', message },
  { check: 'fields-necessary', severity: 'warn', catalogCode: 'CLIN_LAB_REPORT', fields: ['performer', 'patient'], message },
  { check: 'access-period', severity: 'block', message },
  { check: 'share-type', severity: 'block', catalogCode: 'CLIN_PSYCH_NOTE', message },
];

describe('findings', () => {
  it('puts blocking findings first, then warnings, then notes, keeping the order within each', () => {
    expect(sortFindings(FINDINGS).map((f) => f.check)).toEqual(['access-period', 'share-type', 'fields-necessary', 'share-condition']);
    expect(FINDINGS[0]!.check).toBe('share-condition');
  });

  it('counts by severity and says whether submission is blocked', () => {
    expect(countBySeverity(FINDINGS)).toEqual({ block: 2, warn: 1, info: 1 });
    expect(countBySeverity([])).toEqual({ block: 0, warn: 0, info: 0 });
    expect(blocks(FINDINGS)).toBe(true);
    expect(blocks(FINDINGS.filter((f) => f.severity !== 'block'))).toBe(false);
  });

  it('picks the findings of one resource, or those about the whole request', () => {
    expect(findingsFor(FINDINGS, 'CLIN_LAB_REPORT').map((f) => f.check)).toEqual(['share-condition', 'fields-necessary']);
    expect(findingsFor(FINDINGS, null).map((f) => f.check)).toEqual(['access-period']);
  });

  it('names the fields a check flagged on a resource', () => {
    expect(flaggedFields(FINDINGS, 'CLIN_LAB_REPORT', 'fields-necessary')).toEqual(['performer', 'patient']);
    expect(flaggedFields(FINDINGS, 'CLIN_IMAGING_REPORT', 'fields-necessary')).toEqual([]);
  });

  it('keys findings apart', () => {
    const keys = FINDINGS.map(findingKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
