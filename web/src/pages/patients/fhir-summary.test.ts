import { describe, expect, it } from 'vitest';
import type { CatalogField, FhirResource } from '../../api/types';
import {
  ageAt,
  conceptText,
  dayOf,
  demographics,
  elementMatches,
  groupByDay,
  maskedAt,
  moneyText,
  pathElements,
  quantityText,
  recordDate,
  recordDepartment,
  summarize,
  timeOf,
} from './fhir-summary';

const dept = (code: string) => [{ url: 'urn:yixiang:extension:department', valueCode: code }];
const loinc = (code: string, display: string, text?: string) => ({ coding: [{ system: 'http://loinc.org', code, display }], ...(text ? { text } : {}) });

const labResult: FhirResource = {
  resourceType: 'Observation',
  id: 'o-1',
  extension: dept('JYK'),
  status: 'final',
  code: loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '糖化血红蛋白'),
  effectiveDateTime: '2026-11-25T21:06:00+08:00',
  valueQuantity: { value: 8.8, unit: '%' },
  interpretation: [{ coding: [{ code: 'H', display: 'High' }] }],
  referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 6, unit: '%' } }],
};

const text = (summary: ReturnType<typeof summarize>) => [summary.title?.text, ...summary.details.map((d) => d.text)];

describe('summarize', () => {
  it('reads a lab result: test, value, flag and reference range', () => {
    expect(text(summarize(labResult))).toEqual(['糖化血红蛋白', '8.8 %', '↑', '4–6 %']);
    expect(summarize(labResult).details.map((d) => d.element)).toEqual(['valueQuantity', 'interpretation', 'referenceRange']);
  });

  it('reads a report by its conclusion', () => {
    const report: FhirResource = { resourceType: 'DiagnosticReport', code: loinc('24627-2', 'CT Chest', '胸部CT平扫'), conclusion: '右肺下叶炎症，请结合临床。' };
    expect(text(summarize(report))).toEqual(['胸部CT平扫', '右肺下叶炎症，请结合临床。']);
  });

  it('shows masked values exactly as returned', () => {
    const masked: FhirResource = { resourceType: 'DiagnosticReport', code: loinc('1988-5', 'C reactive protein'), conclusion: '***' };
    expect(text(summarize(masked))).toEqual(['C reactive protein', '***']);
  });

  it('reads encounters, diagnoses, prescriptions, notes and imaging', () => {
    const encounter: FhirResource = {
      resourceType: 'Encounter',
      class: { code: 'IMP', display: 'inpatient encounter' },
      type: [{ text: '住院' }],
      reasonCode: [{ text: '口干、多饮、多尿3个月' }],
      location: [{ location: { display: '内科1病区 31床' } }],
      period: { start: '2026-11-25T20:00:00+08:00' },
    };
    expect(text(summarize(encounter))).toEqual(['住院', '内科1病区 31床', '口干、多饮、多尿3个月']);
    const condition: FhirResource = { resourceType: 'Condition', code: { coding: [{ code: 'E11.9', display: 'Type 2 diabetes mellitus' }], text: '2型糖尿病' } };
    expect(text(summarize(condition))).toEqual(['2型糖尿病']);
    const request: FhirResource = {
      resourceType: 'MedicationRequest',
      medicationCodeableConcept: { coding: [{ code: 'A10BA02', display: 'metformin' }], text: '盐酸二甲双胍片 0.5g' },
      dosageInstruction: [{ text: '每次0.5g，每日3次，口服' }],
      dispenseRequest: { quantity: { value: 21, unit: '片' } },
    };
    expect(text(summarize(request))).toEqual(['盐酸二甲双胍片 0.5g', '每次0.5g，每日3次，口服', '21 片']);
    const note: FhirResource = { resourceType: 'DocumentReference', type: loinc('47039-3', 'Admission note', '入院记录'), content: [{ attachment: { title: '入院记录' } }] };
    expect(text(summarize(note))).toEqual(['入院记录']);
    const study: FhirResource = { resourceType: 'ImagingStudy', modality: [{ code: 'CT' }], procedureCode: [{ text: '胸部CT平扫' }] };
    expect(text(summarize(study))).toEqual(['胸部CT平扫', 'CT']);
  });

  it('reads bills in yuan', () => {
    const invoice: FhirResource = { resourceType: 'Invoice', type: { text: '住院结算' }, totalGross: { value: 1234.5, currency: 'CNY' } };
    expect(text(summarize(invoice))).toEqual(['住院结算', '¥1234.50']);
  });

  it('reads a panel through its components, and copes with a resource it barely knows', () => {
    const bp: FhirResource = {
      resourceType: 'Observation',
      code: { text: '血压' },
      component: [
        { code: { text: '收缩压' }, valueQuantity: { value: 132, unit: 'mmHg' } },
        { code: { text: '舒张压' }, valueQuantity: { value: 85, unit: 'mmHg' } },
      ],
    };
    expect(text(summarize(bp))).toEqual(['血压', '收缩压 132 mmHg，舒张压 85 mmHg']);
    expect(summarize({ resourceType: 'Device' })).toEqual({ title: null, details: [] });
  });
});

