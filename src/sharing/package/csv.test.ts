import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, flattenValue } from './csv.js';

describe('flattening FHIR values to text', () => {
  it('renders simple types by shape', () => {
    expect(flattenValue('final')).toBe('final');
    expect(flattenValue(17.66)).toBe('17.66');
    expect(flattenValue(true)).toBe('true');
    expect(flattenValue({ reference: 'Patient/px-1' })).toBe('Patient/px-1');
    expect(flattenValue({ coding: [{ system: 'http://loinc.org', code: '6690-2', display: 'WBC' }], text: '白细胞计数' })).toBe('http://loinc.org|6690-2');
    expect(flattenValue({ text: '已婚' })).toBe('已婚');
    expect(flattenValue({ coding: [{ display: '汉族' }] })).toBe('汉族');
    expect(flattenValue({ value: 17.66, unit: '10*9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' })).toBe('17.66 10*9/L');
    expect(flattenValue({ system: 'urn:yixiang:mrn', value: 'px-abc' })).toBe('px-abc');
    expect(flattenValue({ start: '2026-01-01', end: '2026-01-03' })).toBe('2026-01-01/2026-01-03');
    expect(flattenValue([{ reference: 'Observation/1' }, { reference: 'Observation/2' }])).toBe('Observation/1; Observation/2');
    expect(flattenValue({ low: { value: 1 } })).toBe('{"low":{"value":1}}');
  });
});

describe('CSV cells', () => {
  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('defuses spreadsheet formulas but not numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-5.2')).toBe('-5.2');
    expect(csvCell('+86')).toBe('+86');
    expect(csvCell('-x')).toBe("'-x");
  });
});
