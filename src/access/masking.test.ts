import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import { MRN_SYSTEM, RESIDENT_ID_CARD_SYSTEM } from '../catalog/builtin/systems.js';
import type { CatalogField } from '../catalog/types.js';
import type { FhirResource } from '../records/fhir-facts.js';
import {
  DEFAULT_MASKING_RULES,
  isMaskingStrategy,
  MASKING_STRATEGIES,
  maskAddressText,
  maskIdNumber,
  maskKeepLast4,
  maskName,
  maskPhone,
  maskToYear,
  maskValue,
  pseudonymiseReference,
  strategyFor,
  type MaskingContext,
  type MaskingRule,
} from './masking.js';
import { locate, project, rewrite } from './projection.js';

const hmac = (value: string): string => `p-${createHmac('sha256', 'test-key').update(value).digest('hex').slice(0, 12)}`;
const context: MaskingContext = { pseudonymise: hmac };

describe('name', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李小明', '李**'],
    ['  王五 ', '王*'],
    ['𠮷田太郎', '𠮷***'],
    ['John Smith', 'J*********'],
    ['张', '*'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskName(input)).toBe(expected);
    expect(maskValue('name', input, context)).toBe(expected);
  });

  it('masks a HumanName: first character of the family name, given names starred, titles kept', () => {
    expect(maskValue('name', { use: 'official', text: '欧阳娜娜', family: '欧阳', given: ['娜娜'], prefix: ['女士'], period: { start: '2000' } }, context)).toEqual({
      use: 'official',
      text: '欧***',
      family: '欧*',
      given: ['**'],
      prefix: ['女士'],
    });
    expect(maskValue('name', { family: '张', given: ['三', null] }, context)).toEqual({ family: '张', given: ['*'] });
  });

  it('masks each HumanName of an array and drops names with nothing to show', () => {
    expect(maskValue('name', [{ text: '张三' }, { use: 'nickname', given: [] }, { text: 'Zhang San' }], context)).toEqual([{ text: '张*' }, { text: 'Z********' }]);
    expect(maskValue('name', [], context)).toBeUndefined();
  });
});

describe('id-number', () => {
  it.each([
    ['110101199003071234', '110***********1234'],
    ['11010119900307123X', '110***********123X'],
    ['110101900307123', '110********7123'],
    ['E12345678', '*****5678'],
    ['1234567', '*******'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
    expect(maskValue('id-number', input, context)).toBe(expected);
  });

  it('keeps the length of the value', () => {
    expect(maskIdNumber('110101199003071234')).toHaveLength(18);
  });

  it('masks the value of an Identifier and keeps its system, dropping what no rule classified', () => {
    const identifier = { use: 'official', system: RESIDENT_ID_CARD_SYSTEM, value: '110101199003071234', period: { start: '2010-01-01' }, assigner: { display: '北京市公安局东城分局' } };
    expect(maskValue('id-number', identifier, context)).toEqual({ use: 'official', system: RESIDENT_ID_CARD_SYSTEM, value: '110***********1234' });
    expect(identifier.value).toBe('110101199003071234');
  });
});

describe('phone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['020-87654321', '********4321'],
    ['+8613812345678', '**********5678'],
    ['95588', '*****'],
    ['120', '***'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
    expect(maskValue('phone', input, context)).toBe(expected);
  });

  it('masks a ContactPoint value, keeping system, use and rank', () => {
    expect(maskValue('phone', { system: 'phone', value: '13812345678', use: 'mobile', rank: 1, period: { start: '2020' } }, context)).toEqual({
      system: 'phone',
      use: 'mobile',
      value: '138****5678',
      rank: 1,
    });
  });
});

