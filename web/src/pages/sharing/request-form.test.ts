import { describe, expect, it } from 'vitest';
import type { CatalogField, PolicySetting, SharingPurpose } from '../../api/types';
import {
  addResource,
  compareFields,
  draftFromRequest,
  draftProblems,
  emptyDraft,
  extraFields,
  identificationAtLeast,
  necessaryFieldsOf,
  onlyNecessary,
  parsePatientIds,
  purposeTemplate,
  setJustification,
  sharingPurposesFrom,
  stepOfProblem,
  stepProblems,
  toDraftInput,
  toggleField,
  toShareForm,
  type WizardDraft,
} from './request-form';

const QC: SharingPurpose = {
  purpose: 'quality-control',
  categories: ['clinical', 'management'],
  necessaryFields: { CLIN_LAB_REPORT: ['testCode', 'collectedAt', 'resultQuantity', 'resultCode', 'interpretation'] },
  maxAccessDays: 90,
  patientScope: 'any',
};

const field = (name: string, level = 3): CatalogField => ({ name, label: { zh: name, en: name }, type: 'string', level: level as CatalogField['level'], identifierKind: 'none', fhirPath: `X.${name}` });
const LAB_FIELDS = ['patient', 'testCode', 'collectedAt', 'resultQuantity', 'resultCode', 'interpretation', 'performer'].map((n) => field(n));

function complete(): WizardDraft {
  let draft: WizardDraft = { ...emptyDraft('dept-nk'), title: '检验质控抽查', purpose: 'quality-control', legalBasis: 'legal-duty', patientIds: ['p-1', 'p-2'] };
  draft = addResource(draft, 'CLIN_LAB_REPORT', necessaryFieldsOf(QC, 'CLIN_LAB_REPORT'), LAB_FIELDS.map((f) => f.name));
  return draft;
}

describe('the wizard draft', () => {
  it('starts empty, addressed to the requester’s department, with the defaults of the form', () => {
    const draft = emptyDraft('dept-nk');
    expect(draft).toMatchObject({ recipientKind: 'department', recipientId: 'dept-nk', patientsKind: 'patients', accessDays: 30, channel: 'api', identification: 'identified', consentOnRecord: false });
    expect(draftProblems(draft)).toEqual(['title', 'purpose', 'legalBasis', 'resources', 'patientIds']);
  });

  it('ticks the purpose’s necessary fields when a resource is added, as far as the dictionary has them', () => {
    const draft = addResource(emptyDraft(), 'CLIN_LAB_REPORT', ['testCode', 'gone', 'collectedAt'], ['testCode', 'collectedAt']);
    expect(draft.resources).toEqual([{ catalogCode: 'CLIN_LAB_REPORT', fields: ['testCode', 'collectedAt'], justifications: {} }]);
    // Adding it again changes nothing; without a template nothing is ticked.
    expect(addResource(draft, 'CLIN_LAB_REPORT', null, [])).toBe(draft);
    expect(addResource(emptyDraft(), 'CLIN_IMAGING_REPORT', null, ['modality']).resources[0]!.fields).toEqual([]);
  });

  it('ticks and unticks fields, dropping the justification of an unticked one', () => {
    let draft = toggleField(complete(), 'CLIN_LAB_REPORT', 'performer', true);
    draft = setJustification(draft, 'CLIN_LAB_REPORT', 'performer', '核对检验人员');
    expect(draft.resources[0]!.fields.at(-1)).toBe('performer');
    expect(toggleField(draft, 'CLIN_LAB_REPORT', 'performer', true)).toEqual(draft);
    const unticked = toggleField(draft, 'CLIN_LAB_REPORT', 'performer', false);
    expect(unticked.resources[0]!.fields).not.toContain('performer');
    expect(unticked.resources[0]!.justifications).toEqual({});
  });

  it('keeps only the necessary fields in dictionary order', () => {
    let draft = toggleField(complete(), 'CLIN_LAB_REPORT', 'performer', true);
    draft = setJustification(draft, 'CLIN_LAB_REPORT', 'performer', 'x');
    const kept = onlyNecessary(draft, 'CLIN_LAB_REPORT', QC.necessaryFields.CLIN_LAB_REPORT!, LAB_FIELDS.map((f) => f.name));
    expect(kept.resources[0]).toEqual({ catalogCode: 'CLIN_LAB_REPORT', fields: ['testCode', 'collectedAt', 'resultQuantity', 'resultCode', 'interpretation'], justifications: {} });
  });

  it('names extra fields only against a template', () => {
    expect(extraFields(['testCode', 'performer'], ['testCode'])).toEqual(['performer']);
    expect(extraFields(['testCode', 'performer'], null)).toEqual([]);
  });

  it('reads patient ids from a pasted list', () => {
    expect(parsePatientIds(' p-1, p-2\np-3；p-1 \t p-4、p-5 ')).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
    expect(parsePatientIds('   ')).toEqual([]);
  });
});

