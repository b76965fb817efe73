import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_FHIR_TYPES } from '../../catalog/index.js';
import { DEMO_DEPARTMENTS } from '../hospital.js';
import { DEFAULT_START, LEVEL5, LEVEL5_CODES, WINDOW_DAYS, generateHospitalData, generateHospitalNdjson, residentIdCheckCharacter, type FhirResource } from './index.js';

type Json = Record<string, unknown>;

/**
 * An independent ISO 7064 MOD 11-2 check: weights are derived as 2^(n-1) mod 11 counting from the
 * right (not copied from the generator's table) and the check value c makes (Σ + c) ≡ 1 (mod 11).
 */
function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (2 ** (17 - i) % 11);
  const check = id[17] === 'X' ? 10 : Number(id[17]);
  return (sum + check) % 11 === 1;
}

const collect = (options: Parameters<typeof generateHospitalData>[0]): FhirResource[] => [...generateHospitalData(options)];

const ofType = (resources: FhirResource[], type: string) => resources.filter((r) => r.resourceType === type) as (FhirResource & Json)[];

/** Every `reference` string in a resource, wherever it sits. */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => referencesIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') out.push(child);
      else referencesIn(child, out);
    }
  }
  return out;
}

/** Every dateTime/instant string (not plain dates) in a resource. */
function dateTimesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => dateTimesIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => dateTimesIn(v, out));
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) out.push(value);
  return out;
}

const codesOf = (concept: unknown): string[] => ((concept as { coding?: { code: string }[] } | undefined)?.coding ?? []).map((c) => c.code);

/** Which patient each resource belongs to, following subject/patient references. */
function patientOf(resource: Json): string | null {
  if (resource.resourceType === 'Patient') return `Patient/${String(resource.id)}`;
  const holder = (resource.subject ?? resource.patient) as { reference?: string } | undefined;
  return holder?.reference ?? null;
}

function isLevel5(resource: Json): boolean {
  const codes = [...codesOf(resource.code), ...codesOf(resource.type)];
  return ['Observation', 'DiagnosticReport', 'DocumentReference'].includes(String(resource.resourceType)) && codes.some((c) => LEVEL5_CODES.includes(c));
}

const REQUIRED: Record<string, string[]> = {
  Encounter: ['status', 'class', 'subject', 'period'],
  Condition: ['subject', 'code', 'clinicalStatus', 'verificationStatus'],
  Observation: ['status', 'code', 'subject', 'category', 'effectiveDateTime'],
  DiagnosticReport: ['status', 'code', 'subject', 'category', 'issued'],
  ImagingStudy: ['status', 'subject', 'modality', 'series'],
  Procedure: ['status', 'subject', 'code'],
  MedicationRequest: ['status', 'intent', 'subject', 'medicationCodeableConcept', 'dosageInstruction'],
  MedicationDispense: ['status', 'medicationCodeableConcept', 'subject', 'authorizingPrescription'],
  AllergyIntolerance: ['patient', 'clinicalStatus', 'verificationStatus'],
  DocumentReference: ['status', 'content', 'type', 'subject'],
  ChargeItem: ['status', 'code', 'subject', 'context'],
  Invoice: ['status', 'subject', 'lineItem', 'totalGross'],
  Claim: ['status', 'type', 'use', 'patient', 'created', 'provider', 'priority', 'insurance'],
  ExplanationOfBenefit: ['status', 'type', 'use', 'patient', 'created', 'insurer', 'provider', 'outcome', 'insurance'],
  Device: ['identifier', 'type', 'owner'],
  Patient: ['identifier', 'name', 'gender', 'birthDate', 'telecom', 'address'],
  Practitioner: ['identifier', 'name'],
  PractitionerRole: ['practitioner', 'code'],
};

const CLINICAL_TYPES = [
  'Encounter',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'ImagingStudy',
  'Procedure',
  'MedicationRequest',
  'MedicationDispense',
  'AllergyIntolerance',
  'DocumentReference',
  'ChargeItem',
  'Invoice',
  'Claim',
  'ExplanationOfBenefit',
];

describe('resident ID card numbers', () => {
  it('computes the GB 11643-1999 check character, including X', () => {
    // The standard's worked examples.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('440524188001010014')).toBe(true);
    expect(isValidResidentId('440524188001010015')).toBe(false);
  });
});