describe('element readers', () => {
  it('reads concepts, quantities and money', () => {
    expect(conceptText({ coding: [{ code: 'X', display: 'Shown' }] })).toBe('Shown');
    expect(conceptText([{ coding: [{ code: 'only-code' }] }])).toBe('only-code');
    expect(conceptText(undefined)).toBeNull();
    expect(quantityText({ value: 0.5, comparator: '<', unit: 'mg/L' })).toBe('<0.5 mg/L');
    expect(quantityText({ unit: 'g' })).toBeNull();
    expect(moneyText({ value: 12, currency: 'USD' })).toBe('12.00 USD');
  });

  it('finds the date element per type and the producing department', () => {
    expect(recordDate(labResult)).toEqual({ text: '2026-11-25T21:06:00+08:00', element: 'effectiveDateTime' });
    expect(recordDate({ resourceType: 'Encounter', period: { start: '2026-11-25' } })).toEqual({ text: '2026-11-25', element: 'period' });
    expect(recordDate({ resourceType: 'MedicationDispense', whenPrepared: '2026-11-25T08:00:00Z' })).toEqual({ text: '2026-11-25T08:00:00Z', element: 'whenPrepared' });
    expect(recordDate({ resourceType: 'Patient' })).toBeNull();
    expect(recordDepartment(labResult)).toBe('JYK');
    expect(recordDepartment({ resourceType: 'Observation' })).toBeNull();
  });
});

describe('demographics', () => {
  it('reads the header fields of a Patient, masked or not', () => {
    const patient: FhirResource = {
      resourceType: 'Patient',
      identifier: [
        { system: 'urn:yixiang:mrn', value: '*******7819' },
        { system: 'urn:yixiang:id:resident-id-card', value: '439***********0033' },
      ],
      name: [{ use: 'official', text: '黄**', family: '黄', given: ['**'] }],
      telecom: [{ system: 'phone', value: '132****1703' }],
      gender: 'male',
      birthDate: '1998',
      address: [{ state: '江南省', city: '江城市', district: '西城区' }],
    };
    expect(demographics(patient)).toEqual({
      name: '黄**',
      gender: 'male',
      birthDate: '1998',
      mrn: '*******7819',
      idNumber: '439***********0033',
      phone: '132****1703',
      address: '江南省江城市西城区',
    });
    expect(demographics({ resourceType: 'Patient', name: [{ family: '张', given: ['金', '凤'] }] }).name).toBe('张金凤');
  });
});

