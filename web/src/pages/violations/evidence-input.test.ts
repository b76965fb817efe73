import { describe, expect, it } from 'vitest';
import { evidenceInput, hasEvidence, parseSeqs } from './evidence-input';

describe('parseSeqs', () => {
  it('reads numbers separated by commas of either width, 、, semicolons or spaces, once each', () => {
    expect(parseSeqs('12, 15，16、17 18;12')).toEqual({ seqs: [12, 15, 16, 17, 18], invalid: [] });
    expect(parseSeqs('  ')).toEqual({ seqs: [], invalid: [] });
    expect(parseSeqs(undefined)).toEqual({ seqs: [], invalid: [] });
  });

  it('names what is not an entry number', () => {
    expect(parseSeqs('12 -3 4.5 abc 99999999999999999')).toEqual({ seqs: [12], invalid: ['-3', '4.5', 'abc', '99999999999999999'] });
  });
});

describe('evidenceInput', () => {
  it('leaves out empty parts', () => {
    expect(evidenceInput({})).toEqual({});
    expect(hasEvidence(evidenceInput({ note: '  ' }))).toBe(false);
  });

  it('sends entry numbers, alerts and the note', () => {
    const input = evidenceInput({ seqs: '3, 4', alertIds: ['a-1', 'a-1', 'a-2'], note: ' 夜间访问 ' });
    expect(input).toEqual({ auditSeqs: [3, 4], alertIds: ['a-1', 'a-2'], note: '夜间访问' });
    expect(hasEvidence(input)).toBe(true);
    expect(hasEvidence({ alertIds: ['a-1'] })).toBe(true);
  });
});
