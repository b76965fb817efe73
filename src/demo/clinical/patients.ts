/**
 * One synthetic patient's records, in dependency order: the Patient, then each encounter with its
 * diagnoses, observations, reports, orders, notes and bills. Each patient draws from its own
 * seeded stream and id scope, so patient N's records do not change when more patients are asked
 * for, and nothing is kept once a patient's records have been yielded.
 */
import {
  ADJUDICATION,
  ADMIT_SOURCE,
  ALLERGY_CLINICAL,
  ALLERGY_VERIFICATION,
  ATC,
  CHARGE_ITEM_SYSTEM,
  CLAIM_TYPE,
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  CONDITION_VER_STATUS,
  DAY,
  DICOM_DCM,
  DICOM_UID_SYSTEM,
  DISCHARGE_DISPOSITION,
  ETHNICITY_EXTENSION,
  ETHNICITY_SYSTEM,
  ICD10,
  ICD9CM,
  INSURANCE_TYPE_SYSTEM,
  INVOICE_TYPE_SYSTEM,
  LOINC,
  MEDICAL_INSURANCE_SYSTEM,
  MINUTE,
  MRN_SYSTEM,
  OBSERVATION_CATEGORY,
  OCCUPATION_EXTENSION,
  OCCUPATION_SYSTEM,
  ORGANIZATION_SYSTEM,
  PROCESS_PRIORITY,
  RESIDENT_ID_CARD_SYSTEM,
  SNOMED,
  UCUM,
  V2_0074,
  V2_0131,
  V3_ACT_CODE,
  V3_ACT_PRIORITY,
  V3_INTERPRETATION,
  V3_MARITAL_STATUS,
  V3_PARTICIPATION_TYPE,
  coding,
  concept,
  date,
  dateTime,
  departmentExtension,
  money,
  quantity,
  ref,
  sourceIdentifier,
  type CodeableConcept,
  type FhirResource,
  type Origin,
  type Reference,
} from './fhir.js';
import {
  BIRTH_DATE_CLASSES,
  chineseName,
  ETHNICITIES,
  homeAddress,
  MARITAL,
  mobilePhone,
  OCCUPATIONS,
  PATIENT_PAIRS,
  REGIONS,
  residentIdNumber,
  type FhirAddress,
  type Gender,
  type PersonName,
} from './identity.js';
import { admissionNote, dischargeSummary, psychiatryConsultNote, visitNote, type NoteContext, type NoteVitals } from './notes.js';
import { hashInts, IdMint, Rng, type Weighted } from './random.js';
import { deptName, departmentRefOf, deviceRef, staffRef, type DeviceUnit, type Roster, type StaffMember } from './staff.js';
import {
  ALLERGIES,
  CHARGE_ITEMS,
  COMORBIDITIES,
  DRUGS,
  GENETIC_TESTS,
  HIV_SCREEN_PRICE_FEN,
  IMAGING_EXAMS,
  LAB_PANELS,
  LEVEL5,
  LEVEL5_DIAGNOSES,
  MODALITY_DEVICE,
  MODALITY_DISPLAY,
  NON_REACTIVE,
  PROCEDURES,
  REACTIVE,
  SCENARIOS,
  SYPHILIS_SCREEN_PRICE_FEN,
  UNIT_TEXT,
  VITALS,
  type AllergyDef,
  type ClinicalDept,
  type Drug,
  type DrugKey,
  type EncounterClass,
  type ImagingExam,
  type LabPanel,
  type LabTest,
  type ProcedureDef,
  type Scenario,
} from './terminology.js';

export interface World {
  seed: number;
  startMs: number;
  endMs: number;
  startYear: number;
  roster: Roster;
  devices: Map<string, DeviceUnit[]>;
  mrnBase: number;
}

// Deterministic placement of the special cases, independent of the seed so tests can rely on them.
/** Every 97th patient from the 4th is a staff member (while the staff pool lasts). */
export const STAFF_PATIENT_STRIDE = 97;
export const STAFF_PATIENT_OFFSET = 3;
/** Every 37th patient from the 12th carries level-5 content: 2.7 % of patients. */
export const LEVEL5_STRIDE = 37;
export const LEVEL5_OFFSET = 11;
/** Every 50th patient from the 2nd is in a 内科 bed right now, cared for by dr.wang and nurse.zhao. */
export const ANCHOR_STRIDE = 50;
export const ANCHOR_OFFSET = 1;

export type Level5Kind = 'hiv' | 'syphilis' | 'psychiatric' | 'genetic';
const LEVEL5_KINDS: readonly Level5Kind[] = ['hiv', 'syphilis', 'psychiatric', 'genetic'];

export function level5At(index: number): { kind: Level5Kind; ordinal: number } | null {
  if (index % LEVEL5_STRIDE !== LEVEL5_OFFSET) return null;
  const block = Math.floor(index / LEVEL5_STRIDE);
  return { kind: LEVEL5_KINDS[block % LEVEL5_KINDS.length]!, ordinal: Math.floor(block / LEVEL5_KINDS.length) };
}

export function staffPatientAt(index: number, roster: Roster): StaffMember | null {
  if (index % STAFF_PATIENT_STRIDE !== STAFF_PATIENT_OFFSET) return null;
  return roster.asPatients[Math.floor(index / STAFF_PATIENT_STRIDE)] ?? null;
}

const HOSPITAL: Reference = { type: 'Organization', identifier: { system: ORGANIZATION_SYSTEM, value: 'YIXIANG-DEMO' }, display: '医享示范医院' };
const PAYER: Reference = { type: 'Organization', identifier: { system: ORGANIZATION_SYSTEM, value: 'JC-MEDICAL-SECURITY' }, display: '江城市医疗保障局' };

const CLASS_DISPLAY: Record<EncounterClass, string> = { AMB: 'ambulatory', EMER: 'emergency', IMP: 'inpatient encounter' };
const CLASS_ZH: Record<EncounterClass, string> = { AMB: '普通门诊', EMER: '急诊', IMP: '住院' };

interface InsurancePlan {
  code: 'UEBMI' | 'URRBMI';
  zh: string;
  number: string;
  outpatientRatio: number;
  inpatientRatio: number;
  deductibleFen: number;
}

interface Person {
  name: PersonName;
  gender: Gender;
  birthDate: string;
  age: number;
  idCard: string;
  phone: string;
  region: (typeof REGIONS)[number];
}

interface PlannedEncounter {
  cls: EncounterClass;
  dept: ClinicalDept;
  scenario: Scenario;
  start: number;
  /** null while the patient is still in hospital at the end of the window. */
  end: number | null;
  doctor: StaffMember;
  seniorDoctor: StaffMember | null;
  nurse: StaffMember;
}

interface Billable {
  code: string;
  zh: string;
  fen: number;
  quantity: number;
  at: number;
  performer: string;
  services: Reference[];
}

interface EncounterState {
  plan: PlannedEncounter;
  encounter: FhirResource;
  encRef: Reference;
  /** Ordinary diagnoses: they go into notes and claims. */
  conditions: FhirResource[];
  /**
   * Level-5 diagnoses (HIV, syphilis, psychiatric). They stay out of ordinary notes and claims so
   * that special-category facts live only in records the catalog can route to level 5.
   */
  sensitive: FhirResource[];
  billables: Billable[];
  findings: string[];
  treatments: string[];
  operations: string[];
  vitals: NoteVitals;
}

const roundTo = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function* patientResources(index: number, world: World): Generator<FhirResource> {
  yield* new PatientBuilder(index, world).build();
}

class PatientBuilder {
  private readonly rng: Rng;
  private readonly mint: IdMint;
  private readonly mrn: string;
  private readonly person: Person;
  private readonly staffSelf: StaffMember | null;
  private readonly level5: { kind: Level5Kind; ordinal: number } | null;
  private readonly anchor: boolean;
  private readonly insurance: InsurancePlan | null;
  private readonly allergy: AllergyDef | null;
  private patientRef: Reference = {};
  private serial = 0;
  private orders = 0;

  constructor(
    private readonly index: number,
    private readonly world: World,
  ) {
    this.rng = new Rng(hashInts(world.seed, 0x50415449, index));
    this.mint = new IdMint(world.seed, index + 1);
    this.mrn = `MRN${String(world.mrnBase + index).padStart(8, '0')}`;
    this.staffSelf = staffPatientAt(index, world.roster);
    this.level5 = level5At(index);
    this.anchor = index % ANCHOR_STRIDE === ANCHOR_OFFSET;
    this.person = this.staffSelf ? this.personFromStaff(this.staffSelf) : this.newPerson();
    this.insurance = this.pickInsurance();
    this.allergy = this.rng.chance(0.12) ? this.rng.weighted(ALLERGIES) : null;
  }

  // -------------------------------------------------------------------------------------------
  // Identity