describe('address', () => {
  it.each([
    ['广东省广州市天河区体育西路1号', '广东省广州市天河区'],
    ['北京市东城区东长安街1号', '北京市东城区'],
    ['浙江省杭州市淳安县千岛湖镇', '浙江省杭州市淳安县'],
    ['广西壮族自治区南宁市青秀区民族大道100号', '广西壮族自治区南宁市青秀区'],
    ['江苏省苏州市昆山市玉山镇', '江苏省苏州市'],
    ['内蒙古自治区呼伦贝尔市鄂温克族自治旗巴彦托海镇', '内蒙古自治区呼伦贝尔市鄂温克族自治旗'],
    ['广州市体育西路阳光小区3栋', '广州市'],
    ['广东省某某路', '广东省'],
    ['  上海市浦东新区世纪大道  ', '上海市浦东新区'],
    ['1 Main Street, Springfield', '***'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskAddressText(input)).toBe(expected);
    expect(maskValue('address', input, context)).toBe(expected);
  });

  it('generalises a FHIR Address to its district and rebuilds the text', () => {
    const address = { use: 'home', text: '广东省广州市天河区体育西路1号', line: ['体育西路1号'], city: '广州市', district: '天河区', state: '广东省', postalCode: '510620', country: 'CN', extension: [{ url: 'geo', valueString: '23.13,113.32' }] };
    expect(maskValue('address', address, context)).toEqual({ use: 'home', state: '广东省', city: '广州市', district: '天河区', text: '广东省广州市天河区', country: 'CN' });
  });

  it('says a municipality once, and falls back to the text when no structured part is present', () => {
    expect(maskValue('address', { state: '北京市', city: '北京市', district: '东城区', line: ['东长安街1号'] }, context)).toEqual({ state: '北京市', city: '北京市', district: '东城区', text: '北京市东城区' });
    expect(maskValue('address', [{ text: '广东省广州市天河区体育西路1号', postalCode: '510620' }], context)).toEqual([{ text: '广东省广州市天河区' }]);
    expect(maskValue('address', { line: ['体育西路1号'], postalCode: '510620' }, context)).toBeUndefined();
  });
});

describe('birth-year', () => {
  it.each([
    ['1990-03-07', '1990'],
    ['1990-03', '1990'],
    ['1990', '1990'],
    ['2024-05-01T08:00:00+08:00', '2024'],
    ['19900307', '***'],
    ['unknown', '***'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskToYear(input)).toBe(expected);
    expect(maskValue('birth-year', input, context)).toBe(expected);
  });

  it('cuts both ends of a Period to their year and drops other date-like shapes', () => {
    expect(maskValue('birth-year', { start: '2024-05-01T08:00:00+08:00', end: '2024-05-09' }, context)).toEqual({ start: '2024', end: '2024' });
    expect(maskValue('birth-year', { value: 45, unit: 'a' }, context)).toBeUndefined();
    expect(maskValue('birth-year', 1990, context)).toBeUndefined();
  });
});

describe('keep-last-4', () => {
  it.each([
    ['MRN20240001', '*******0001'],
    ['00012345', '****2345'],
    ['1234567', '*******'],
    ['1234', '****'],
    ['病案号二〇二四〇〇〇一', '*******〇〇〇一'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskKeepLast4(input)).toBe(expected);
    expect(maskValue('keep-last-4', input, context)).toBe(expected);
  });

  it('masks every Identifier of an array', () => {
    expect(maskValue('keep-last-4', [{ system: MRN_SYSTEM, value: 'MRN20240001' }, { system: 'urn:visit', value: 'V202405010007' }], context)).toEqual([
      { system: MRN_SYSTEM, value: '*******0001' },
      { system: 'urn:visit', value: '*********0007' },
    ]);
  });
});

describe('redact', () => {
  it('replaces any string, even an empty one, and drops every other JSON type', () => {
    expect(maskValue('redact', '患者自述', context)).toBe('***');
    expect(maskValue('redact', '', context)).toBe('***');
    expect(maskValue('redact', ['a', 'b'], context)).toEqual(['***', '***']);
    expect(maskValue('redact', { system: MRN_SYSTEM, value: 'MRN20240001' }, context)).toBeUndefined();
    expect(maskValue('redact', [{ text: 'note' }], context)).toBeUndefined();
    expect(maskValue('redact', 42, context)).toBeUndefined();
    expect(maskValue('redact', true, context)).toBeUndefined();
    expect(maskValue('redact', null, context)).toBeUndefined();
    expect(maskValue('redact', undefined, context)).toBeUndefined();
  });
});

