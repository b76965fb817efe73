import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import { DEPARTMENT_EXTENSION, ETHNICITY_EXTENSION, MRN_SYSTEM, RESIDENT_ID_CARD_SYSTEM } from '../catalog/builtin/systems.js';
import type { FhirResource } from '../records/fhir-facts.js';
import { cloneJson, compilePath, FhirPathError, locate, project, rewrite, rewriteMatches, valueAt } from './projection.js';

/** Freezes the whole tree, so any mutation of an input throws in strict-mode modules. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const META = { versionId: '3', lastUpdated: '2024-05-01T08:00:00+08:00' };

const patient = (): FhirResource =>
  deepFreeze({
    resourceType: 'Patient',
    id: 'p1',
    meta: META,
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">张三 110101199003071234</div>' },
    extension: [
      { url: ETHNICITY_EXTENSION, valueCodeableConcept: { coding: [{ system: 'urn:gb:3304', code: '01', display: '汉族' }] } },
      { url: DEPARTMENT_EXTENSION, valueCode: 'NK' },
    ],
    identifier: [
      { system: RESIDENT_ID_CARD_SYSTEM, value: '110101199003071234', use: 'official' },
      { system: MRN_SYSTEM, value: 'MRN20240001', type: { text: '病案号' } },
    ],
    name: [{ use: 'official', text: '张三', family: '张', given: ['三'] }],
    telecom: [
      { system: 'email', value: 'zhangsan@example.com' },
      { system: 'phone', value: '13812345678', use: 'mobile' },
    ],
    gender: 'male',
    birthDate: '1990-03-07',
    _birthDate: { extension: [{ url: 'http://example.org/birth-time', valueDateTime: '1990-03-07T04:30:00+08:00' }] },
    address: [{ text: '广东省广州市天河区体育西路1号', city: '广州市', district: '天河区' }],
    contact: [
      { relationship: [{ text: '配偶' }], name: { text: '李四' }, telecom: [{ system: 'phone', value: '13900001111' }, { system: 'email', value: 'lisi@example.com' }] },
      { relationship: [{ text: '子女' }], telecom: [{ system: 'email', value: 'child@example.com' }] },
    ],
  });

describe('compilePath', () => {
  it('compiles elements, where filters, ofType and unions into branches', () => {
    expect(compilePath(`Patient.identifier.where(system='${MRN_SYSTEM}').value`)).toEqual({
      source: `Patient.identifier.where(system='${MRN_SYSTEM}').value`,
      branches: [
        {
          resourceType: 'Patient',
          steps: [
            { kind: 'element', name: 'identifier', ofType: null },
            { kind: 'where', key: 'system', value: MRN_SYSTEM },
            { kind: 'element', name: 'value', ofType: null },
          ],
        },
      ],
    });
    expect(compilePath('Observation.value.ofType(Quantity) | DiagnosticReport.conclusion').branches).toEqual([
      { resourceType: 'Observation', steps: [{ kind: 'element', name: 'value', ofType: 'Quantity' }] },
      { resourceType: 'DiagnosticReport', steps: [{ kind: 'element', name: 'conclusion', ofType: null }] },
    ]);
  });

  it('accepts a literal containing the union operator and spaces around "="', () => {
    expect(compilePath("Patient.identifier.where(system = 'a|b')").branches[0]?.steps[1]).toEqual({ kind: 'where', key: 'system', value: 'a|b' });
  });

  it('parses each string once and hands back the same frozen object', () => {
    const path = "Practitioner.telecom.where(system='phone').value";
    const compiled = compilePath(path);
    expect(compilePath(path)).toBe(compiled);
    expect(Object.isFrozen(compiled.branches[0]?.steps)).toBe(true);
  });

  it.each([
    ['Patient.name.first()', /function first\(\) is not supported/],
    ['Patient.identifier[0]', /unexpected "\["/],
    ["Patient.name.where(use='official' and text='x')", /only one element='literal' condition/],
    ['Patient.identifier.where(system="x")', /quoted string literal/],
    ["Patient.identifier.where(system='a\\'b')", /escape sequences/],
    ["Patient.identifier.where(system='x", /unterminated/],
    ['Patient.name.exists()', /exists\(\) is not supported/],
    ["Patient.gender = 'male'", /unexpected "="/],
    ['patient.name', /must start with a resource type/],
    ['Patient.Name', /not an element name/],
    ['Patient.name.', /expected an element name/],
    ['Patient.name |', /expected a resource type/],
    ['', /expected a resource type/],
    ['Observation.value.ofType(Quanity)', /ofType\(Quanity\) is not a FHIR R4 data type/],
    ['Observation.value.ofType(String)', /ofType\(String\) is not a FHIR R4 data type/],
    ['Observation.ofType(Quantity)', /must directly follow an element name/],
    ["Patient.identifier.where(system='x').ofType(Identifier)", /must directly follow an element name/],
  ])('rejects %s', (path, reason) => {
    expect(() => compilePath(path)).toThrow(FhirPathError);
    expect(() => compilePath(path)).toThrow(reason);
  });

  it('names the path and position in the error', () => {
    expect(() => compilePath('Patient.name.first()')).toThrow('Unsupported FHIRPath "Patient.name.first()" at position 13');
  });

  it('compiles every built-in catalog field, each branch starting from one of its resource types', () => {
    const fields = BUILTIN_CATALOG.flatMap((resource) => resource.fields.map((field) => ({ resource, field })));
    expect(fields.length).toBeGreaterThan(100);
    for (const { resource, field } of fields) {
      const compiled = compilePath(field.fhirPath);
      expect(compiled.branches.length, `${resource.code}.${field.name}`).toBe(field.fhirPath.split('|').length);
      for (const branch of compiled.branches) expect(resource.fhirResourceTypes, `${resource.code}.${field.name}`).toContain(branch.resourceType);
    }
  });
});

describe('locate', () => {
  it('finds the identifier value whose system matches, wherever it sits in the array', () => {
    const resource = patient();
    expect(locate(resource, `Patient.identifier.where(system='${MRN_SYSTEM}').value`)).toEqual([['identifier', 1, 'value']]);
    expect(locate(resource, `Patient.identifier.where(system='${RESIDENT_ID_CARD_SYSTEM}').value`)).toEqual([['identifier', 0, 'value']]);
    expect(locate(resource, "Patient.identifier.where(system='urn:other').value")).toEqual([]);
  });

  it('traverses nested arrays transparently', () => {
    expect(locate(patient(), "Patient.contact.telecom.where(system='phone').value")).toEqual([['contact', 0, 'telecom', 0, 'value']]);
    expect(locate(patient(), 'Patient.contact.telecom')).toEqual([
      ['contact', 0, 'telecom', 0],
      ['contact', 0, 'telecom', 1],
      ['contact', 1, 'telecom', 0],
    ]);
  });

  it('reaches a choice element by its base name, and only the named type through ofType', () => {
    const quantity: FhirResource = { resourceType: 'Observation', valueQuantity: { value: 5.6, unit: 'mmol/L' }, effectiveDateTime: '2024-05-01T08:00:00+08:00' };
    const text: FhirResource = { resourceType: 'Observation', valueString: '阴性', effectivePeriod: { start: '2024-05-01' } };
    expect(locate(quantity, 'Observation.value')).toEqual([['valueQuantity']]);
    expect(locate(text, 'Observation.value')).toEqual([['valueString']]);
    expect(locate(quantity, 'Observation.value.ofType(Quantity)')).toEqual([['valueQuantity']]);
    expect(locate(text, 'Observation.value.ofType(Quantity)')).toEqual([]);
    expect(locate(text, 'Observation.value.ofType(string)')).toEqual([['valueString']]);
    expect(locate(quantity, 'Observation.effective')).toEqual([['effectiveDateTime']]);
    expect(locate(text, 'Observation.effective')).toEqual([['effectivePeriod']]);
  });

  it('does not mistake a longer element name for a choice type', () => {
    const encounter: FhirResource = { resourceType: 'Encounter', classHistory: [{ class: { code: 'EMER' } }], class: { code: 'IMP' } };
    expect(locate(encounter, 'Encounter.class')).toEqual([['class']]);
    expect(locate({ resourceType: 'Encounter', classHistory: [{ class: { code: 'EMER' } }] }, 'Encounter.class')).toEqual([]);
    // preAuthRef and preAuthRefPeriod are two distinct R4 elements; the bare key settles it.
    expect(locate({ resourceType: 'ExplanationOfBenefit', preAuthRef: ['A1'], preAuthRefPeriod: [{ start: '2024' }] }, 'ExplanationOfBenefit.preAuthRef')).toEqual([['preAuthRef', 0]]);
  });

  it('reads the department extension by url and value type', () => {
    expect(locate(patient(), `Patient.extension.where(url='${DEPARTMENT_EXTENSION}').value.ofType(code)`)).toEqual([['extension', 1, 'valueCode']]);
    expect(locate(patient(), `Patient.extension.where(url='${ETHNICITY_EXTENSION}').value`)).toEqual([['extension', 0, 'valueCodeableConcept']]);
  });

  it('applies only the branches of the resource type, and de-duplicates repeated branches', () => {
    const dispense: FhirResource = { resourceType: 'MedicationDispense', subject: { reference: 'Patient/p1' } };
    expect(locate(dispense, 'MedicationRequest.subject | MedicationDispense.subject')).toEqual([['subject']]);
    expect(locate(dispense, 'MedicationRequest.subject')).toEqual([]);
    expect(locate(dispense, 'MedicationDispense.subject | MedicationDispense.subject')).toEqual([['subject']]);
  });

  it('skips null placeholders of primitive arrays', () => {
    const resource: FhirResource = { resourceType: 'Patient', name: [{ given: [null, '三'], _given: [{ extension: [] }, null] }] };
    expect(locate(resource, 'Patient.name.given')).toEqual([['name', 0, 'given', 1]]);
  });

  it('returns the whole resource for a bare type', () => {
    expect(locate(patient(), 'Patient')).toEqual([[]]);
  });
});

describe('project', () => {
  it('keeps only the matched identifiers and phone, with their discriminators, resourceType, id and meta', () => {
    const input = patient();
    const before = structuredClone(input);
    const projected = project(input, [`Patient.identifier.where(system='${MRN_SYSTEM}').value`, compilePath("Patient.telecom.where(system='phone').value")]);
    expect(projected).toEqual({
      resourceType: 'Patient',
      id: 'p1',
      meta: META,
      identifier: [{ system: MRN_SYSTEM, value: 'MRN20240001' }],
      telecom: [{ system: 'phone', value: '13812345678' }],
    });
    // Element order follows the source: resourceType, id, meta first, as FHIR JSON writers do.
    expect(Object.keys(projected)).toEqual(['resourceType', 'id', 'meta', 'identifier', 'telecom']);
    expect(input).toEqual(before);
  });

  it('returns copies, not views of the input', () => {
    const input = structuredClone(patient());
    const projected = project(input, ['Patient.name']);
    (projected.name as { text: string }[])[0]!.text = 'changed';
    (projected.meta as { versionId: string }).versionId = 'changed';
    expect((input.name as { text: string }[])[0]!.text).toBe('张三');
    expect((input.meta as { versionId: string }).versionId).toBe('3');
  });

  it('leaves out narrative and the _element sibling of a matched primitive', () => {
    const projected = project(patient(), ['Patient.birthDate', 'Patient.gender']);
    expect(projected).toEqual({ resourceType: 'Patient', id: 'p1', meta: META, gender: 'male', birthDate: '1990-03-07' });
  });

  it('keeps a whole element when a broader path also matches a narrower one', () => {
    const projected = project(patient(), ['Patient.identifier', `Patient.identifier.where(system='${MRN_SYSTEM}').value`]);
    expect(projected.identifier).toEqual((patient().identifier as unknown[]).map((identifier) => structuredClone(identifier)));
  });

  it('keeps the extension url alongside the value', () => {
    const projected = project(patient(), [`Patient.extension.where(url='${DEPARTMENT_EXTENSION}').value.ofType(code)`]);
    expect(projected.extension).toEqual([{ url: DEPARTMENT_EXTENSION, valueCode: 'NK' }]);
  });

  it('compacts contact arrays, keeping the contacts that matched in order', () => {
    const projected = project(patient(), ["Patient.contact.telecom.where(system='phone').value", 'Patient.contact.relationship']);
    expect(projected.contact).toEqual([
      { relationship: [{ text: '配偶' }], telecom: [{ system: 'phone', value: '13900001111' }] },
      { relationship: [{ text: '子女' }] },
    ]);
  });

  it('projects Observation.value whatever its type, and value.ofType(Quantity) only when it is a Quantity', () => {
    const glucose: FhirResource = deepFreeze({
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
      subject: { reference: 'Patient/p1' },
      valueQuantity: { value: 5.6, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      interpretation: [{ coding: [{ code: 'N' }] }],
    });
    const hbsag: FhirResource = deepFreeze({ resourceType: 'Observation', id: 'o2', status: 'final', valueString: '阴性', subject: { reference: 'Patient/p1' } });
    expect(project(glucose, ['Observation.value'])).toEqual({ resourceType: 'Observation', id: 'o1', valueQuantity: glucose.valueQuantity });
    expect(project(hbsag, ['Observation.value'])).toEqual({ resourceType: 'Observation', id: 'o2', valueString: '阴性' });
    expect(project(hbsag, ['Observation.value.ofType(Quantity)'])).toEqual({ resourceType: 'Observation', id: 'o2' });
    expect(project(glucose, ['Observation.value.ofType(Quantity)', 'Observation.code'], ['status'])).toEqual({
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      code: glucose.code,
      valueQuantity: glucose.valueQuantity,
    });
  });

  it('projects Encounter participants and locations through their arrays', () => {
    const encounter: FhirResource = deepFreeze({
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { code: 'IMP' },
      subject: { reference: 'Patient/p1' },
      participant: [
        { type: [{ text: '主治医师' }], individual: { reference: 'Practitioner/d1', display: '王医生' } },
        { type: [{ text: '护士' }] },
        { type: [{ text: '住院医师' }], individual: { reference: 'Practitioner/d2' }, period: { start: '2024-05-01' } },
      ],
      location: [
        { location: { reference: 'Location/ward-3' }, status: 'completed' },
        { location: { reference: 'Location/bed-12' }, status: 'active' },
      ],
    });
    expect(project(encounter, ['Encounter.participant.individual', 'Encounter.location.location', 'Encounter.class'])).toEqual({
      resourceType: 'Encounter',
      id: 'e1',
      class: { code: 'IMP' },
      participant: [{ individual: { reference: 'Practitioner/d1', display: '王医生' } }, { individual: { reference: 'Practitioner/d2' } }],
      location: [{ location: { reference: 'Location/ward-3' } }, { location: { reference: 'Location/bed-12' } }],
    });
  });

  it('projects DocumentReference attachments without their formats', () => {
    const note: FhirResource = deepFreeze({
      resourceType: 'DocumentReference',
      id: 'd1',
      status: 'current',
      subject: { reference: 'Patient/p1' },
      content: [
        { attachment: { contentType: 'text/plain', data: '5L2P6Zmi6K6w5b2V' }, format: { code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient' } },
        { attachment: { contentType: 'application/pdf', url: 'Binary/b1' } },
      ],
      context: { encounter: [{ reference: 'Encounter/e1' }], practiceSetting: { text: '内科' } },
    });
    expect(project(note, ['DocumentReference.content.attachment', 'DocumentReference.context.practiceSetting'])).toEqual({
      resourceType: 'DocumentReference',
      id: 'd1',
      content: [{ attachment: { contentType: 'text/plain', data: '5L2P6Zmi6K6w5b2V' } }, { attachment: { contentType: 'application/pdf', url: 'Binary/b1' } }],
      context: { practiceSetting: { text: '内科' } },
    });
  });

  it('applies union paths to a MedicationDispense by its own branches', () => {
    const dispense: FhirResource = deepFreeze({
      resourceType: 'MedicationDispense',
      id: 'md1',
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      context: { reference: 'Encounter/e1' },
      performer: [{ actor: { reference: 'Practitioner/ph1' } }],
      whenHandedOver: '2024-05-02T10:00:00+08:00',
      note: [{ text: '饭后服用' }],
    });
    const paths = ['MedicationRequest.subject | MedicationDispense.subject', 'MedicationRequest.encounter | MedicationDispense.context', 'MedicationRequest.authoredOn'];
    expect(project(dispense, paths)).toEqual({ resourceType: 'MedicationDispense', id: 'md1', subject: { reference: 'Patient/p1' }, context: { reference: 'Encounter/e1' } });
  });

  it('keeps only the base elements when nothing matches, and tolerates a resource without id or meta', () => {
    expect(project(patient(), ['Observation.value'])).toEqual({ resourceType: 'Patient', id: 'p1', meta: META });
    expect(project({ resourceType: 'Basic' }, [])).toEqual({ resourceType: 'Basic' });
  });

  it('projects a bare type path to a full copy', () => {
    expect(project(patient(), ['Patient'])).toEqual(structuredClone(patient()));
  });

  it('throws on an unsupported path rather than projecting nothing', () => {
    expect(() => project(patient(), ['Patient.name.first()'])).toThrow(FhirPathError);
  });
});

describe('valueAt', () => {
  it('reads the node at a location, or undefined', () => {
    expect(valueAt(patient(), ['identifier', 1, 'value'])).toBe('MRN20240001');
    expect(valueAt(patient(), ['identifier', 5, 'value'])).toBeUndefined();
    expect(valueAt(patient(), ['identifier', 'value'])).toBeUndefined();
    expect(valueAt(patient(), ['gender', 0])).toBeUndefined();
    expect(valueAt(patient(), [])).toEqual(patient());
  });
});

describe('rewrite', () => {
  it('replaces the located nodes in a copy', () => {
    const input = patient();
    const out = rewrite(input, locate(input, "Patient.telecom.where(system='phone').value"), (node) => `masked:${String(node)}`);
    expect(out.telecom).toEqual([
      { system: 'email', value: 'zhangsan@example.com' },
      { system: 'phone', value: 'masked:13812345678', use: 'mobile' },
    ]);
    expect(out.name).toEqual(input.name);
    expect(out.name).not.toBe(input.name);
  });

  it('removes nodes replaced by undefined, compacting arrays and pruning emptied containers', () => {
    const input = patient();
    const out = rewrite(input, locate(input, 'Patient.contact.telecom'), () => undefined);
    expect(out.contact).toEqual([{ relationship: [{ text: '配偶' }], name: { text: '李四' } }, { relationship: [{ text: '子女' }] }]);
    const onlyTelecom = rewrite(project(input, ['Patient.contact.telecom']), locate(input, 'Patient.contact.telecom'), () => undefined);
    expect(onlyTelecom).toEqual({ resourceType: 'Patient', id: 'p1', meta: META });
  });

  it('visits only the outermost of nested locations', () => {
    const seen: unknown[] = [];
    const input = patient();
    rewrite(input, [['identifier', 0, 'value'], ['identifier', 0]], (node, location) => {
      seen.push(location);
      return node;
    });
    expect(seen).toEqual([['identifier', 0]]);
  });

  it('refuses to replace the resource itself', () => {
    expect(() => rewrite(patient(), [[]], () => undefined)).toThrow(/resource itself/);
  });
});

describe('rewriteMatches', () => {
  // The masking path applies it to a fresh projection; it must give exactly what rewrite gives.
  const everyElement = Object.keys(patient()).filter((key) => /^[a-z]/.test(key)).map((key) => `Patient.${key}`).join(' | ');
  const cases: [string, string, (node: unknown) => unknown][] = [
    ['a value in a filtered item', "Patient.telecom.where(system='phone').value", (node) => `masked:${String(node)}`],
    ['removals that empty items and containers', 'Patient.contact.telecom', () => undefined],
    ['every element removed', everyElement, () => undefined],
    ['nested matches of one path', `Patient.identifier.value | Patient.identifier.where(system='${MRN_SYSTEM}')`, (node) => (typeof node === 'string' ? '***' : undefined)],
    ['an array item removed from the front', "Patient.telecom.where(system='email')", () => undefined],
    ['a choice element of an extension', "Patient.extension.value", () => ({ text: 'masked' })],
    ['nothing matched', 'Patient.photo', () => undefined],
  ];
  for (const [name, path, replace] of cases) {
    it(`matches rewrite: ${name}`, () => {
      const input = patient();
      const locations = locate(input, path);
      const expected = rewrite(input, locations, replace);
      const actual = rewriteMatches(cloneJson(input) as FhirResource, path, replace);
      expect(JSON.stringify(actual.resource)).toBe(JSON.stringify(expected));
      // Nested matches are replaced once, at the outermost.
      expect(actual.replaced > 0).toBe(locations.length > 0);
    });
  }

  it('changes the resource it is given rather than copying it', () => {
    const copy = cloneJson(patient()) as FhirResource;
    const out = rewriteMatches(copy, 'Patient.gender', () => 'masked');
    expect(out.resource).toBe(copy);
    expect(copy.gender).toBe('masked');
  });

  it('refuses to replace the resource itself', () => {
    expect(() => rewriteMatches(cloneJson(patient()) as FhirResource, 'Patient', () => undefined)).toThrow(/resource itself/);
  });
});

describe('cloneJson', () => {
  it('copies parsed JSON deeply, as structuredClone does', () => {
    const input = patient();
    const copy = cloneJson(input);
    expect(copy).toEqual(structuredClone(input));
    expect(copy.contact).not.toBe(input.contact);
    expect(Object.isFrozen(copy)).toBe(false);
  });
});