  private newPerson(): Person {
    const rng = this.rng;
    const gender: Gender = rng.chance(0.5) ? 'male' : 'female';
    // Anchors lie in a 内科 bed and level-5 work-ups (HIV, syphilis, psychiatry, genetics) are adult
    // pathways here, so both are drawn from adult ages.
    const band: readonly [number, number] = this.anchor
      ? [45, 85]
      : this.level5
        ? [18, 75]
        : rng.weighted<readonly [number, number]>([
            [[0, 13], 15],
            [[14, 39], 25],
            [[40, 64], 35],
            [[65, 92], 25],
          ]);
    const ageYears = rng.int(band[0], band[1]);
    // Born somewhere in the year before the window's start minus `age`, then nudged back onto a
    // residue class so (division, birth date, pair) stays unique without remembering issued numbers.
    const region = REGIONS[this.index % REGIONS.length]!;
    const q = Math.floor(this.index / REGIONS.length);
    const pair = 1 + (q % PATIENT_PAIRS);
    const dateClass = Math.floor(q / PATIENT_PAIRS) % BIRTH_DATE_CLASSES;
    let birthMs = this.world.startMs - ageYears * 365.25 * DAY - rng.int(1, 364) * DAY;
    const dayNumber = Math.floor((birthMs + 8 * 3_600_000) / DAY);
    birthMs -= (((dayNumber - dateClass) % BIRTH_DATE_CLASSES) + BIRTH_DATE_CLASSES) % BIRTH_DATE_CLASSES * DAY;
    const birthDate = date(birthMs);
    const realAge = this.ageAt(birthDate, this.world.startMs);
    return {
      name: chineseName(rng, gender, realAge),
      gender,
      birthDate,
      age: realAge,
      idCard: residentIdNumber(region.code, birthDate, pair, gender),
      phone: mobilePhone(rng),
      region,
    };
  }

  private personFromStaff(staff: StaffMember): Person {
    const birthDate = staff.birthDate ?? '1980-01-01';
    return {
      name: staff.name,
      gender: staff.gender === 'female' ? 'female' : 'male',
      birthDate,
      age: this.ageAt(birthDate, this.world.startMs),
      idCard: staff.idCard ?? '',
      phone: staff.phone,
      region: REGIONS[this.index % REGIONS.length]!,
    };
  }

  private ageAt(birthDate: string, atMs: number): number {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    const at = date(atMs);
    const [ay, am, ad] = at.split('-').map(Number) as [number, number, number];
    return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
  }

  private pickInsurance(): InsurancePlan | null {
    const rng = this.rng;
    if (rng.chance(0.07)) return null;
    const age = this.person.age;
    const employee = this.staffSelf !== null || (age >= 18 && (age < 60 ? rng.chance(0.62) : rng.chance(0.55)));
    const number = `${this.person.region.code}${rng.digits(10)}`;
    return employee
      ? { code: 'UEBMI', zh: '城镇职工基本医疗保险', number, outpatientRatio: 0.6, inpatientRatio: 0.85, deductibleFen: 80000 }
      : { code: 'URRBMI', zh: '城乡居民基本医疗保险', number, outpatientRatio: 0.5, inpatientRatio: 0.65, deductibleFen: 60000 };
  }

  // -------------------------------------------------------------------------------------------
  // Resource scaffolding

  /** resourceType, id, business identifier and producing department, in that key order. */
  private base(resourceType: string, origin: Origin, prefix: string, dept: string) {
    const id = this.mint.next();
    const value = `${prefix}${this.mrn.slice(3)}-${String(++this.serial).padStart(4, '0')}`;
    return { resourceType, id, identifier: [sourceIdentifier(origin, value)], extension: departmentExtension(dept) };
  }

