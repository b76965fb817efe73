import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { definitionProblems } from '../rules.js';
import { NewResourceBody } from '../schemas.js';
import type { CatalogResourceDefinition, LocalizedText } from '../types.js';
import { PATIENT_LINK_FIELD } from './fields.js';
import { BUILTIN_CATALOG } from './index.js';

const DEPARTMENT_CODES = ['YWB', 'HLB', 'CWB', 'YJB', 'JYK', 'YXK', 'XXK', 'SBK', 'NK', 'WK', 'EK', 'JZK'];
const CJK = /[\u3400-\u9fff]/;
const byCode = new Map(BUILTIN_CATALOG.map((resource) => [resource.code, resource]));
const each = (test: (resource: CatalogResourceDefinition) => void) => BUILTIN_CATALOG.forEach(test);

/** Every bilingual string of a resource, named so a failure says which one. */
function texts(resource: CatalogResourceDefinition): [string, LocalizedText][] {
  const own: [string, LocalizedText | null][] = [
    ['name', resource.name],
    ['description', resource.description],
    ['shareCondition', resource.shareCondition],
    ['legalBasis', resource.legalBasis],
  ];
  const fields = resource.fields.flatMap((field): [string, LocalizedText | undefined][] => [
    [`${field.name}.label`, field.label],
    [`${field.name}.description`, field.description],
  ]);
  return [...own, ...fields].filter((entry): entry is [string, LocalizedText] => !!entry[1]).map(([where, value]) => [`${resource.code}.${where}`, value]);
}

describe('built-in catalog: shape', () => {
  it('uses unique codes of the catalog code form', () => {
    const codes = BUILTIN_CATALOG.map((resource) => resource.code);
    expect(new Set(codes).size).toBe(codes.length);
    codes.forEach((code) => expect(code).toMatch(/^[A-Z][A-Z0-9_]{2,63}$/));
  });

  it('passes the API schema and the catalog rules, so seeding cannot be refused', () => {
    each((resource) => {
      expect(Value.Check(NewResourceBody, resource), resource.code).toBe(true);
      expect(definitionProblems(resource), resource.code).toEqual([]);
    });
  });

  it('is published FHIR R4 JSON', () => {
    each((resource) => {
      expect(resource.status).toBe('published');
      expect(resource.format).toBe('FHIR R4 JSON');
    });
  });

  it('names fields uniquely per resource, in lowerCamelCase', () => {
    each((resource) => {
      const names = resource.fields.map((field) => field.name);
      expect(new Set(names).size, resource.code).toBe(names.length);
      names.forEach((name) => expect(name).toMatch(/^[a-z][a-zA-Z0-9]*$/));
    });
  });

  it('writes every zh string with Chinese and keeps Chinese out of en strings', () => {
    each((resource) => {
      for (const [where, value] of texts(resource)) {
        expect(value.zh.trim(), where).not.toBe('');
        expect(value.en.trim(), where).not.toBe('');
        expect(value.zh, where).toMatch(CJK);
        expect(value.en, where).not.toMatch(CJK);
      }
    });
  });
});

describe('built-in catalog: policy 5.1 coverage', () => {
  const required: [string, string, CatalogResourceDefinition['category']][] = [
    ['patient basic information', 'CLIN_PATIENT', 'clinical'],
    ['medical records', 'CLIN_NOTE', 'clinical'],
    ['laboratory reports', 'CLIN_LAB_REPORT', 'clinical'],
    ['imaging reports', 'CLIN_IMAGING_REPORT', 'clinical'],
    ['treatment records', 'CLIN_PROCEDURE', 'clinical'],
    ['billing settlement', 'FIN_BILLING', 'financial'],
    ['reimbursement records', 'FIN_REIMBURSEMENT', 'financial'],
    ['personnel', 'MGMT_PERSONNEL', 'management'],
    ['equipment', 'MGMT_EQUIPMENT', 'management'],
  ];

  it.each(required)('has %s (%s) in the %s class', (_label, code, category) => {
    expect(byCode.get(code)?.category).toBe(category);
  });

  it('maps policy classes onto GB/T 39725 categories as COMPLIANCE.md A.1 says', () => {
    const allowed: Record<CatalogResourceDefinition['category'], string[]> = {
      clinical: ['health_status', 'medical_application', 'personal_attributes'],
      financial: ['medical_payment'],
      management: ['health_resources'],
    };
    each((resource) => expect(allowed[resource.category], resource.code).toContain(resource.gbCategory));
    expect(byCode.get('CLIN_PATIENT')?.gbCategory).toBe('personal_attributes');
  });

  it('names an owner from the department list, or the producing department with a department field', () => {
    each((resource) => {
      if (resource.ownerDepartmentCode === null) {
        expect(resource.fields.map((field) => field.name), resource.code).toContain('department');
      } else {
        expect(DEPARTMENT_CODES, resource.code).toContain(resource.ownerDepartmentCode);
      }
    });
  });
});