describe('draft problems', () => {
  it('holds each step to its own problems and sends each problem back to its step', () => {
    const draft: WizardDraft = { ...emptyDraft(), legalBasis: 'other', patientIds: ['bad id!'], accessDays: 0 };
    expect(stepProblems(draft, 'basics')).toEqual(['title', 'recipient', 'purpose', 'legalBasisText']);
    expect(stepProblems(draft, 'resources')).toEqual(['resources']);
    expect(stepProblems(draft, 'scope')).toEqual(['patientIdInvalid', 'accessDays']);
    expect(stepProblems(draft, 'confirm')).toEqual([]);
    expect(stepOfProblem('accessDays')).toBe('scope');
    expect(stepOfProblem('fields')).toBe('resources');
    expect(stepOfProblem('title')).toBe('basics');
  });

  it('wants a field of every resource, a criterion and ordered periods', () => {
    const draft = toggleField(complete(), 'CLIN_LAB_REPORT', 'testCode', false);
    const none = ['collectedAt', 'resultQuantity', 'resultCode', 'interpretation'].reduce((d, f) => toggleField(d, 'CLIN_LAB_REPORT', f, false), draft);
    expect(draftProblems(none)).toEqual(['fields']);
    const criteria: WizardDraft = { ...complete(), patientsKind: 'criteria' };
    expect(draftProblems(criteria)).toEqual(['criteria']);
    expect(draftProblems({ ...criteria, criteria: { departmentCode: 'nk', from: null, to: null, diagnosisCode: '' } })).toEqual(['criteria']);
    expect(draftProblems({ ...criteria, criteria: { departmentCode: null, from: null, to: null, diagnosisCode: 'E11' } })).toEqual(['diagnosisCode']);
    expect(draftProblems({ ...criteria, criteria: { departmentCode: 'NK', from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', diagnosisCode: '' } })).toEqual(['criteriaRange']);
    expect(draftProblems({ ...complete(), dataFrom: '2026-02-01T00:00:00.000Z', dataTo: '2026-01-01T00:00:00.000Z' })).toEqual(['dataRange']);
    expect(draftProblems({ ...complete(), patientsKind: 'all' })).toEqual([]);
    expect(draftProblems({ ...complete(), accessDays: 3651 })).toEqual(['accessDays']);
    expect(draftProblems({ ...complete(), accessDays: 1.5 })).toEqual(['accessDays']);
  });
});

describe('toShareForm', () => {
  it('builds the API form, with justifications only where given', () => {
    let draft = toggleField(complete(), 'CLIN_LAB_REPORT', 'performer', true);
    draft = setJustification(draft, 'CLIN_LAB_REPORT', 'performer', '  核对检验人员  ');
    draft = setJustification(draft, 'CLIN_LAB_REPORT', 'testCode', '   ');
    const built = toShareForm(draft);
    expect(built).toEqual({
      form: {
        recipient: { kind: 'department', id: 'dept-nk' },
        resources: [
          {
            catalogCode: 'CLIN_LAB_REPORT',
            fields: [{ name: 'testCode' }, { name: 'collectedAt' }, { name: 'resultQuantity' }, { name: 'resultCode' }, { name: 'interpretation' }, { name: 'performer', justification: '核对检验人员' }],
          },
        ],
        purpose: 'quality-control',
        legalBasis: { kind: 'legal-duty' },
        patients: { kind: 'patients', patientIds: ['p-1', 'p-2'] },
        accessDays: 30,
        channel: 'api',
        identification: 'identified',
        consentOnRecord: false,
      },
    });
  });

  it('runs the pre-check without a title, and lets the pre-check judge a missing "other" text', () => {
    const untitled = { ...complete(), title: '', legalBasis: 'other' as const };
    expect('form' in toShareForm(untitled)).toBe(true);
    expect(toDraftInput(untitled)).toBeNull();
    expect(toDraftInput(complete())).toMatchObject({ title: '检验质控抽查', form: { purpose: 'quality-control' } });
  });

  it('says what is missing instead of building a form the API would refuse', () => {
    expect(toShareForm(emptyDraft())).toEqual({ missing: ['recipient', 'purpose', 'legalBasis', 'resources', 'patientIds'] });
  });

  it('sends only the criteria that are set, and all patients as such', () => {
    const criteria = toShareForm({ ...complete(), patientsKind: 'criteria', criteria: { departmentCode: 'NK', from: '2026-01-01T00:00:00.000Z', to: null, diagnosisCode: ' http://hl7.org/fhir/sid/icd-10|E11 ' } });
    expect(criteria).toMatchObject({ form: { patients: { kind: 'criteria', criteria: { departmentCode: 'NK', from: '2026-01-01T00:00:00.000Z', diagnosisCode: 'http://hl7.org/fhir/sid/icd-10|E11' } } } });
    expect('form' in criteria && 'to' in (criteria.form.patients as { criteria: object }).criteria).toBe(false);
    expect(toShareForm({ ...complete(), patientsKind: 'all', dataFrom: '2025-01-01T00:00:00.000Z' })).toMatchObject({ form: { patients: { kind: 'all' }, dataFrom: '2025-01-01T00:00:00.000Z' } });
  });

  it('round-trips a saved request back into the wizard', () => {
    let draft = toggleField(complete(), 'CLIN_LAB_REPORT', 'performer', true);
    draft = setJustification(draft, 'CLIN_LAB_REPORT', 'performer', '核对检验人员');
    draft = { ...draft, legalBasis: 'other', legalBasisText: '伦理批件 2026-01', consentOnRecord: true, identification: 'pseudonymised' };
    const input = toDraftInput(draft)!;
    expect(draftFromRequest(input)).toEqual(draft);
    const criteria = toDraftInput({ ...complete(), patientsKind: 'criteria', patientIds: [], criteria: { departmentCode: 'NK', from: null, to: null, diagnosisCode: '' } })!;
    expect(draftFromRequest(criteria)).toMatchObject({ patientsKind: 'criteria', patientIds: [], criteria: { departmentCode: 'NK', from: null, to: null, diagnosisCode: '' } });
  });
});

describe('purpose templates', () => {
  const setting = (value: unknown): PolicySetting => ({ key: 'sharing.purposes', description: { zh: '', en: '' }, value, version: 1, effectiveFrom: null, pending: null });

  it('reads the templates in force and skips malformed ones', () => {
    const purposes = sharingPurposesFrom([setting([QC, { purpose: 'broken' }, null])]);
    expect(purposes).toEqual([QC]);
    expect(sharingPurposesFrom([])).toEqual([]);
    expect(sharingPurposesFrom([setting('nope')])).toEqual([]);
  });

  it('finds the necessary fields of a resource, or none when the template is silent', () => {
    expect(necessaryFieldsOf(purposeTemplate([QC], 'quality-control'), 'CLIN_LAB_REPORT')).toEqual(QC.necessaryFields.CLIN_LAB_REPORT);
    expect(necessaryFieldsOf(purposeTemplate([QC], 'quality-control'), 'CLIN_IMAGING_REPORT')).toBeNull();
    expect(necessaryFieldsOf(purposeTemplate([QC], 'research'), 'CLIN_LAB_REPORT')).toBeNull();
    expect(purposeTemplate([QC], null)).toBeUndefined();
  });
});

describe('compareFields', () => {
  it('sets requested beside necessary fields, in dictionary order', () => {
    const rows = compareFields(LAB_FIELDS, [{ name: 'performer', justification: '核对' }, { name: 'testCode' }, { name: 'patient' }], ['testCode', 'collectedAt']);
    expect(rows.map((r) => [r.name, r.requested, r.necessary, r.verdict, r.justification])).toEqual([
      ['patient', true, false, 'extra', undefined],
      ['testCode', true, true, 'necessary', undefined],
      ['collectedAt', false, true, 'notRequested', undefined],
      ['performer', true, false, 'extra', '核对'],
    ]);
  });

  it('marks fields as merely requested without a template, and unknown names last', () => {
    const rows = compareFields(LAB_FIELDS, [{ name: 'ghost' }, { name: 'testCode' }], null);
    expect(rows.map((r) => [r.name, r.necessary, r.verdict])).toEqual([
      ['testCode', null, 'requested'],
      ['ghost', null, 'unknown'],
    ]);
    // Before the dictionary has loaded nothing is called unknown.
    expect(compareFields([], [{ name: 'testCode' }], ['testCode']).map((r) => r.verdict)).toEqual(['necessary']);
  });
});

describe('identificationAtLeast', () => {
  it('offers only levels at least as protective', () => {
    expect(identificationAtLeast('identified')).toEqual(['identified', 'pseudonymised', 'de-identified']);
    expect(identificationAtLeast('pseudonymised')).toEqual(['pseudonymised', 'de-identified']);
    expect(identificationAtLeast('de-identified')).toEqual(['de-identified']);
  });
});
