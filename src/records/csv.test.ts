import { describe, expect, it } from 'vitest';
import { csvRecords, CsvError, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', 'z'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(CsvError);
  });
});

describe('csvRecords', () => {
  it('keys rows by header and names missing columns', () => {
    expect(csvRecords('工号,姓名\nS001,王明\n', ['工号', '姓名'])).toEqual([{ 工号: 'S001', 姓名: '王明' }]);
    expect(() => csvRecords('工号\nS001\n', ['工号', '姓名'])).toThrow(/missing column\(s\): 姓名/);
    expect(() => csvRecords('a,b\n1\n', ['a'])).toThrow(/line 2: expected 2 fields, found 1/);
    expect(() => csvRecords('', ['a'])).toThrow(/empty/);
  });
});