  /** A moment between 09:00 and 17:00 China time on the day of `ms`. */
  private nextWorkingHour(ms: number): number {
    const dayStart = Math.floor((ms + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
    return dayStart + this.rng.int(9 * 60, 17 * 60) * MINUTE;
  }

  /** A planned moment, or null when it would fall after the end of the window (not happened yet). */
  private when(ms: number): number | null {
    return ms <= this.world.endMs ? Math.round(ms / 1000) * 1000 : null;
  }

  private pickStaff(candidates: Weighted<StaffMember>[] | undefined): StaffMember {
    const pool = (candidates ?? []).filter(([s]) => s.key !== this.staffSelf?.key);
    if (pool.length === 0) throw new Error('no staff available for a care team');
    return this.rng.weighted(pool);
  }

  private device(kind: string): DeviceUnit | null {
    const units = this.world.devices.get(kind);
    return units && units.length > 0 ? this.rng.pick(units) : null;
  }

  // -------------------------------------------------------------------------------------------
  // The record

  *build(): Generator<FhirResource> {
    const patient = this.patientResource();
    this.patientRef = ref(patient, this.person.name.text);
    yield patient;
    const plans = this.planEncounters();
    if (plans[0] && this.level5) this.forceLevel5Fit(plans[0]);
    for (let i = 0; i < plans.length; i++) yield* this.encounterResources(plans[i]!, i === 0);
  }

  private patientResource(): FhirResource {
    const rng = this.rng;
    const p = this.person;
    const ethnicity = rng.weighted(ETHNICITIES);
    const occupation = this.staffSelf
      ? OCCUPATIONS.medical
      : p.age < 7
        ? OCCUPATIONS.child
        : p.age < 22
          ? OCCUPATIONS.student
          : p.age >= 60 && rng.chance(0.8)
            ? OCCUPATIONS.retired
            : rng.pick(OCCUPATIONS.working);
    type Marital = (typeof MARITAL)[keyof typeof MARITAL];
    const marital: Marital =
      p.age < 20
        ? MARITAL.single
        : p.age < 30
          ? rng.weighted<Marital>([[MARITAL.single, 6], [MARITAL.married, 4]])
          : p.age < 60
            ? rng.weighted<Marital>([[MARITAL.married, 85], [MARITAL.divorced, 8], [MARITAL.single, 7]])
            : rng.weighted<Marital>([[MARITAL.married, 70], [MARITAL.widowed, 25], [MARITAL.divorced, 5]]);
    const contact = this.emergencyContact(marital.code);
    const address: FhirAddress = homeAddress(rng, p.region);
    return {
      resourceType: 'Patient',
      id: this.mint.next(),
      identifier: [
        { use: 'usual', type: concept([coding('http://terminology.hl7.org/CodeSystem/v2-0203', 'MR', 'Medical record number')], '病案号'), system: MRN_SYSTEM, value: this.mrn },
        { use: 'official', system: RESIDENT_ID_CARD_SYSTEM, value: p.idCard },
        sourceIdentifier('his', this.mrn),
      ],
      extension: [
        // The master patient index is kept by 医务部, which the catalog names as the owner.
        ...departmentExtension('YWB'),
        { url: ETHNICITY_EXTENSION, valueCoding: coding(ETHNICITY_SYSTEM, ethnicity.code, ethnicity.display) },
        { url: OCCUPATION_EXTENSION, valueCoding: coding(OCCUPATION_SYSTEM, occupation.code, occupation.display) },
      ],
      active: true,
      name: [{ use: 'official', text: p.name.text, family: p.name.family, given: [p.name.given] }],
      // Children have no phone of their own; the number on file is the guardian's.
      telecom: [{ system: 'phone', value: p.age < 14 ? contact.phone : p.phone, use: p.age < 14 ? 'home' : 'mobile' }],
      gender: p.gender,
      birthDate: p.birthDate,
      address: [address],
      maritalStatus: concept([coding(V3_MARITAL_STATUS, marital.code, marital.display)], marital.text),
      contact: [
        {
          relationship: [concept([coding(V2_0131, 'C', 'Emergency Contact')], contact.relation)],
          name: { text: contact.name.text, family: contact.name.family, given: [contact.name.given] },
          telecom: [{ system: 'phone', value: contact.phone, use: 'mobile' }],
        },
      ],
      managingOrganization: HOSPITAL,
    };
  }

  private emergencyContact(marital: string): { relation: string; name: PersonName; phone: string } {
    const rng = this.rng;
    const p = this.person;
    const phone = mobilePhone(rng);
    if (p.age < 18) {
      const father = rng.chance(0.5);
      const name = chineseName(rng, father ? 'male' : 'female', 38);
      // A father usually shares the child's surname; a mother usually keeps her own.
      const family = father ? p.name.family : name.family;
      return { relation: father ? '父亲' : '母亲', name: { text: family + name.given, family, given: name.given }, phone };
    }
    if (marital === 'M') {
      const spouse = chineseName(rng, p.gender === 'male' ? 'female' : 'male', p.age);
      return { relation: '配偶', name: spouse, phone };
    }
    if (p.age >= 55) {
      const childGender: Gender = rng.chance(0.5) ? 'male' : 'female';
      const name = chineseName(rng, childGender, p.age - 28);
      const family = childGender === 'male' || rng.chance(0.3) ? p.name.family : name.family;
      return { relation: childGender === 'male' ? '儿子' : '女儿', name: { text: family + name.given, family, given: name.given }, phone };
    }
    const parent = chineseName(rng, rng.chance(0.5) ? 'male' : 'female', p.age + 28);
    return { relation: '父母', name: parent, phone };
  }

  // -------------------------------------------------------------------------------------------
  // Planning

  private planEncounters(): PlannedEncounter[] {
    const rng = this.rng;
    const { startMs, endMs } = this.world;
    const count = rng.weighted<number>([[1, 66], [2, 26], [3, 8]]);
    const plans: PlannedEncounter[] = [];
    // The anchor's current admission sits at the very end; its earlier visits must finish before it.
    const anchorAdmit = this.anchor ? endMs - rng.int(1, 9) * DAY - rng.int(1, 20) * 3_600_000 : null;
    const limit = anchorAdmit !== null ? anchorAdmit - 20 * DAY : endMs;
    let t = startMs + rng.real(0, 0.97) * (limit - startMs);
    for (let i = 0; i < (this.anchor ? count - 1 : count) && t < limit; i++) {
      const plan = this.planOne(t, limit);
      plans.push(plan);
      if (plan.end === null) break;
      t = plan.end + rng.int(5, 90) * DAY + rng.int(0, 10) * 3_600_000;
    }
    if (anchorAdmit !== null) plans.push(this.planAnchor(anchorAdmit));
    return plans;
  }

  private planOne(start: number, limit: number): PlannedEncounter {
    const rng = this.rng;
    const age = this.person.age;
    let cls: EncounterClass = age < 14 ? rng.weighted<EncounterClass>([['AMB', 68], ['IMP', 12], ['EMER', 20]]) : rng.weighted<EncounterClass>([['AMB', 58], ['IMP', 24], ['EMER', 18]]);
    let dept: ClinicalDept = cls === 'EMER' ? 'JZK' : age < 14 ? 'EK' : rng.chance(0.55) ? 'NK' : 'WK';
    let candidates = this.scenariosFor(dept, cls);
    if (candidates.length === 0) {
      cls = 'AMB';
      dept = age < 14 ? 'EK' : 'NK';
      candidates = this.scenariosFor(dept, cls);
    }
    const scenario = rng.weighted(candidates);
    // Day-time clinic hours for outpatients; emergencies and admissions happen around the clock.
    const dayStart = Math.floor((start + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
    const begin = cls === 'AMB' ? dayStart + rng.int(8 * 60, 16 * 60 + 30) * MINUTE : start;
    let duration: number;
    if (cls === 'AMB') duration = rng.int(10, 40) * MINUTE;
    else if (cls === 'EMER') duration = scenario.procedures?.includes('ventilation') ? rng.int(24, 48) * 3_600_000 : rng.int(60, 360) * MINUTE;
    else {
      const [low, high] = scenario.stay ?? [3, 7];
      duration = rng.int(low, high) * DAY + rng.int(-6, 6) * 3_600_000;
    }
    let s = begin;
    let end: number | null = s + duration;
    if (end > limit) {
      if (cls === 'IMP' && limit === this.world.endMs) end = null;
      else {
        s = limit - duration - rng.int(1, 12) * 3_600_000;
        end = s + duration;
      }
    }
    if (s < this.world.startMs) {
      s = this.world.startMs + rng.int(1, 48) * 3_600_000;
      end = end === null ? null : s + duration;
    }
    const doctor = this.pickStaff(this.world.roster.doctors.get(dept));
    const seniors = (this.world.roster.doctors.get(dept) ?? []).filter(([d]) => d.key !== doctor.key && d.title.includes('主任'));
    return {
      cls,
      dept,
      scenario,
      start: s,
      end,
      doctor,
      seniorDoctor: cls === 'IMP' && seniors.length > 0 && rng.chance(0.7) ? this.pickStaff(seniors) : null,
      nurse: this.pickStaff(this.world.roster.nurses.get(dept)),
    };
  }

  private planAnchor(admit: number): PlannedEncounter {
    const candidates = this.scenariosFor('NK', 'IMP');
    const roster = this.world.roster;
    const wang = roster.byKey.get('dr.wang');
    const zhao = roster.byKey.get('nurse.zhao');
    if (!wang || !zhao) throw new Error('the demo roster must contain dr.wang and nurse.zhao');
    return { cls: 'IMP', dept: 'NK', scenario: this.rng.weighted(candidates), start: admit, end: null, doctor: wang, seniorDoctor: roster.byKey.get('head.internal') ?? null, nurse: zhao };
  }

  private scenariosFor(dept: ClinicalDept, cls: EncounterClass): Weighted<Scenario>[] {
    const age = this.person.age;
    const sex = this.person.gender;
    return SCENARIOS.filter((s) => s.dept === dept && s.classes.includes(cls) && age >= s.ages[0] && age <= s.ages[1] && (s.sex === undefined || s.sex === sex)).map((s) => [s, s.weight] as const);
  }

  /**
   * A psychiatric consultation is requested from a medical ward or clinic, not from 急诊 or the
   * surgical wards, so a psychiatric level-5 patient's first visit is moved to 内科.
   */
  private forceLevel5Fit(plan: PlannedEncounter): void {
    if (this.level5?.kind === 'psychiatric' && plan.dept !== 'NK' && this.person.age >= 14) {
      const nk = this.scenariosFor('NK', plan.cls === 'EMER' ? 'AMB' : plan.cls);
      if (nk.length > 0) {
        plan.dept = 'NK';
        if (plan.cls === 'EMER') plan.cls = 'AMB';
        plan.scenario = this.rng.weighted(nk);
        plan.doctor = this.pickStaff(this.world.roster.doctors.get('NK'));
        plan.seniorDoctor = null;
        plan.nurse = this.pickStaff(this.world.roster.nurses.get('NK'));
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // One encounter

  private *encounterResources(plan: PlannedEncounter, first: boolean): Generator<FhirResource> {
    const encounter = this.encounterResource(plan);
    yield encounter;
    const state: EncounterState = {
      plan,
      encounter,
      encRef: ref(encounter),
      conditions: [],
      sensitive: [],
      billables: [],
      findings: [],
      treatments: [],
      operations: [],
      vitals: { temperature: 36.6, heartRate: 76, respiratoryRate: 18 },
    };
    yield* this.conditions(state);
    if (first && this.allergy) yield this.allergyResource(state, this.allergy);
    yield* this.vitalSigns(state);
    yield* this.laboratory(state);
    if (first && (this.level5?.kind === 'hiv' || this.level5?.kind === 'syphilis')) yield* this.serology(state, this.level5.kind, this.level5.ordinal);
    if (first && this.level5?.kind === 'genetic') yield* this.geneticReport(state);
    yield* this.imaging(state);
    yield* this.procedures(state);
    yield* this.medications(state);
    if (first && this.level5?.kind === 'psychiatric') yield* this.psychiatry(state);
    yield* this.notes(state);
    yield* this.billing(state);
  }

  private encounterResource(plan: PlannedEncounter): FhirResource {
    const rng = this.rng;
    const participants = [
      { type: [concept([coding(V3_PARTICIPATION_TYPE, 'ATND', 'attender')], plan.cls === 'IMP' ? '主治医师' : '接诊医师')], individual: staffRef(plan.doctor) },
      ...(plan.seniorDoctor ? [{ type: [concept([coding(V3_PARTICIPATION_TYPE, 'PART', 'Participation')], '上级医师')], individual: staffRef(plan.seniorDoctor) }] : []),
      { type: [concept([coding(V3_PARTICIPATION_TYPE, 'PART', 'Participation')], plan.cls === 'IMP' ? '责任护士' : '分诊护士')], individual: staffRef(plan.nurse) },
    ];
    const finished = plan.end !== null;
    return {
      ...this.base('Encounter', 'his', plan.cls === 'IMP' ? 'ZY' : plan.cls === 'EMER' ? 'JZ' : 'MZ', plan.dept),
      status: finished ? 'finished' : 'in-progress',
      class: coding(V3_ACT_CODE, plan.cls, CLASS_DISPLAY[plan.cls]),
      type: [{ text: CLASS_ZH[plan.cls] }],
      ...(plan.cls === 'EMER' ? { priority: concept([coding(V3_ACT_PRIORITY, 'EM', 'emergency')], '急诊') } : {}),
      subject: this.patientRef,
      participant: participants.map((p) => ({ ...p, period: finished ? { start: dateTime(plan.start), end: dateTime(plan.end!) } : { start: dateTime(plan.start) } })),
      period: finished ? { start: dateTime(plan.start), end: dateTime(plan.end!) } : { start: dateTime(plan.start) },
      reasonCode: [{ text: plan.scenario.complaint }],
      ...(plan.cls === 'IMP'
        ? {
            hospitalization: {
              admitSource: rng.chance(0.7) ? concept([coding(ADMIT_SOURCE, 'outp', 'From outpatient department')], '门诊入院') : concept([coding(ADMIT_SOURCE, 'emd', 'From accident/emergency department')], '急诊入院'),
              ...(finished ? { dischargeDisposition: concept([coding(DISCHARGE_DISPOSITION, 'home', 'Home')], '出院回家') } : {}),
            },
            location: [{ location: { display: `${deptName(plan.dept)}${rng.int(1, 2)}病区 ${rng.int(1, 46)}床` }, status: finished ? 'completed' : 'active' }],
          }
        : {}),
      serviceProvider: departmentRefOf(plan.dept),
    };
  }

  private conditionResource(state: EncounterState, dx: { icd: string; display: string; zh: string }, options: { chronic: boolean; dept: string; recorder: StaffMember; at: number; provisional?: boolean }): FhirResource {
    const { plan } = state;
    const resolved = !options.chronic && plan.end !== null;
    return {
      ...this.base('Condition', 'his', 'DX', options.dept),
      clinicalStatus: concept([coding(CONDITION_CLINICAL, resolved ? 'resolved' : 'active', resolved ? 'Resolved' : 'Active')]),
      verificationStatus: concept([coding(CONDITION_VER_STATUS, options.provisional ? 'provisional' : 'confirmed', options.provisional ? 'Provisional' : 'Confirmed')]),
      category: [concept([coding(CONDITION_CATEGORY, 'encounter-diagnosis', 'Encounter Diagnosis')])],
      code: concept([coding(ICD10, dx.icd, dx.display)], dx.zh),
      subject: this.patientRef,
      encounter: state.encRef,
      ...(options.chronic ? {} : { onsetDateTime: dateTime(plan.start) }),
      ...(resolved ? { abatementDateTime: dateTime(plan.end!) } : {}),
      recordedDate: dateTime(options.at),
      recorder: staffRef(options.recorder),
    };
  }

  private *conditions(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const at = plan.start + 10 * MINUTE;
    const primary = this.conditionResource(state, plan.scenario, { chronic: !!plan.scenario.chronic, dept: plan.dept, recorder: plan.doctor, at });
    state.conditions.push(primary);
    yield primary;
    if (this.person.age >= 45 && this.rng.chance(0.3)) {
      const comorbidity = this.rng.pick(COMORBIDITIES.filter((c) => c.icd !== plan.scenario.icd));
      const extra = this.conditionResource(state, comorbidity, { chronic: true, dept: plan.dept, recorder: plan.doctor, at });
      state.conditions.push(extra);
      yield extra;
    }
  }

  private allergyResource(state: EncounterState, allergy: AllergyDef): FhirResource {
    const { plan } = state;
    return {
      ...this.base('AllergyIntolerance', 'his', 'AL', plan.dept),
      clinicalStatus: concept([coding(ALLERGY_CLINICAL, 'active', 'Active')]),
      verificationStatus: concept([coding(ALLERGY_VERIFICATION, 'confirmed', 'Confirmed')]),
      type: 'allergy',
      category: [allergy.category],
      criticality: allergy.reaction.includes('哮喘') ? 'high' : 'low',
      code: allergy.atc ? concept([coding(ATC, allergy.atc.code, allergy.atc.display)], allergy.zh) : { text: allergy.zh },
      patient: this.patientRef,
      encounter: state.encRef,
      recordedDate: dateTime(plan.start + 8 * MINUTE),
      recorder: staffRef(plan.doctor),
      reaction: [{ manifestation: [{ text: allergy.reaction }] }],
    };
  }

  // -------------------------------------------------------------------------------------------
  // Vital signs (nursing, 护理部)

  private *vitalSigns(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const rng = this.rng;
    const age = this.person.age;
    const times: number[] = [plan.start + rng.int(2, 12) * MINUTE];
    if (plan.cls === 'IMP') {
      const until = plan.end ?? this.world.endMs;
      const recheck = plan.start + rng.int(2, 3) * DAY + rng.int(0, 120) * MINUTE;
      if (recheck < until) times.push(recheck);
    }
    const full = plan.cls !== 'AMB';
    for (let round = 0; round < times.length; round++) {
      // Patients get better: fever, hypertension and hypoxia are what brought them in.
      const sick = round === 0;
      const fever = sick && !!plan.scenario.fever;
      const v: NoteVitals = {
        temperature: roundTo(fever ? clamp(rng.normal(38.7, 0.45), 37.8, 40.6) : clamp(rng.normal(36.6, 0.2), 36.0, 37.2), 1),
        heartRate: age < 14 ? rng.int(88, 128) : fever ? rng.int(92, 118) : rng.int(62, 94),
        respiratoryRate: age < 14 ? rng.int(20, 30) : sick && plan.scenario.hypoxic ? rng.int(24, 32) : rng.int(14, 20),
      };
      if (age >= 3) {
        const high = plan.scenario.hypertensive && sick;
        v.systolic = high ? rng.int(148, 186) : age >= 60 ? rng.int(118, 145) : age < 14 ? rng.int(90, 112) : rng.int(102, 132);
        v.diastolic = high ? rng.int(90, 112) : age < 14 ? rng.int(55, 72) : rng.int(62, 88);
      }
      if (round === 0) state.vitals = v;
      const stamp = this.when(times[round]!);
      if (stamp === null) continue;
      const spo2 = sick && plan.scenario.hypoxic ? rng.int(84, 91) : rng.int(95, 99);
      // Triage takes a full set; ward rounds recheck the essentials; clinics measure what matters.
      const wanted = round > 0 ? ['temp', 'hr', 'bp'] : full ? ['bp', 'hr', 'temp', 'rr', 'spo2'] : age < 14 ? ['temp', 'weight'] : plan.scenario.fever ? ['temp', 'bp'] : ['bp'];
      for (const kind of wanted) {
        const observation = this.vitalResource(state, kind, v, spo2, stamp);
        if (observation) yield observation;
      }
    }
  }

  private vitalResource(state: EncounterState, kind: string, v: NoteVitals, spo2: number, at: number): FhirResource | null {
    const common = (code: CodeableConcept) => ({
      ...this.base('Observation', 'his', 'VS', 'HLB'),
      status: 'final',
      category: [concept([coding(OBSERVATION_CATEGORY, 'vital-signs', 'Vital Signs')])],
      code,
      subject: this.patientRef,
      encounter: state.encRef,
      effectiveDateTime: dateTime(at),
      performer: [staffRef(state.plan.nurse)],
    });
    switch (kind) {
      case 'bp':
        if (v.systolic === undefined || v.diastolic === undefined) return null;
        return {
          ...common(concept([coding(LOINC, VITALS.panelBp.loinc, VITALS.panelBp.display)], VITALS.panelBp.zh)),
          component: [
            { code: concept([coding(LOINC, VITALS.systolic.loinc, VITALS.systolic.display)], '收缩压'), valueQuantity: quantity(v.systolic, 'mm[Hg]') },
            { code: concept([coding(LOINC, VITALS.diastolic.loinc, VITALS.diastolic.display)], '舒张压'), valueQuantity: quantity(v.diastolic, 'mm[Hg]') },
          ],
        };
      case 'hr':
        return { ...common(concept([coding(LOINC, VITALS.heartRate.loinc, VITALS.heartRate.display)], VITALS.heartRate.zh)), valueQuantity: quantity(v.heartRate, '/min') };
      case 'temp':
        return { ...common(concept([coding(LOINC, VITALS.temperature.loinc, VITALS.temperature.display)], VITALS.temperature.zh)), valueQuantity: quantity(v.temperature, 'Cel') };
      case 'rr':
        return { ...common(concept([coding(LOINC, VITALS.respiratoryRate.loinc, VITALS.respiratoryRate.display)], VITALS.respiratoryRate.zh)), valueQuantity: quantity(v.respiratoryRate, '/min') };
      case 'spo2':
        return {
          ...common(concept([coding(LOINC, VITALS.oxygenSaturation.loinc, VITALS.oxygenSaturation.display), coding(LOINC, VITALS.pulseOximetry.loinc, VITALS.pulseOximetry.display)], VITALS.oxygenSaturation.zh)),
          valueQuantity: quantity(spo2, '%'),
        };
      case 'weight': {
        const age = this.person.age;
        const kg = roundTo(age < 1 ? this.rng.real(3.5, 9.5) : (8 + age * 2.6) * this.rng.real(0.85, 1.2), 1);
        return { ...common(concept([coding(LOINC, VITALS.bodyWeight.loinc, VITALS.bodyWeight.display)], VITALS.bodyWeight.zh)), valueQuantity: quantity(kg, 'kg') };
      }
      default:
        return null;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Laboratory (检验科)

  private labValue(test: LabTest, flag: 'H' | 'L' | null): number {
    const rng = this.rng;
    const range = test.range(this.person.gender, this.person.age);
    let value: number;
    if (flag === 'H' && range.high !== undefined) {
      const [lo, hi] = test.highFactor ?? [1.1, 1.8];
      value = range.high * rng.real(lo, hi);
    } else if (flag === 'L' && range.low !== undefined) value = range.low * rng.real(0.6, 0.92);
    else if (range.low !== undefined && range.high !== undefined) {
      const width = range.high - range.low;
      value = clamp(rng.normal(range.low + width / 2, width / 5), range.low - width * 0.08, range.high + width * 0.08);
    } else if (range.high !== undefined) value = range.high * rng.real(0.35, 0.97);
    else value = (range.low ?? 1) * rng.real(1.05, 1.7);
    return roundTo(value, test.decimals);
  }

  private *laboratory(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    // Clinics order a couple of tests; admissions and the emergency room work the patient up fully.
    const panels = plan.cls === 'AMB' ? plan.scenario.labs.filter(() => this.rng.chance(0.65)).slice(0, 2) : plan.scenario.labs;
    for (const key of panels) yield* this.labPanel(state, LAB_PANELS[key], plan.start + this.rng.int(15, 75) * MINUTE, true);
    // A second blood count a few days into a longer stay shows the response to treatment.
    const stay = (plan.end ?? this.world.endMs) - plan.start;
    if (plan.cls === 'IMP' && panels.includes('cbc') && stay >= 5 * DAY && this.rng.chance(0.6)) yield* this.labPanel(state, LAB_PANELS.cbc, plan.start + this.rng.int(3, 4) * DAY, false);
  }

  private *labPanel(state: EncounterState, panel: LabPanel, collectedAt: number, sick: boolean): Generator<FhirResource> {
    const collected = this.when(collectedAt);
    const issued = this.when(collectedAt + this.rng.int(40, 240) * MINUTE);
    if (collected === null || issued === null) return;
    const { plan } = state;
    const tech = this.pickStaff(this.world.roster.lab);
    const analyser = this.device(panel.analyser);
    const order = this.orderReference('LAB');
    const observations: FhirResource[] = [];
    const abnormalNotes: string[] = [];
    for (const test of panel.tests) {
      const wanted = sick ? plan.scenario.abnormal?.[test.loinc] : undefined;
      const flag = wanted && this.rng.chance(0.85) ? wanted : null;
      const value = this.labValue(test, flag);
      const range = test.range(this.person.gender, this.person.age);
      const interpretation = range.high !== undefined && value > range.high ? 'H' : range.low !== undefined && value < range.low ? 'L' : 'N';
      if (interpretation !== 'N') abnormalNotes.push(`${test.zh}${interpretation === 'H' ? '↑' : '↓'} ${value}${UNIT_TEXT[test.unit] ?? test.unit}`);
      observations.push({
        ...this.base('Observation', 'lis', 'LR', 'JYK'),
        basedOn: [order],
        status: 'final',
        category: [concept([coding(OBSERVATION_CATEGORY, 'laboratory', 'Laboratory')])],
        code: concept([coding(LOINC, test.loinc, test.display)], test.zh),
        subject: this.patientRef,
        encounter: state.encRef,
        effectiveDateTime: dateTime(collected),
        issued: dateTime(issued),
        performer: [staffRef(tech)],
        valueQuantity: quantity(value, test.unit),
        interpretation: [concept([coding(V3_INTERPRETATION, interpretation, interpretation === 'H' ? 'High' : interpretation === 'L' ? 'Low' : 'Normal')])],
        referenceRange: [
          {
            ...(range.low !== undefined ? { low: quantity(range.low, test.unit) } : {}),
            ...(range.high !== undefined ? { high: quantity(range.high, test.unit) } : {}),
          },
        ],
        ...(analyser ? { device: deviceRef(analyser) } : {}),
      });
    }
    yield* observations;
    const report: FhirResource = {
      ...this.base('DiagnosticReport', 'lis', 'LB', 'JYK'),
      basedOn: [order],
      status: 'final',
      category: [concept([coding(V2_0074, 'LAB', 'Laboratory')], '检验')],
      code: concept([coding(LOINC, panel.loinc, panel.display)], panel.zh),
      subject: this.patientRef,
      encounter: state.encRef,
      effectiveDateTime: dateTime(collected),
      issued: dateTime(issued),
      performer: [staffRef(tech)],
      resultsInterpreter: [staffRef(this.world.roster.labHead)],
      result: observations.map((o) => ref(o)),
      conclusion: abnormalNotes.length > 0 ? abnormalNotes.join('；') : '所检项目均在参考范围内。',
    };
    yield report;
    if (abnormalNotes.length > 0) state.findings.push(panel.tests.length === 1 ? abnormalNotes.join('，') : `${panel.zh}：${abnormalNotes.join('，')}`);
    state.billables.push({ code: `${CHARGE_ITEMS.lab.code}-${panel.loinc}`, zh: `${CHARGE_ITEMS.lab.zh}：${panel.zh}`, fen: panel.priceFen, quantity: 1, at: collected, performer: 'JYK', services: [ref(report)] });
  }

  /** The HIS order (申请单) behind a report; orders are not stored resources, so this is logical. */
  private orderReference(kind: string): Reference {
    return { type: 'ServiceRequest', identifier: sourceIdentifier('his', `SQ-${kind}-${this.mrn.slice(3)}-${String(++this.orders).padStart(3, '0')}`) };
  }

  private *serology(state: EncounterState, kind: 'hiv' | 'syphilis', ordinal: number): Generator<FhirResource> {
    const { plan } = state;
    const collected = this.when(plan.start + this.rng.int(20, 90) * MINUTE);
    const issued = this.when(plan.start + this.rng.int(4, 20) * 3_600_000);
    if (collected === null || issued === null) return;
    const tech = this.pickStaff(this.world.roster.lab);
    const analyser = this.device('immunoassay-analyser');
    const order = this.orderReference('LAB');
    // Most screens are negative; every 4th HIV and every 3rd syphilis work-up is positive.
    const positive = kind === 'hiv' ? ordinal % 4 === 0 : ordinal % 3 === 0;
    const result = positive ? REACTIVE : NON_REACTIVE;
    const tests = kind === 'hiv' ? [[LEVEL5.hivAntibody, LEVEL5.hivPanel]] : [[LEVEL5.treponemalAntibody], [LEVEL5.reaginRpr]];
    const observations: FhirResource[] = tests.map((codes) => {
      const primary = codes[0]!;
      return {
        ...this.base('Observation', 'lis', 'LR', 'JYK'),
        basedOn: [order],
        status: 'final',
        category: [concept([coding(OBSERVATION_CATEGORY, 'laboratory', 'Laboratory')])],
        code: concept(codes.map((c) => coding(LOINC, c.loinc, c.display)), primary.zh),
        subject: this.patientRef,
        encounter: state.encRef,
        effectiveDateTime: dateTime(collected),
        issued: dateTime(issued),
        performer: [staffRef(tech)],
        valueCodeableConcept: concept([coding(SNOMED, result.code, result.display)], result.zh),
        interpretation: [concept([coding(V3_INTERPRETATION, positive ? 'POS' : 'NEG', positive ? 'Positive' : 'Negative')])],
        referenceRange: [{ text: '阴性' }],
        ...(analyser ? { device: deviceRef(analyser) } : {}),
      };
    });
    yield* observations;
    const reportCode =
      kind === 'hiv'
        ? concept([coding(LOINC, LEVEL5.hivPanel.loinc, LEVEL5.hivPanel.display)], LEVEL5.hivPanel.zh)
        : concept([coding(LOINC, LEVEL5.treponemalAntibody.loinc, LEVEL5.treponemalAntibody.display), coding(LOINC, LEVEL5.reaginRpr.loinc, LEVEL5.reaginRpr.display)], '梅毒血清学检测（TP-Ab + RPR）');
    const conclusion =
      kind === 'hiv'
        ? positive
          ? 'HIV-1/2抗体初筛有反应，已按规定送疾病预防控制中心确证，请结合临床。'
          : 'HIV-1/2抗体阴性。'
        : positive
          ? '梅毒螺旋体特异性抗体阳性，RPR阳性（1:4），提示现症梅毒感染，请结合临床。'
          : '梅毒螺旋体特异性抗体阴性，RPR阴性。';
    const report: FhirResource = {
      ...this.base('DiagnosticReport', 'lis', 'LB', 'JYK'),
      basedOn: [order],
      status: 'final',
      category: [concept([coding(V2_0074, 'LAB', 'Laboratory')], '检验')],
      code: reportCode,
      subject: this.patientRef,
      encounter: state.encRef,
      effectiveDateTime: dateTime(collected),
      issued: dateTime(issued),
      performer: [staffRef(tech)],
      resultsInterpreter: [staffRef(this.world.roster.labHead)],
      result: observations.map((o) => ref(o)),
      conclusion,
    };
    yield report;
    state.billables.push({
      code: `${CHARGE_ITEMS.lab.code}-${kind === 'hiv' ? LEVEL5.hivPanel.loinc : LEVEL5.treponemalAntibody.loinc}`,
      zh: `${CHARGE_ITEMS.lab.zh}：${kind === 'hiv' ? 'HIV抗体' : '梅毒血清学'}`,
      fen: kind === 'hiv' ? HIV_SCREEN_PRICE_FEN : SYPHILIS_SCREEN_PRICE_FEN,
      quantity: 1,
      at: collected,
      performer: 'JYK',
      services: [ref(report)],
    });
    if (positive) {
      const dx = kind === 'hiv' ? LEVEL5_DIAGNOSES.hiv : LEVEL5_DIAGNOSES.syphilis;
      const condition = this.conditionResource(state, dx, { chronic: true, dept: plan.dept, recorder: plan.doctor, at: issued, provisional: kind === 'hiv' });
      state.sensitive.push(condition);
      yield condition;
      if (kind === 'syphilis') yield* this.prescribe(state, 'benzathinePenicillin', issued + 30 * MINUTE, 1, [ref(condition)]);
    }
  }

  private *geneticReport(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const rng = this.rng;
    const collected = this.when(plan.start + rng.int(30, 120) * MINUTE);
    const issued = this.when(plan.start + rng.int(5, 14) * DAY);
    if (collected === null || issued === null) return;
    const tests = GENETIC_TESTS.filter((t) => !t.onlyFemale || this.person.gender === 'female');
    const test = rng.pick(tests);
    const report: FhirResource = {
      ...this.base('DiagnosticReport', 'lis', 'GE', 'JYK'),
      basedOn: [this.orderReference('GENE')],
      status: 'final',
      category: [concept([coding(V2_0074, 'GE', 'Genetics')], '基因检测')],
      code: concept([coding(LOINC, LEVEL5.geneticReport.loinc, LEVEL5.geneticReport.display)], test.zh),
      subject: this.patientRef,
      encounter: state.encRef,
      effectiveDateTime: dateTime(collected),
      issued: dateTime(issued),
      performer: [staffRef(this.world.roster.labHead)],
      resultsInterpreter: [staffRef(this.world.roster.labHead)],
      conclusion: rng.pick(test.findings),
    };
    yield report;
    state.billables.push({ code: `${CHARGE_ITEMS.lab.code}-${LEVEL5.geneticReport.loinc}`, zh: `${CHARGE_ITEMS.lab.zh}：${test.zh}`, fen: test.priceFen, quantity: 1, at: collected, performer: 'JYK', services: [ref(report)] });
  }

  // -------------------------------------------------------------------------------------------
  // Imaging (影像科)

  private *imaging(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const spec = plan.scenario.imaging;
    if (!spec) return;
    const probability = plan.cls === 'AMB' ? 0.6 : plan.cls === 'EMER' ? 0.85 : 0.95;
    if (!this.rng.chance(probability)) return;
    const exam: ImagingExam = IMAGING_EXAMS[spec.exam];
    const rng = this.rng;
    const started = this.when(plan.start + (plan.cls === 'IMP' ? rng.int(2, 20) * 60 : rng.int(20, 70)) * MINUTE);
    if (started === null) return;
    const issued = this.when(started + rng.int(30, 180) * MINUTE);
    const device = this.device(MODALITY_DEVICE[exam.modality]);
    const radiologist = this.pickStaff(this.world.roster.radiologists);
    const instances = rng.int(exam.instances[0], exam.instances[1]);
    const order = this.orderReference('RIS');
    const studyUid = this.dicomUid();
    const modality = coding(DICOM_DCM, exam.modality, MODALITY_DISPLAY[exam.modality]);
    const examConcept = concept([coding(LOINC, exam.loinc, exam.display)], exam.zh);
    const study: FhirResource = {
      ...this.base('ImagingStudy', 'pacs', 'IS', 'YXK'),
      status: 'available',
      modality: [modality],
      subject: this.patientRef,
      encounter: state.encRef,
      started: dateTime(started),
      basedOn: [order],
      referrer: staffRef(plan.doctor),
      numberOfSeries: 1,
      numberOfInstances: instances,
      procedureCode: [examConcept],
      description: exam.zh,
      series: [
        {
          uid: this.dicomUid(),
          number: 1,
          modality,
          description: exam.zh,
          numberOfInstances: instances,
          started: dateTime(started),
          ...(device ? { performer: [{ actor: deviceRef(device) }] } : {}),
        },
      ],
    };
    (study.identifier as unknown[]).push({ system: DICOM_UID_SYSTEM, value: `urn:oid:${studyUid}` });
    yield study;
    if (issued === null) return;
    const conclusion = `检查所见：${spec.finding}\n诊断意见：${spec.impression}`;
    const report: FhirResource = {
      ...this.base('DiagnosticReport', 'pacs', 'RP', 'YXK'),
      basedOn: [order],
      status: 'final',
      category: [concept([coding(V2_0074, 'RAD', 'Radiology')], '影像')],
      code: examConcept,
      subject: this.patientRef,
      encounter: state.encRef,
      effectiveDateTime: dateTime(started),
      issued: dateTime(issued),
      performer: [staffRef(radiologist)],
      resultsInterpreter: [staffRef(radiologist)],
      imagingStudy: [ref(study)],
      conclusion,
    };
    yield report;
    state.findings.push(`${exam.zh}示${spec.impression.replace(/[，。]?请结合临床[。]?$/, '').replace(/。$/, '')}`);
    state.billables.push({ code: `${CHARGE_ITEMS.imaging.code}-${spec.exam}`, zh: `${CHARGE_ITEMS.imaging.zh}：${exam.zh}`, fen: exam.priceFen, quantity: 1, at: started, performer: 'YXK', services: [ref(study), ref(report)] });
  }

  /** A DICOM UID under the 2.25 arc (a UUID as a decimal integer), as PS3.5 allows without a registered root. */
  private dicomUid(): string {
    const hex = this.mint.next().replaceAll('-', '');
    return `2.25.${BigInt(`0x${hex}`).toString()}`;
  }

  // -------------------------------------------------------------------------------------------
  // Procedures

  private *procedures(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const keys = plan.scenario.procedures ?? [];
    if (keys.length === 0) return;
    // Outpatient procedures (gastroscopy, reductions) are not done at every visit.
    if (plan.cls === 'AMB' && !this.rng.chance(0.5)) return;
    // Elective surgery is an inpatient matter; a clinic visit for gallstones books it for later.
    if (plan.cls === 'AMB' && keys.some((k) => ['cholecystectomy', 'herniaRepair', 'ptca'].includes(k))) return;
    const rng = this.rng;
    let t = plan.start + (plan.cls === 'IMP' ? rng.int(18, 40) * 60 : plan.cls === 'EMER' ? rng.int(15, 45) : rng.int(30, 90)) * MINUTE;
    for (const key of keys) {
      const def: ProcedureDef = PROCEDURES[key];
      const duration = rng.int(def.minutes[0], def.minutes[1]) * MINUTE;
      const start = this.when(t);
      const end = this.when(t + duration);
      if (start === null) return;
      const device = def.device ? this.device(def.device) : null;
      const assistant = this.pickStaff(this.world.roster.doctors.get(plan.dept));
      const procedure: FhirResource = {
        ...this.base('Procedure', 'his', 'OP', plan.dept),
        status: end === null ? 'in-progress' : 'completed',
        code: concept([coding(ICD9CM, def.code, def.display)], def.zh),
        subject: this.patientRef,
        encounter: state.encRef,
        performedPeriod: end === null ? { start: dateTime(start) } : { start: dateTime(start), end: dateTime(end) },
        recorder: staffRef(plan.doctor),
        performer: [
          { function: { text: plan.cls === 'IMP' ? '主刀医师' : '操作医师' }, actor: staffRef(plan.seniorDoctor ?? plan.doctor) },
          ...(assistant.key !== (plan.seniorDoctor ?? plan.doctor).key ? [{ function: { text: '助手' }, actor: staffRef(assistant) }] : []),
        ],
        reasonReference: [ref(state.conditions[0]!)],
        ...(device ? { focalDevice: [{ manipulated: deviceRef(device) }] } : {}),
      };
      yield procedure;
      state.operations.push(def.zh);
      state.billables.push({ code: `${CHARGE_ITEMS.procedure.code}-${def.code}`, zh: `${CHARGE_ITEMS.procedure.zh}：${def.zh}`, fen: def.priceFen, quantity: 1, at: start, performer: plan.dept, services: [ref(procedure)] });
      t += duration + rng.int(5, 30) * MINUTE;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Medication (药剂部)

  private *medications(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const rng = this.rng;
    let keys: DrugKey[] = plan.scenario.drugs.filter((k) => plan.cls === 'IMP' || !(DRUGS[k] as Drug).inpatientOnly);
    if (plan.cls !== 'IMP' && keys.length > 2) keys = keys.filter(() => rng.chance(0.7));
    keys = keys.slice(0, 3);
    const reason = state.conditions[0] ? [ref(state.conditions[0])] : [];
    for (const key of keys) yield* this.prescribe(state, key, plan.start + rng.int(15, 60) * MINUTE, null, reason);
  }

  private *prescribe(state: EncounterState, key: DrugKey, authoredAt: number, fixedDays: number | null, reason: Reference[]): Generator<FhirResource> {
    const { plan } = state;
    const rng = this.rng;
    const drug: Drug = DRUGS[key];
    const authored = this.when(authoredAt);
    if (authored === null) return;
    const stay = plan.end !== null ? Math.max(1, Math.round((plan.end - plan.start) / DAY)) : 7;
    const days = fixedDays ?? (plan.cls === 'IMP' ? stay : plan.scenario.chronic ? rng.pick([14, 28, 30]) : plan.cls === 'EMER' ? rng.int(1, 3) : rng.int(3, 7));
    const dosesPerDay = drug.perDay === 0 ? 3 : drug.perDay;
    const units = Math.max(1, Math.ceil(dosesPerDay * days * drug.unitsPerDose));
    const frequency = drug.perDay === 0 ? '必要时' : `每日${drug.perDay}次`;
    const doseText = `${drug.dose}${drug.doseUnit === 'ug' ? 'μg' : drug.doseUnit === 'mL' ? 'ml' : drug.doseUnit === '[iU]' ? 'IU' : drug.doseUnit === '10*6.[iU]' ? '×10⁶单位' : drug.doseUnit}`;
    const dosage = [
      {
        text: `每次${doseText}，${frequency}，${drug.route}`,
        ...(drug.perDay === 0 ? { asNeededBoolean: true } : { timing: { repeat: { frequency: drug.perDay, period: 1, periodUnit: 'd' } } }),
        route: { text: drug.route },
        doseAndRate: [{ doseQuantity: { value: drug.dose, unit: drug.doseUnit, system: UCUM, code: drug.doseUnit } }],
      },
    ];
    const medication = concept([coding(ATC, drug.atc, drug.display)], drug.zh);
    const finished = plan.end !== null;
    const request: FhirResource = {
      ...this.base('MedicationRequest', 'pharmacy', 'RX', 'YJB'),
      status: finished ? 'completed' : 'active',
      intent: 'order',
      medicationCodeableConcept: medication,
      subject: this.patientRef,
      encounter: state.encRef,
      authoredOn: dateTime(authored),
      requester: staffRef(plan.doctor),
      reasonReference: reason,
      dosageInstruction: dosage,
      dispenseRequest: { quantity: { value: units, unit: drug.packUnit }, expectedSupplyDuration: { value: days, unit: '天', system: UCUM, code: 'd' } },
    };
    yield request;
    state.treatments.push(drug.zh.replace(/\s.*$/, ''));
    const prepared = this.when(authored + rng.int(10, 40) * MINUTE);
    const handed = prepared === null ? null : this.when(prepared + rng.int(5, 30) * MINUTE);
    if (prepared === null || handed === null) return;
    const pharmacist = this.pickStaff(this.world.roster.pharmacists);
    const dispense: FhirResource = {
      ...this.base('MedicationDispense', 'pharmacy', 'FY', 'YJB'),
      status: 'completed',
      medicationCodeableConcept: medication,
      subject: this.patientRef,
      context: state.encRef,
      performer: [{ actor: staffRef(pharmacist) }],
      authorizingPrescription: [ref(request)],
      quantity: { value: units, unit: drug.packUnit },
      daysSupply: { value: days, unit: '天', system: UCUM, code: 'd' },
      whenPrepared: dateTime(prepared),
      whenHandedOver: dateTime(handed),
      dosageInstruction: dosage,
    };
    yield dispense;
    // The pharmacy bills one 西药费 line per visit, listing every dispense behind it.
    const drugs = state.billables.find((b) => b.code === CHARGE_ITEMS.drugs.code);
    if (drugs) {
      drugs.fen += units * drug.priceFenPerUnit;
      drugs.quantity += 1;
      drugs.services.push(ref(dispense));
    } else state.billables.push({ code: CHARGE_ITEMS.drugs.code, zh: CHARGE_ITEMS.drugs.zh, fen: units * drug.priceFenPerUnit, quantity: 1, at: handed, performer: 'YJB', services: [ref(dispense)] });
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  private noteContext(state: EncounterState, diagnoses: string[]): NoteContext {
    const { plan } = state;
    const comorbid = state.conditions.slice(1).map((c) => (c.code as CodeableConcept).text ?? '');
    return {
      patientName: this.person.name.text,
      genderZh: this.person.gender === 'male' ? '男' : '女',
      age: this.ageAt(this.person.birthDate, plan.start),
      deptZh: deptName(plan.dept),
      doctorName: plan.doctor.name.text,
      complaint: plan.scenario.complaint,
      history: plan.scenario.history,
      pastHistory: comorbid.length > 0 ? `有${comorbid.join('、')}病史` : '既往体健，否认高血压、糖尿病病史',
      allergyText: this.allergy ? `有${this.allergy.zh}过敏史（${this.allergy.reaction}）` : '否认药物及食物过敏史',
      vitals: state.vitals,
      diagnoses,
      findings: state.findings,
      treatments: state.treatments,
      operations: state.operations,
    };
  }

  private documentResource(state: EncounterState, type: CodeableConcept, title: string, text: string, at: number, author: StaffMember, dept: string): FhirResource {
    const { plan } = state;
    return {
      ...this.base('DocumentReference', 'his', 'DOC', dept),
      status: 'current',
      docStatus: 'final',
      type,
      subject: this.patientRef,
      date: dateTime(at),
      author: [staffRef(author)],
      description: title,
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'zh-CN', data: Buffer.from(text, 'utf8').toString('base64'), title, creation: dateTime(at) } }],
      context: {
        encounter: [state.encRef],
        period: plan.end !== null ? { start: dateTime(plan.start), end: dateTime(plan.end) } : { start: dateTime(plan.start) },
      },
    };
  }

  private *notes(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const diagnoses = state.conditions.map((c) => (c.code as CodeableConcept).text ?? '');
    const context = this.noteContext(state, diagnoses);
    if (plan.cls === 'IMP') {
      const written = this.when(plan.start + this.rng.int(2, 12) * 60 * MINUTE);
      if (written !== null) {
        yield this.documentResource(state, concept([coding(LOINC, '47039-3', 'Hospital Admission history and physical note')], '入院记录'), '入院记录', admissionNote({ ...context, findings: [] }, dateTime(written).slice(0, 16).replace('T', ' ')), written, plan.doctor, plan.dept);
      }
      if (plan.end !== null) {
        const days = Math.max(1, Math.round((plan.end - plan.start) / DAY));
        const text = dischargeSummary(context, date(plan.start), date(plan.end), days);
        yield this.documentResource(state, concept([coding(LOINC, '18842-5', 'Discharge summary')], '出院记录'), '出院记录', text, plan.end, plan.doctor, plan.dept);
      }
      return;
    }
    if (!this.rng.chance(0.6)) return;
    const written = this.when((plan.end ?? plan.start) - this.rng.int(1, 5) * MINUTE);
    if (written === null || written < plan.start) return;
    const emergency = plan.cls === 'EMER';
    const type = emergency ? concept([coding(LOINC, '15507-7', 'Emergency department Progress note')], '急诊病历') : concept([coding(LOINC, '34131-3', 'Outpatient Progress note')], '门诊病历');
    yield this.documentResource(state, type, emergency ? '急诊病历' : '门诊病历', visitNote(context, dateTime(written).slice(0, 16).replace('T', ' '), emergency), written, plan.doctor, plan.dept);
  }

  private *psychiatry(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    // Consultations happen in working hours: the next day for an admission, within the visit otherwise.
    const at = this.when(plan.cls === 'IMP' ? this.nextWorkingHour(plan.start + DAY) : plan.start + this.rng.int(10, 40) * MINUTE);
    if (at === null) return;
    const psychiatrist = this.world.roster.psychiatrist;
    const depressive = this.rng.chance(0.6);
    const dx = depressive ? LEVEL5_DIAGNOSES.depression : LEVEL5_DIAGNOSES.anxiety;
    const condition = this.conditionResource(state, dx, { chronic: true, dept: psychiatrist.dept ?? 'NK', recorder: psychiatrist, at });
    state.sensitive.push(condition);
    yield condition;
    const context = this.noteContext(state, state.conditions.map((c) => (c.code as CodeableConcept).text ?? ''));
    const text = psychiatryConsultNote(context, dateTime(at).slice(0, 16).replace('T', ' '), dx.zh, psychiatrist.name.text, depressive);
    const type = concept([coding(LOINC, LEVEL5.psychiatryNote.loinc, LEVEL5.psychiatryNote.display), coding(LOINC, LEVEL5.mentalHealthNote.loinc, LEVEL5.mentalHealthNote.display)], LEVEL5.psychiatryNote.zh);
    yield this.documentResource(state, type, LEVEL5.psychiatryNote.zh, text, at, psychiatrist, psychiatrist.dept ?? 'NK');
    state.billables.push({ code: CHARGE_ITEMS.psychConsult.code, zh: CHARGE_ITEMS.psychConsult.zh, fen: CHARGE_ITEMS.psychConsult.priceFen, quantity: 1, at, performer: psychiatrist.dept ?? 'NK', services: [] });
    yield* this.prescribe(state, 'sertraline', at + 20 * MINUTE, 28, [ref(condition)]);
  }

  // -------------------------------------------------------------------------------------------
  // Billing and medical insurance (财务部)

  private *billing(state: EncounterState): Generator<FhirResource> {
    const { plan } = state;
    const rng = this.rng;
    const finished = plan.end !== null;
    if (plan.cls === 'IMP') {
      const until = plan.end ?? this.world.endMs;
      const days = Math.max(1, Math.ceil((until - plan.start) / DAY));
      state.billables.unshift(
        { code: CHARGE_ITEMS.bed.code, zh: CHARGE_ITEMS.bed.zh, fen: CHARGE_ITEMS.bed.priceFen * days, quantity: days, at: plan.start, performer: plan.dept, services: [] },
        { code: CHARGE_ITEMS.nursing.code, zh: CHARGE_ITEMS.nursing.zh, fen: CHARGE_ITEMS.nursing.priceFen * days, quantity: days, at: plan.start, performer: 'HLB', services: [] },
      );
    } else {
      const consult = plan.cls === 'EMER' ? CHARGE_ITEMS.consultEmergency : CHARGE_ITEMS.consultOutpatient;
      state.billables.unshift({ code: consult.code, zh: consult.zh, fen: consult.priceFen, quantity: 1, at: plan.start, performer: plan.dept, services: [] });
    }
    const settledAt = finished ? this.when(plan.end! + rng.int(2, 30) * MINUTE) : null;
    const status = settledAt !== null ? 'billed' : 'billable';
    const cashier = this.pickStaff(this.world.roster.finance);
    const items: FhirResource[] = [];
    for (const b of state.billables) {
      const item: FhirResource = {
        ...this.base('ChargeItem', 'billing', 'CI', 'CWB'),
        status,
        code: concept([coding(CHARGE_ITEM_SYSTEM, b.code, b.zh)], b.zh),
        subject: this.patientRef,
        context: state.encRef,
        occurrenceDateTime: dateTime(b.at),
        performingOrganization: departmentRefOf(b.performer),
        requestingOrganization: departmentRefOf(plan.dept),
        quantity: { value: b.quantity },
        priceOverride: money(b.fen),
        enteredDate: dateTime(b.at),
        ...(b.services.length > 0 ? { service: b.services } : {}),
      };
      items.push(item);
      yield item;
    }
    if (settledAt === null) return;
    const totalFen = state.billables.reduce((sum, b) => sum + b.fen, 0);
    const invoiceType = plan.cls === 'IMP' ? { code: 'inpatient', zh: '住院收费票据' } : { code: 'outpatient', zh: '门诊收费票据' };
    yield {
      ...this.base('Invoice', 'billing', 'FP', 'CWB'),
      status: 'balanced',
      type: concept([coding(INVOICE_TYPE_SYSTEM, invoiceType.code, invoiceType.zh)], invoiceType.zh),
      subject: this.patientRef,
      recipient: this.patientRef,
      date: dateTime(settledAt),
      participant: [{ role: { text: '收费员' }, actor: staffRef(cashier) }],
      issuer: HOSPITAL,
      lineItem: items.map((item, i) => ({ sequence: i + 1, chargeItemReference: ref(item), priceComponent: [{ type: 'base', amount: money(state.billables[i]!.fen) }] })),
      totalNet: money(totalFen),
      totalGross: money(totalFen),
    };
    if (!this.insurance) return;
    yield* this.insuranceClaim(state, totalFen, settledAt, cashier);
  }

  private *insuranceClaim(state: EncounterState, totalFen: number, settledAt: number, cashier: StaffMember): Generator<FhirResource> {
    const { plan } = state;
    const scheme = this.insurance!;
    const inpatient = plan.cls === 'IMP';
    const claimType = inpatient ? { code: 'institutional', display: 'Institutional' } : { code: 'professional', display: 'Professional' };
    const coverage: Reference = { type: 'Coverage', identifier: { system: MEDICAL_INSURANCE_SYSTEM, value: scheme.number }, display: scheme.zh };
    const billablePeriod = { start: dateTime(plan.start), end: dateTime(plan.end!) };
    const productOf = (i: number) => concept([coding(CHARGE_ITEM_SYSTEM, state.billables[i]!.code, state.billables[i]!.zh)], state.billables[i]!.zh);
    const claim: FhirResource = {
      ...this.base('Claim', 'billing', 'YB', 'CWB'),
      status: 'active',
      type: concept([coding(CLAIM_TYPE, claimType.code, claimType.display)], inpatient ? '住院医保结算' : '门诊医保结算'),
      subType: concept([coding(INSURANCE_TYPE_SYSTEM, scheme.code, scheme.zh)], scheme.zh),
      use: 'claim',
      patient: this.patientRef,
      billablePeriod,
      created: dateTime(settledAt),
      enterer: staffRef(cashier),
      insurer: PAYER,
      provider: HOSPITAL,
      priority: concept([coding(PROCESS_PRIORITY, 'normal', 'Normal')]),
      insurance: [{ sequence: 1, focal: true, coverage }],
      diagnosis: state.conditions.map((c, i) => ({ sequence: i + 1, diagnosisReference: ref(c) })),
      item: state.billables.map((b, i) => ({ sequence: i + 1, productOrService: productOf(i), servicedDate: date(b.at), quantity: { value: b.quantity }, net: money(b.fen), encounter: [state.encRef] })),
      total: money(totalFen),
    };
    yield claim;
    // 医保 settles at the cashier in real time; a minute later the fund's share is known.
    const adjudicatedAt = this.when(settledAt + MINUTE);
    if (adjudicatedAt === null) return;
    const deductible = inpatient ? Math.min(totalFen, scheme.deductibleFen) : 0;
    const ratio = inpatient ? scheme.inpatientRatio : scheme.outpatientRatio;
    const benefit = Math.round((totalFen - deductible) * ratio);
    // Spread the fund's share over the items in proportion, the rounding remainder on the last one.
    const shares = state.billables.map((b) => (totalFen > 0 ? Math.floor((b.fen * benefit) / totalFen) : 0));
    if (shares.length > 0) shares[shares.length - 1]! += benefit - shares.reduce((a, s) => a + s, 0);
    const adjudication = (code: string, display: string, fen: number) => ({ category: concept([coding(ADJUDICATION, code, display)]), amount: money(fen) });
    yield {
      ...this.base('ExplanationOfBenefit', 'billing', 'JS', 'CWB'),
      status: 'active',
      type: concept([coding(CLAIM_TYPE, claimType.code, claimType.display)], inpatient ? '住院医保结算' : '门诊医保结算'),
      subType: concept([coding(INSURANCE_TYPE_SYSTEM, scheme.code, scheme.zh)], scheme.zh),
      use: 'claim',
      patient: this.patientRef,
      billablePeriod,
      created: dateTime(adjudicatedAt),
      insurer: PAYER,
      provider: HOSPITAL,
      claim: ref(claim),
      outcome: 'complete',
      disposition: `${scheme.zh}结算完成：统筹基金支付${(benefit / 100).toFixed(2)}元，个人自付${((totalFen - benefit) / 100).toFixed(2)}元`,
      insurance: [{ focal: true, coverage }],
      item: state.billables.map((b, i) => ({
        sequence: i + 1,
        productOrService: productOf(i),
        servicedDate: date(b.at),
        net: money(b.fen),
        adjudication: [adjudication('submitted', 'Submitted Amount', b.fen), adjudication('benefit', 'Benefit Amount', shares[i]!)],
      })),
      total: [adjudication('submitted', 'Submitted Amount', totalFen), adjudication('deductible', 'Deductible', deductible), adjudication('copay', 'CoPay', totalFen - benefit), adjudication('benefit', 'Benefit Amount', benefit)],
      payment: { date: date(adjudicatedAt), amount: money(benefit) },
    };
  }
}