describe('masked elements', () => {
  const field = (name: string, fhirPath: string): CatalogField => ({ name, label: { zh: name, en: name }, type: 'string', level: 3, identifierKind: 'quasi', fhirPath });
  const fields = [
    field('collectedAt', 'DiagnosticReport.effective | Observation.effective'),
    field('conclusion', 'DiagnosticReport.conclusion'),
    field('mrn', "Patient.identifier.where(system='urn:yixiang:mrn').value"),
  ];

  it('names the first element of each branch that starts at the resource type', () => {
    expect(pathElements('DiagnosticReport.effective | Observation.effective', 'Observation')).toEqual(['effective']);
    expect(pathElements("Patient.identifier.where(system='x').value", 'Patient')).toEqual(['identifier']);
    expect(pathElements('DiagnosticReport.conclusion', 'Observation')).toEqual([]);
  });

  it('matches choice elements by their base name', () => {
    expect(elementMatches('effectiveDateTime', 'effective')).toBe(true);
    expect(elementMatches('effective', 'effective')).toBe(true);
    expect(elementMatches('valueQuantity', 'value')).toBe(true);
    expect(elementMatches('issued', 'issuer')).toBe(false);
    expect(elementMatches('periodic', 'period')).toBe(false);
  });

  it('finds which masked fields lie behind a displayed element', () => {
    const masked = [
      { field: 'collectedAt', strategy: 'birth-year', reason: 'outside-grant' },
      { field: 'conclusion', strategy: 'redact', reason: 'outside-grant' },
    ];
    expect(maskedAt('DiagnosticReport', 'effectiveDateTime', masked, fields).map((m) => m.field)).toEqual(['collectedAt']);
    expect(maskedAt('DiagnosticReport', 'conclusion', masked, fields).map((m) => m.field)).toEqual(['conclusion']);
    expect(maskedAt('DiagnosticReport', 'code', masked, fields)).toEqual([]);
    expect(maskedAt('DiagnosticReport', 'conclusion', masked, undefined)).toEqual([]);
  });
});

describe('days and times', () => {
  it('puts a record on its calendar day in the reader’s time zone', () => {
    expect(dayOf('2026-11-25T21:06:00+08:00', 'Asia/Shanghai')).toBe('2026-11-25');
    expect(dayOf('2026-11-25T21:06:00+08:00', 'UTC')).toBe('2026-11-25');
    expect(dayOf('2026-11-26T01:30:00+08:00', 'UTC')).toBe('2026-11-25');
  });

  it('keeps partial and unreadable dates as they are', () => {
    expect(dayOf('2026', 'UTC')).toBe('2026');
    expect(dayOf('2026-05', 'UTC')).toBe('2026-05');
    expect(dayOf('2026-05-12', 'UTC')).toBe('2026-05-12');
    expect(dayOf('not a date', 'UTC')).toBe('not a date');
    expect(dayOf(null)).toBeNull();
  });

  it('gives the time of day only for a full date-time', () => {
    expect(timeOf('2026-11-25T21:06:00+08:00', 'zh-CN', 'Asia/Shanghai')).toBe('21:06');
    expect(timeOf('2026-11-25', 'zh-CN', 'Asia/Shanghai')).toBeNull();
  });

  it('groups consecutive records of one day, newest first as given', () => {
    const groups = groupByDay(['2026-11-25 a', '2026-11-25 b', '2026-11-24 c', 'none d'], (item) => (item.startsWith('none') ? null : item.slice(0, 10)));
    expect(groups).toEqual([
      { day: '2026-11-25', items: ['2026-11-25 a', '2026-11-25 b'] },
      { day: '2026-11-24', items: ['2026-11-24 c'] },
      { day: null, items: ['none d'] },
    ]);
  });

  it('works out an age from a full birth date only', () => {
    const now = new Date(2026, 10, 25);
    expect(ageAt('1951-12-15', now)).toBe(74);
    expect(ageAt('1951-11-25', now)).toBe(75);
    expect(ageAt('1998', now)).toBeNull();
    expect(ageAt(null, now)).toBeNull();
  });
});