describe('generateHospitalData', () => {
  const small = collect({ patients: 200, seed: 7 });

  it('is deterministic: the same seed gives byte-identical NDJSON, another seed does not', () => {
    const ndjson = (seed: number) => [...generateHospitalNdjson({ patients: 50, seed })].map((line) => `${line}\n`).join('');
    const digest = (seed: number) => createHash('sha256').update(ndjson(seed)).digest('hex');
    const lines = [...generateHospitalNdjson({ patients: 50, seed: 42 })];
    expect(lines.every((line) => !line.includes('\n') && JSON.parse(line).resourceType)).toBe(true);
    expect(ndjson(42)).toBe(ndjson(42));
    expect(digest(42)).not.toBe(digest(43));
  });

  it('keeps earlier patients unchanged when more patients are generated', () => {
    const fewer = [...generateHospitalNdjson({ patients: 20, seed: 5 })];
    const more = [...generateHospitalNdjson({ patients: 30, seed: 5 })];
    expect(more.slice(0, fewer.length)).toEqual(fewer);
  });

  it('validates options when called, not on the first next()', () => {
    expect(() => generateHospitalData({ patients: -1 })).toThrow(RangeError);
    expect(() => generateHospitalData({ patients: 1.5 })).toThrow(RangeError);
    expect(() => generateHospitalData({ patients: 1, start: new Date('not a date') })).toThrow(RangeError);
  });

  it('emits every resource type the brief names, and only types the platform stores', () => {
    const types = new Set(small.map((r) => r.resourceType));
    for (const type of [...CLINICAL_TYPES, 'Patient', 'Practitioner', 'PractitionerRole', 'Device']) expect(types, type).toContain(type);
    for (const type of types) expect(SUPPORTED_FHIR_TYPES as readonly string[]).toContain(type);
  });

  it('puts resources in dependency order: every reference points at a resource already emitted', () => {
    const seen = new Set<string>();
    for (const resource of small) {
      for (const reference of referencesIn(resource)) expect(seen.has(reference), `${resource.resourceType}/${resource.id} → ${reference}`).toBe(true);
      seen.add(`${resource.resourceType}/${resource.id}`);
    }
  });

  it('gives every resource a unique FHIR id and a source business identifier', () => {
    const ids = new Set<string>();
    const business = new Set<string>();
    for (const resource of small) {
      expect(resource.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
      expect(ids.has(resource.id)).toBe(false);
      ids.add(resource.id);
      const identifiers = (resource.identifier ?? []) as { system: string; value: string }[];
      const source = identifiers.filter((i) => /^urn:yixiang:source:(his|lis|pacs|pharmacy|billing)$/.test(i.system));
      expect(source, `${resource.resourceType}/${resource.id}`).toHaveLength(1);
      const key = `${source[0]!.system}|${source[0]!.value}`;
      expect(business.has(key), key).toBe(false);
      business.add(key);
    }
  });

  it('meets the R4 required elements and carries the producing department', () => {
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const resource of small as Json[]) {
      const type = String(resource.resourceType);
      for (const element of REQUIRED[type] ?? []) {
        const value = resource[element];
        expect(value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0), `${type}.${element}`).toBe(true);
      }
      if (CLINICAL_TYPES.includes(type)) {
        const extension = (resource.extension as { url: string; valueCode: string }[]).find((e) => e.url === 'urn:yixiang:extension:department');
        expect(extension && departments.has(extension.valueCode), `${type} department`).toBe(true);
      }
    }
    const expectDept = (type: string, code: string, filter: (r: Json) => boolean = () => true) => {
      for (const r of ofType(small, type).filter(filter)) expect((r.extension as { valueCode: string }[])[0]!.valueCode, type).toBe(code);
    };
    const category = (r: Json) => codesOf((r.category as unknown[])[0]);
    expectDept('Observation', 'JYK', (r) => category(r).includes('laboratory'));
    expectDept('Observation', 'HLB', (r) => category(r).includes('vital-signs'));
    expectDept('DiagnosticReport', 'YXK', (r) => category(r).includes('RAD'));
    expectDept('ImagingStudy', 'YXK');
    expectDept('MedicationRequest', 'YJB');
    expectDept('MedicationDispense', 'YJB');
    for (const type of ['ChargeItem', 'Invoice', 'Claim', 'ExplanationOfBenefit']) expectDept(type, 'CWB');
  });

  it('keeps clinical times inside the 330-day window, in +08:00', () => {
    const start = DEFAULT_START.getTime();
    const end = start + WINDOW_DAYS * 86_400_000;
    for (const resource of small) {
      if (resource.resourceType === 'Practitioner' || resource.resourceType === 'PractitionerRole' || resource.resourceType === 'Device') continue;
      for (const value of dateTimesIn(resource)) {
        expect(value, value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        const ms = Date.parse(value);
        expect(ms >= start && ms <= end, `${resource.resourceType} ${value}`).toBe(true);
      }
    }
  });

  it('issues valid, unique resident ID numbers consistent with birth date and gender, and unique MRNs', () => {
    const patients = ofType(collect({ patients: 1000, seed: 11 }), 'Patient');
    const ids = new Set<string>();
    const mrns = new Set<string>();
    for (const patient of patients) {
      const identifiers = patient.identifier as { system: string; value: string }[];
      const id = identifiers.find((i) => i.system === 'urn:yixiang:id:resident-id-card')!.value;
      const mrn = identifiers.find((i) => i.system === 'urn:yixiang:mrn')!.value;
      expect(isValidResidentId(id), id).toBe(true);
      expect(id.slice(6, 14)).toBe(String(patient.birthDate).replaceAll('-', ''));
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(patient.gender);
      expect(mrn).toMatch(/^MRN\d{8}$/);
      ids.add(id);
      mrns.add(mrn);
    }
    expect(ids.size).toBe(patients.length);
    expect(mrns.size).toBe(patients.length);
  });

  it('gives patients Chinese names, mobile numbers and addresses with a district', () => {
    for (const patient of ofType(small, 'Patient')) {
      const name = (patient.name as { text: string; family: string; given: string[] }[])[0]!;
      expect(name.text).toBe(name.family + name.given.join(''));
      expect(name.text).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect((patient.telecom as { system: string; value: string }[])[0]).toMatchObject({ system: 'phone', value: expect.stringMatching(/^1[358]\d{9}$/) });
      const address = (patient.address as { district?: string; text: string }[])[0]!;
      expect(address.district).toBeTruthy();
      expect(address.text).toContain(address.district!);
    }
  });

  it('codes labs with LOINC, units and reference ranges, and diagnoses with ICD-10', () => {
    const labs = ofType(small, 'Observation').filter((r) => codesOf((r.category as unknown[])[0]).includes('laboratory') && r.valueQuantity);
    expect(labs.length).toBeGreaterThan(100);
    for (const lab of labs) {
      expect((lab.code as { coding: { system: string }[] }).coding[0]!.system).toBe('http://loinc.org');
      expect(lab.valueQuantity).toMatchObject({ system: 'http://unitsofmeasure.org', unit: expect.any(String), code: expect.any(String) });
      expect((lab.referenceRange as unknown[]).length).toBe(1);
    }
    for (const condition of ofType(small, 'Condition')) {
      const coding = (condition.code as { coding: { system: string; code: string }[]; text: string }).coding[0]!;
      expect(coding.system).toBe('http://hl7.org/fhir/sid/icd-10');
      expect(coding.code).toMatch(/^[A-Z]\d{2}(\.\d{1,2})?$/);
      expect((condition.code as { text: string }).text).toMatch(/[\u4e00-\u9fff]/);
    }
    const rad = ofType(small, 'DiagnosticReport').filter((r) => codesOf((r.category as unknown[])[0]).includes('RAD'));
    expect(rad.length).toBeGreaterThan(0);
    for (const report of rad) {
      expect(String(report.conclusion)).toMatch(/[\u4e00-\u9fff]/);
      expect((report.imagingStudy as unknown[]).length).toBe(1);
    }
  });

  it('stores notes as base64 Chinese plain text', () => {
    const documents = ofType(small, 'DocumentReference');
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      const attachment = (document.content as { attachment: { contentType: string; data: string } }[])[0]!.attachment;
      expect(attachment.contentType).toBe('text/plain; charset=utf-8');
      expect(Buffer.from(attachment.data, 'base64').toString('utf8')).toMatch(/[\u4e00-\u9fff]{4}/);
    }
  });

  it('bills in CNY with invoices that add up and insurance benefits no larger than the bill', () => {
    const fen = (money: unknown) => Math.round((money as { value: number; currency: string }).value * 100);
    for (const invoice of ofType(small, 'Invoice')) {
      expect((invoice.totalGross as { currency: string }).currency).toBe('CNY');
      const lines = (invoice.lineItem as { priceComponent: { amount: unknown }[] }[]).map((l) => fen(l.priceComponent[0]!.amount));
      expect(lines.reduce((a, b) => a + b, 0)).toBe(fen(invoice.totalGross));
    }
    for (const eob of ofType(small, 'ExplanationOfBenefit')) {
      const total = eob.total as { category: unknown; amount: unknown }[];
      const amount = (code: string) => fen(total.find((t) => codesOf(t.category).includes(code))!.amount);
      expect(amount('benefit')).toBeLessThanOrEqual(amount('submitted'));
      expect(fen((eob.payment as { amount: unknown }).amount)).toBe(amount('benefit'));
      const itemBenefits = (eob.item as { adjudication: { category: unknown; amount: unknown }[] }[]).map((i) => fen(i.adjudication.find((a) => codesOf(a.category).includes('benefit'))!.amount));
      expect(itemBenefits.reduce((a, b) => a + b, 0)).toBe(amount('benefit'));
    }
  });

  it('puts level-5 content (HIV, syphilis, psychiatric notes, genetic reports) in a few patients only', () => {
    const patients = ofType(small, 'Patient').length;
    const marked = new Set(small.filter((r) => isLevel5(r as Json)).map((r) => patientOf(r as Json)));
    expect(marked.size).toBeGreaterThan(0);
    expect(marked.size / patients).toBeLessThan(0.05);
    const codes = new Set(small.filter((r) => isLevel5(r as Json)).flatMap((r) => [...codesOf((r as Json).code), ...codesOf((r as Json).type)]));
    for (const code of [LEVEL5.hivPanel.loinc, LEVEL5.hivAntibody.loinc, LEVEL5.treponemalAntibody.loinc, LEVEL5.reaginRpr.loinc, LEVEL5.psychiatryNote.loinc, LEVEL5.geneticReport.loinc]) expect(codes, code).toContain(code);
    const hivPositive = ofType(small, 'Observation').filter((o) => codesOf(o.code).includes(LEVEL5.hivAntibody.loinc) && codesOf((o.interpretation as unknown[])[0]).includes('POS'));
    expect(hivPositive.length).toBeGreaterThan(0);
  });

  it('has an open 内科 admission with dr.wang or nurse.zhao on the care team', () => {
    const staffId = (username: string) =>
      ofType(small, 'Practitioner').find((p) => (p.identifier as { system: string; value: string }[]).some((i) => i.system === 'urn:yixiang:staff' && i.value === username))!.id;
    const wanted = new Set([`Practitioner/${staffId('dr.wang')}`, `Practitioner/${staffId('nurse.zhao')}`]);
    const open = ofType(small, 'Encounter').filter(
      (e) =>
        e.status === 'in-progress' &&
        (e.class as { code: string }).code === 'IMP' &&
        (e.period as { end?: string }).end === undefined &&
        (e.participant as { individual: { reference: string } }[]).some((p) => wanted.has(p.individual.reference)),
    );
    expect(open.length).toBeGreaterThan(0);
    expect((open[0]!.extension as { valueCode: string }[])[0]!.valueCode).toBe('NK');
  });

  it('has staff members who are also patients, with the same name and ID number', () => {
    const practitioners = new Map(
      ofType(small, 'Practitioner').flatMap((p) => {
        const id = (p.identifier as { system: string; value: string }[]).find((i) => i.system === 'urn:yixiang:id:resident-id-card');
        return id ? [[id.value, (p.name as { text: string }[])[0]!.text] as const] : [];
      }),
    );
    const colleagues = ofType(small, 'Patient').filter((patient) => {
      const id = (patient.identifier as { system: string; value: string }[]).find((i) => i.system === 'urn:yixiang:id:resident-id-card')!.value;
      return practitioners.get(id) === (patient.name as { text: string }[])[0]!.text;
    });
    expect(colleagues.length).toBeGreaterThan(0);
  });

  it('streams: the first records of a 100 000-patient run arrive without generating the rest', () => {
    const started = performance.now();
    const iterator = generateHospitalData({ patients: 100_000 });
    let taken = 0;
    for (const _ of iterator) if (++taken >= 5_000) break;
    expect(taken).toBe(5_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('generates 1000 patients quickly, 20–40 resources each on average', () => {
    const started = performance.now();
    const counts = new Map<string, number>();
    let total = 0;
    for (const resource of generateHospitalData({ patients: 1000, seed: 2026 })) {
      counts.set(resource.resourceType, (counts.get(resource.resourceType) ?? 0) + 1);
      total++;
    }
    const elapsed = performance.now() - started;
    console.log(`[clinical] 1000 patients → ${total} resources in ${elapsed.toFixed(0)} ms`, Object.fromEntries(counts));
    const perPatient = (total - (counts.get('Practitioner') ?? 0) - (counts.get('PractitionerRole') ?? 0) - (counts.get('Device') ?? 0)) / 1000;
    expect(perPatient).toBeGreaterThanOrEqual(20);
    expect(perPatient).toBeLessThanOrEqual(40);
    expect(counts.get('Device')).toBeGreaterThanOrEqual(55);
    expect(counts.get('Practitioner')).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(20_000);
  });
});