describe('pseudonym', () => {
  it('keeps the reference type and pseudonymises Type/id, whatever the base URL or version', () => {
    const pseudonym = `Patient/${hmac('Patient/123')}`;
    expect(pseudonymiseReference('Patient/123', context)).toBe(pseudonym);
    expect(pseudonymiseReference('https://fhir.example.org/r4/Patient/123', context)).toBe(pseudonym);
    expect(pseudonymiseReference('Patient/123/_history/4', context)).toBe(pseudonym);
    expect(pseudonymiseReference('Practitioner/123', context)).not.toBe(`Practitioner/${hmac('Patient/123')}`);
    expect(maskValue('pseudonym', 'Patient/123', context)).toBe(pseudonym);
  });

  it('pseudonymises non-reference strings whole and leaves contained references alone', () => {
    expect(maskValue('pseudonym', 'urn:uuid:5b0a6f1e-0000-4000-8000-000000000001', context)).toBe(hmac('urn:uuid:5b0a6f1e-0000-4000-8000-000000000001'));
    expect(maskValue('pseudonym', 'MRN20240001', context)).toBe(hmac('MRN20240001'));
    expect(maskValue('pseudonym', '#contained-1', context)).toBe('#contained-1');
  });

  it('masks a Reference: reference and logical identifier pseudonymised, display masked as a name', () => {
    expect(maskValue('pseudonym', { reference: 'Patient/123', type: 'Patient', display: '张三', extension: [{ url: 'x', valueString: 'y' }] }, context)).toEqual({
      type: 'Patient',
      reference: `Patient/${hmac('Patient/123')}`,
      display: '张*',
    });
    expect(maskValue('pseudonym', { identifier: { system: MRN_SYSTEM, value: 'MRN20240001' } }, context)).toEqual({ identifier: { system: MRN_SYSTEM, value: hmac('MRN20240001') } });
    expect(maskValue('pseudonym', [{ reference: 'Practitioner/d1' }, { reference: 'Practitioner/d2' }], context)).toEqual([
      { reference: `Practitioner/${hmac('Practitioner/d1')}` },
      { reference: `Practitioner/${hmac('Practitioner/d2')}` },
    ]);
  });

  it('drops what it cannot pseudonymise', () => {
    expect(maskValue('pseudonym', { family: '张', given: ['三'] }, context)).toBeUndefined();
    expect(maskValue('pseudonym', 123, context)).toBeUndefined();
  });
});

describe('maskValue', () => {
  it('returns undefined for undefined and null under every strategy', () => {
    for (const strategy of MASKING_STRATEGIES) {
      expect(maskValue(strategy, undefined, context)).toBeUndefined();
      expect(maskValue(strategy, null, context)).toBeUndefined();
    }
  });

  it('drops objects the strategy does not know, rather than passing them through', () => {
    const attachment = { contentType: 'text/plain', data: '5L2P6Zmi6K6w5b2V' };
    for (const strategy of MASKING_STRATEGIES) expect(maskValue(strategy, attachment, context), strategy).toBeUndefined();
    expect(maskValue('phone', { text: '张三' }, context)).toBeUndefined();
    expect(maskValue('name', { city: '广州市' }, context)).toBeUndefined();
  });

  it('pseudonymises a Reference under any strategy but redact', () => {
    expect(maskValue('name', { reference: 'Patient/123', display: '张三' }, context)).toEqual({ reference: `Patient/${hmac('Patient/123')}`, display: '张*' });
    expect(maskValue('redact', { reference: 'Patient/123' }, context)).toBeUndefined();
  });

  it('never modifies its input', () => {
    const name = Object.freeze({ text: '张三', given: Object.freeze(['三']) });
    expect(maskValue('name', name, context)).toEqual({ text: '张*', given: ['*'] });
    expect(name).toEqual({ text: '张三', given: ['三'] });
  });
});