describe('built-in catalog: sensitivity', () => {
  it('keeps levels within 1–5 and sets the default level to the most sensitive field', () => {
    each((resource) => {
      const levels = resource.fields.map((field) => field.level);
      levels.forEach((level) => expect([1, 2, 3, 4, 5]).toContain(level));
      expect(resource.defaultLevel, resource.code).toBe(Math.max(...levels));
    });
  });

  it('links every patient record to its patient with a direct, level-4 reference', () => {
    const patientData = BUILTIN_CATALOG.filter((resource) => resource.category !== 'management' && resource.code !== 'CLIN_PATIENT');
    for (const resource of patientData) {
      const link = resource.fields.find((field) => field.name === PATIENT_LINK_FIELD);
      expect(link, resource.code).toMatchObject({ type: 'reference', identifierKind: 'direct', level: 4 });
      for (const type of resource.fhirResourceTypes) expect(link?.fhirPath, resource.code).toContain(`${type}.`);
    }
    const patient = byCode.get('CLIN_PATIENT')!;
    const direct = patient.fields.filter((field) => field.identifierKind === 'direct').map((field) => field.name);
    expect(direct).toEqual(expect.arrayContaining(['mrn', 'idNumber', 'name', 'phone']));
    expect(patient.fields.find((field) => field.name === 'idNumber')?.level).toBe(4);
    const quasi = patient.fields.filter((field) => field.identifierKind === 'quasi').map((field) => field.name);
    expect(quasi).toEqual(expect.arrayContaining(['birthDate', 'address', 'gender']));
  });

  it('keeps management data free of patient links', () => {
    BUILTIN_CATALOG.filter((resource) => resource.category === 'management').forEach((resource) =>
      expect(resource.fields.map((field) => field.name), resource.code).not.toContain(PATIENT_LINK_FIELD),
    );
  });

  it('shares unconditionally only public, non-identifying content', () => {
    const unconditional = BUILTIN_CATALOG.filter((resource) => resource.shareType === 'unconditional');
    expect(unconditional.map((resource) => resource.code)).toContain('MGMT_EQUIPMENT');
    unconditional.forEach((resource) =>
      resource.fields.forEach((field) => expect({ field: field.name, level: field.level, kind: field.identifierKind }).toEqual({ field: field.name, level: 1, kind: 'none' })),
    );
  });

  it('marks level-5 content and only level-5 content with a special category', () => {
    each((resource) => {
      expect(resource.specialCategory !== null, resource.code).toBe(resource.defaultLevel === 5);
    });
    expect(byCode.get('CLIN_INFECTIOUS_RESULT')?.specialCategory).toBe('infectious_disease');
    expect(byCode.get('CLIN_PSYCH_NOTE')?.specialCategory).toBe('psychiatric');
    expect(byCode.get('CLIN_GENETIC_TEST')?.specialCategory).toBe('genetic');
  });
});

describe('built-in catalog: share types', () => {
  it('sets a share condition exactly when conditional and a legal basis exactly when not shareable', () => {
    each((resource) => {
      expect(resource.shareCondition !== null, resource.code).toBe(resource.shareType === 'conditional');
      expect(resource.legalBasis !== null, resource.code).toBe(resource.shareType === 'not_shareable');
    });
  });

  it('requires separate consent (PIPL Art. 29) for shareable level-5 resources', () => {
    BUILTIN_CATALOG.filter((resource) => resource.specialCategory && resource.shareType === 'conditional').forEach((resource) => {
      expect(resource.shareCondition?.en, resource.code).toContain('separate consent');
      expect(resource.shareCondition?.en, resource.code).toContain('PIPL Art. 29');
    });
  });

  it('cites the Mental Health Law for psychiatric notes', () => {
    const psych = byCode.get('CLIN_PSYCH_NOTE')!;
    expect(psych.shareType).toBe('not_shareable');
    expect(psych.legalBasis?.en).toContain('Mental Health Law of the PRC, Art. 4');
  });
});