describe('strategyFor and DEFAULT_MASKING_RULES', () => {
  const field = (name: string, type: CatalogField['type'], identifierKind: CatalogField['identifierKind']) => ({ name, type, identifierKind });

  it('gives the conventional mask to named fields', () => {
    expect(strategyFor(field('name', 'string', 'direct'))).toBe('name');
    expect(strategyFor(field('emergencyContactName', 'string', 'direct'))).toBe('name');
    expect(strategyFor(field('idNumber', 'identifier', 'direct'))).toBe('id-number');
    expect(strategyFor(field('phone', 'string', 'direct'))).toBe('phone');
    expect(strategyFor(field('address', 'string', 'quasi'))).toBe('address');
    expect(strategyFor(field('birthDate', 'date', 'quasi'))).toBe('birth-year');
    expect(strategyFor(field('mrn', 'identifier', 'direct'))).toBe('keep-last-4');
  });

  it('falls back by type and identifier kind', () => {
    expect(strategyFor(field('patient', 'reference', 'direct'))).toBe('pseudonym');
    expect(strategyFor(field('staffId', 'identifier', 'direct'))).toBe('redact');
    expect(strategyFor(field('onset', 'datetime', 'quasi'))).toBe('birth-year');
    expect(strategyFor(field('billablePeriod', 'period', 'quasi'))).toBe('birth-year');
    expect(strategyFor(field('encounter', 'reference', 'quasi'))).toBe('redact');
    expect(strategyFor(field('conclusion', 'text', 'quasi'))).toBe('redact');
    expect(strategyFor(field('code', 'code', 'none'))).toBeUndefined();
  });

  it('picks the first matching rule, requiring every condition of a rule', () => {
    const rules: MaskingRule[] = [
      { match: { fieldName: 'phone', identifierKind: 'quasi' }, strategy: 'redact' },
      { match: { fieldType: 'string' }, strategy: 'keep-last-4' },
      { match: {}, strategy: 'redact' },
    ];
    expect(strategyFor(field('phone', 'string', 'direct'), rules)).toBe('keep-last-4');
    expect(strategyFor(field('phone', 'string', 'quasi'), rules)).toBe('redact');
    expect(strategyFor(field('gender', 'code', 'none'), rules)).toBe('redact');
    expect(strategyFor(field('name', 'string', 'direct'), [])).toBeUndefined();
  });

  it('covers every identifying field of the built-in catalog, and no other', () => {
    for (const resource of BUILTIN_CATALOG) {
      for (const catalogField of resource.fields) {
        const strategy = strategyFor(catalogField);
        if (catalogField.identifierKind === 'none') expect(strategy, `${resource.code}.${catalogField.name}`).toBeUndefined();
        else expect(isMaskingStrategy(strategy), `${resource.code}.${catalogField.name}`).toBe(true);
      }
    }
  });

  it('pseudonymises every patient link of the built-in catalog', () => {
    const links = BUILTIN_CATALOG.flatMap((resource) => resource.fields.filter((catalogField) => catalogField.name === 'patient'));
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(strategyFor(link)).toBe('pseudonym');
  });

  it('is plain data that survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_MASKING_RULES))).toEqual(DEFAULT_MASKING_RULES);
    for (const rule of DEFAULT_MASKING_RULES) expect(isMaskingStrategy(rule.strategy)).toBe(true);
  });

  it('recognises strategy names', () => {
    expect(isMaskingStrategy('phone')).toBe(true);
    expect(isMaskingStrategy('Phone')).toBe(false);
    expect(isMaskingStrategy(undefined)).toBe(false);
  });
});

describe('masking a projected resource', () => {
  it('projects the patient fields, then masks each one by its rule', () => {
    const patientInfo = BUILTIN_CATALOG.find((resource) => resource.code === 'CLIN_PATIENT');
    const fields = (patientInfo?.fields ?? []).filter((catalogField) => ['mrn', 'idNumber', 'name', 'phone', 'address', 'birthDate'].includes(catalogField.name));
    expect(fields).toHaveLength(6);
    const resource: FhirResource = {
      resourceType: 'Patient',
      id: 'p1',
      identifier: [
        { system: RESIDENT_ID_CARD_SYSTEM, value: '110101199003071234' },
        { system: MRN_SYSTEM, value: 'MRN20240001' },
      ],
      name: [{ text: '张三', family: '张', given: ['三'] }],
      telecom: [
        { system: 'phone', value: '13812345678' },
        { system: 'email', value: 'zhangsan@example.com' },
      ],
      gender: 'male',
      birthDate: '1990-03-07',
      address: [{ text: '广东省广州市天河区体育西路1号', line: ['体育西路1号'], city: '广州市', district: '天河区', state: '广东省' }],
    };
    let masked = project(resource, fields.map((catalogField) => catalogField.fhirPath));
    for (const catalogField of fields) {
      const strategy = strategyFor(catalogField);
      if (!strategy) throw new Error(`no strategy for ${catalogField.name}`);
      masked = rewrite(masked, locate(masked, catalogField.fhirPath), (node) => maskValue(strategy, node, context));
    }
    expect(masked).toEqual({
      resourceType: 'Patient',
      id: 'p1',
      identifier: [
        { system: RESIDENT_ID_CARD_SYSTEM, value: '110***********1234' },
        { system: MRN_SYSTEM, value: '*******0001' },
      ],
      name: [{ text: '张*', family: '张', given: ['*'] }],
      telecom: [{ system: 'phone', value: '138****5678' }],
      birthDate: '1990',
      address: [{ state: '广东省', city: '广州市', district: '天河区', text: '广东省广州市天河区' }],
    });
  });
});
