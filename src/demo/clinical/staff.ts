/**
 * The hospital's people and equipment: a Practitioner and PractitionerRole for every demo account
 * (same usernames as the database's demo users) plus synthetic staff, and the departments' devices.
 * These come first in the stream because every clinical record points at them.
 */
import { DEMO_DEPARTMENTS, DEMO_USERS } from '../hospital.js';
import {
  DEVICE_TYPE_SYSTEM,
  PRACTITIONER_ROLE,
  RESIDENT_ID_CARD_SYSTEM,
  STAFF_SYSTEM,
  coding,
  concept,
  date,
  departmentExtension,
  departmentRef,
  sourceIdentifier,
  type FhirResource,
  type Reference,
} from './fhir.js';
import { chineseName, mobilePhone, REGIONS, residentIdNumber, splitChineseName, STAFF_PAIR_BASE, type Gender, type PersonName } from './identity.js';
import { hashInts, hashText, Rng, type IdMint, type Weighted } from './random.js';

export type StaffKind = 'doctor' | 'psychiatrist' | 'nurse' | 'lab' | 'radiologist' | 'pharmacist' | 'finance' | 'admin' | 'it' | 'engineer';

export interface StaffMember {
  /** Login name for demo accounts, `staff.NNNN` for synthetic staff; the urn:yixiang:staff value. */
  key: string;
  name: PersonName;
  gender: Gender | 'unknown';
  birthDate: string | null;
  idCard: string | null;
  phone: string;
  dept: string | null;
  kind: StaffKind;
  title: string;
  /** The clinical department a nurse works in; nurses belong to 护理部 but staff the wards. */
  ward: string | null;
  /** Relative chance of being picked for a care team, so the demo accounts appear often. */
  weight: number;
  practitionerId: string;
  roleId: string;
}

const deptName = (code: string): string => DEMO_DEPARTMENTS.find((d) => d.code === code)?.zh ?? code;
export const departmentRefOf = (code: string): Reference => departmentRef(code, deptName(code));
export { deptName };

interface DemoProfile {
  gender: Gender | 'unknown';
  birthYear: number;
  kind: StaffKind;
  title: string;
  ward?: string;
  weight?: number;
}

/** What hospital.ts does not say about the demo accounts: the people behind them, invented here. */
const DEMO_PROFILES: Record<string, DemoProfile> = {
  sysadmin: { gender: 'unknown', birthYear: 0, kind: 'it', title: '系统管理员' },
  infoadmin: { gender: 'male', birthYear: 1982, kind: 'it', title: '信息安全工程师' },
  auditor: { gender: 'male', birthYear: 1975, kind: 'admin', title: '审计专员' },
  privacy: { gender: 'female', birthYear: 1980, kind: 'admin', title: '个人信息保护专员' },
  'head.medical': { gender: 'male', birthYear: 1968, kind: 'admin', title: '医务部主任' },
  'head.nursing': { gender: 'female', birthYear: 1970, kind: 'nurse', title: '护理部主任' },
  'head.finance': { gender: 'male', birthYear: 1972, kind: 'finance', title: '财务部主任' },
  'head.pharmacy': { gender: 'female', birthYear: 1974, kind: 'pharmacist', title: '主任药师' },
  'head.lab': { gender: 'male', birthYear: 1971, kind: 'lab', title: '主任技师' },
  'head.imaging': { gender: 'male', birthYear: 1969, kind: 'radiologist', title: '影像科主任医师' },
  'head.internal': { gender: 'male', birthYear: 1966, kind: 'doctor', title: '内科主任医师' },
  'head.surgery': { gender: 'male', birthYear: 1967, kind: 'doctor', title: '外科主任医师' },
  'dr.wang': { gender: 'male', birthYear: 1985, kind: 'doctor', title: '主治医师', weight: 4 },
  'dr.li': { gender: 'male', birthYear: 1983, kind: 'doctor', title: '主治医师', weight: 4 },
  'nurse.zhao': { gender: 'female', birthYear: 1990, kind: 'nurse', title: '主管护师', ward: 'NK', weight: 4 },
  'lab.sun': { gender: 'male', birthYear: 1988, kind: 'lab', title: '检验技师', weight: 3 },
  'img.zhou': { gender: 'male', birthYear: 1987, kind: 'radiologist', title: '主治医师', weight: 3 },
  'pharm.wu': { gender: 'female', birthYear: 1989, kind: 'pharmacist', title: '主管药师', weight: 3 },
  'fin.zheng': { gender: 'female', birthYear: 1991, kind: 'finance', title: '会计', weight: 3 },
  'staff.medical': { gender: 'female', birthYear: 1992, kind: 'admin', title: '医务干事' },
};

const FALLBACK_PROFILE: DemoProfile = { gender: 'unknown', birthYear: 0, kind: 'admin', title: '职员' };

/** Synthetic staff by department: [department, kind, how many, ward, job title]. */
const SYNTHETIC_STAFF: readonly (readonly [string, StaffKind, number, string | null, string])[] = [
  ['NK', 'doctor', 5, null, '住院医师'],
  ['NK', 'psychiatrist', 1, null, '心身医学科主治医师'],
  ['WK', 'doctor', 5, null, '住院医师'],
  ['EK', 'doctor', 4, null, '儿科医师'],
  ['JZK', 'doctor', 5, null, '急诊科医师'],
  ['HLB', 'nurse', 2, 'NK', '护师'],
  ['HLB', 'nurse', 3, 'WK', '护师'],
  ['HLB', 'nurse', 2, 'EK', '护师'],
  ['HLB', 'nurse', 3, 'JZK', '护师'],
  ['JYK', 'lab', 3, null, '检验技师'],
  ['YXK', 'radiologist', 3, null, '影像科医师'],
  ['YJB', 'pharmacist', 3, null, '药师'],
  ['CWB', 'finance', 2, null, '收费员'],
  ['SBK', 'engineer', 1, null, '医学工程师'],
];

/**
 * Staff who are also patients, in the order they are placed among the patients. The demo
 * accounts come first so a small data set already has a colleague to look up; dr.wang and
 * nurse.zhao are left out because they anchor the care-team scenarios.
 */
const STAFF_PATIENT_ORDER = ['dr.li', 'lab.sun', 'fin.zheng', 'img.zhou', 'pharm.wu', 'head.surgery', 'staff.medical', 'head.lab'];

export interface Roster {
  all: StaffMember[];
  byKey: Map<string, StaffMember>;
  doctors: Map<string, Weighted<StaffMember>[]>;
  nurses: Map<string, Weighted<StaffMember>[]>;
  lab: Weighted<StaffMember>[];
  radiologists: Weighted<StaffMember>[];
  pharmacists: Weighted<StaffMember>[];
  finance: Weighted<StaffMember>[];
  psychiatrist: StaffMember;
  labHead: StaffMember;
  /** Staff who appear as patients too, in placement order. */
  asPatients: StaffMember[];
}

function birthDateFor(rng: Rng, year: number): string {
  const dayOfYear = rng.int(0, 364);
  return date(Date.UTC(year, 0, 1) + dayOfYear * 86_400_000 - 8 * 3_600_000);
}

function identityFor(rng: Rng, gender: Gender | 'unknown', birthYear: number, ordinal: number): Pick<StaffMember, 'birthDate' | 'idCard'> {
  if (gender === 'unknown') return { birthDate: null, idCard: null };
  const birthDate = birthDateFor(rng, birthYear);
  const region = REGIONS[ordinal % REGIONS.length]!;
  const pair = STAFF_PAIR_BASE + Math.floor(ordinal / REGIONS.length);
  return { birthDate, idCard: residentIdNumber(region.code, birthDate, pair, gender) };
}

export function buildRoster(seed: number, mint: IdMint, startYear: number): Roster {
  const all: StaffMember[] = [];
  let identityOrdinal = 0;

  for (const user of DEMO_USERS) {
    const profile = DEMO_PROFILES[user.username] ?? FALLBACK_PROFILE;
    // Demo people get the same birthday and ID number whatever the seed: they are fixed persons.
    const rng = new Rng(hashText(`demo-staff:${user.username}`));
    const personal = profile.gender === 'unknown';
    const identity = identityFor(rng, profile.gender, profile.birthYear, personal ? 0 : identityOrdinal++);
    all.push({
      key: user.username,
      name: personal ? { text: user.displayName, family: '', given: '' } : splitChineseName(user.displayName),
      gender: profile.gender,
      ...identity,
      phone: mobilePhone(rng),
      dept: user.department,
      kind: profile.kind,
      title: profile.title,
      ward: profile.ward ?? null,
      weight: profile.weight ?? 1,
      practitionerId: mint.next(),
      roleId: mint.next(),
    });
  }

  const rng = new Rng(hashInts(seed, 0x53544146));
  let serial = 1;
  for (const [dept, kind, count, ward, title] of SYNTHETIC_STAFF) {
    for (let i = 0; i < count; i++) {
      const gender: Gender = kind === 'nurse' ? (rng.chance(0.9) ? 'female' : 'male') : rng.chance(0.55) ? 'male' : 'female';
      const age = rng.int(24, 58);
      const identity = identityFor(rng, gender, startYear - age, identityOrdinal++);
      all.push({
        key: `staff.${String(serial++).padStart(4, '0')}`,
        name: chineseName(rng, gender, age),
        gender,
        ...identity,
        phone: mobilePhone(rng),
        dept,
        kind,
        title,
        ward,
        weight: 1,
        practitionerId: mint.next(),
        roleId: mint.next(),
      });
    }
  }

  const byKey = new Map(all.map((s) => [s.key, s]));
  const weighted = (members: StaffMember[]): Weighted<StaffMember>[] => members.map((s) => [s, s.weight] as const);
  const group = (pick: (s: StaffMember) => string | null) => {
    const out = new Map<string, Weighted<StaffMember>[]>();
    for (const s of all) {
      const key = pick(s);
      if (key) out.set(key, [...(out.get(key) ?? []), [s, s.weight] as const]);
    }
    return out;
  };
  const only = (kind: StaffKind) => all.filter((s) => s.kind === kind);
  const psychiatrist = only('psychiatrist')[0];
  const labHead = byKey.get('head.lab');
  if (!psychiatrist || !labHead) throw new Error('the roster needs a psychiatrist and a laboratory head');

  const syntheticAsPatients = all.filter((s) => s.key.startsWith('staff.0') && s.idCard !== null);
  return {
    all,
    byKey,
    doctors: group((s) => (s.kind === 'doctor' && s.dept && ['NK', 'WK', 'EK', 'JZK'].includes(s.dept) ? s.dept : null)),
    nurses: group((s) => (s.kind === 'nurse' ? s.ward : null)),
    lab: weighted(only('lab')),
    radiologists: weighted(only('radiologist')),
    pharmacists: weighted(only('pharmacist')),
    finance: weighted(only('finance')),
    psychiatrist,
    labHead,
    asPatients: [...STAFF_PATIENT_ORDER.map((key) => byKey.get(key)).filter((s): s is StaffMember => !!s && s.idCard !== null), ...syntheticAsPatients],
  };
}

export const staffRef = (s: StaffMember): Reference => ({ reference: `Practitioner/${s.practitionerId}`, display: s.name.text });

const ROLE_CODES: Partial<Record<StaffKind, string>> = { doctor: 'doctor', psychiatrist: 'doctor', radiologist: 'doctor', nurse: 'nurse', pharmacist: 'pharmacist', it: 'ict' };

export function* staffResources(roster: Roster): Generator<FhirResource> {
  for (const s of roster.all) {
    const name = s.name.family ? { use: 'official', text: s.name.text, family: s.name.family, given: [s.name.given] } : { use: 'official', text: s.name.text };
    const practitioner: FhirResource = {
      resourceType: 'Practitioner',
      id: s.practitionerId,
      identifier: [
        { system: STAFF_SYSTEM, value: s.key },
        sourceIdentifier('his', `STAFF-${s.key}`),
        ...(s.idCard ? [{ system: RESIDENT_ID_CARD_SYSTEM, value: s.idCard }] : []),
      ],
      active: true,
      name: [name],
      telecom: [{ system: 'phone', value: s.phone, use: 'mobile' }],
      gender: s.gender,
      ...(s.birthDate ? { birthDate: s.birthDate } : {}),
    };
    yield practitioner;
    const code = ROLE_CODES[s.kind];
    yield {
      resourceType: 'PractitionerRole',
      id: s.roleId,
      identifier: [sourceIdentifier('his', `ROLE-${s.key}`)],
      ...(s.dept ? { extension: departmentExtension(s.dept) } : {}),
      active: true,
      practitioner: staffRef(s),
      ...(s.dept ? { organization: departmentRefOf(s.dept) } : {}),
      code: [code ? concept([coding(PRACTITIONER_ROLE, code)], s.title) : { text: s.title }],
      ...(s.ward ? { specialty: [{ text: `${deptName(s.ward)}病区` }] } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Devices

interface DeviceKindDef {
  kind: string;
  zh: string;
  model: string;
  dept: string;
  count: number;
}

/** About sixty pieces of equipment, owned by the departments that run them; makers are invented. */
const DEVICE_KINDS: readonly DeviceKindDef[] = [
  { kind: 'ct', zh: 'CT扫描仪', model: '64排螺旋CT', dept: 'YXK', count: 3 },
  { kind: 'mri', zh: '磁共振成像系统', model: '1.5T超导磁共振', dept: 'YXK', count: 2 },
  { kind: 'dr', zh: '数字化X射线摄影系统(DR)', model: '双板DR', dept: 'YXK', count: 4 },
  { kind: 'ultrasound', zh: '彩色多普勒超声诊断仪', model: '台式彩超', dept: 'YXK', count: 4 },
  { kind: 'dsa', zh: '数字减影血管造影系统(DSA)', model: '平板DSA', dept: 'YXK', count: 1 },
  { kind: 'mammography', zh: '乳腺X射线摄影系统', model: '数字乳腺机', dept: 'YXK', count: 1 },
  { kind: 'hematology-analyser', zh: '全自动血细胞分析仪', model: '五分类血球仪', dept: 'JYK', count: 3 },
  { kind: 'chemistry-analyser', zh: '全自动生化分析仪', model: '模块式生化仪', dept: 'JYK', count: 3 },
  { kind: 'immunoassay-analyser', zh: '化学发光免疫分析仪', model: '化学发光仪', dept: 'JYK', count: 2 },
  { kind: 'hba1c-analyser', zh: '糖化血红蛋白分析仪', model: 'HPLC糖化仪', dept: 'JYK', count: 1 },
  { kind: 'protein-analyser', zh: '特定蛋白分析仪', model: '散射比浊仪', dept: 'JYK', count: 1 },
  { kind: 'urine-analyser', zh: '全自动尿液分析仪', model: '尿沉渣分析仪', dept: 'JYK', count: 2 },
  { kind: 'coagulation-analyser', zh: '全自动凝血分析仪', model: '凝血仪', dept: 'JYK', count: 2 },
  { kind: 'sequencer', zh: '基因测序仪', model: '桌面测序仪', dept: 'JYK', count: 1 },
  { kind: 'pcr', zh: '实时荧光定量PCR仪', model: '96孔PCR仪', dept: 'JYK', count: 1 },
  { kind: 'ventilator', zh: '有创呼吸机', model: 'ICU呼吸机', dept: 'JZK', count: 4 },
  { kind: 'defibrillator', zh: '除颤监护仪', model: '双相波除颤仪', dept: 'JZK', count: 2 },
  { kind: 'monitor', zh: '多参数监护仪', model: '床旁监护仪', dept: 'JZK', count: 4 },
  { kind: 'blood-gas-analyser', zh: '血气分析仪', model: '床旁血气仪', dept: 'JZK', count: 1 },
  { kind: 'infusion-pump', zh: '输液泵', model: '容积式输液泵', dept: 'NK', count: 4 },
  { kind: 'ecg', zh: '十二导联心电图机', model: '数字心电图机', dept: 'NK', count: 2 },
  { kind: 'monitor', zh: '多参数监护仪', model: '床旁监护仪', dept: 'NK', count: 2 },
  { kind: 'anaesthesia-machine', zh: '麻醉机', model: '多功能麻醉工作站', dept: 'WK', count: 2 },
  { kind: 'electrosurgical-unit', zh: '高频电刀', model: '高频电外科工作站', dept: 'WK', count: 2 },
  { kind: 'infusion-pump', zh: '输液泵', model: '容积式输液泵', dept: 'WK', count: 2 },
  { kind: 'laparoscope', zh: '腹腔镜系统', model: '4K腹腔镜', dept: 'WK', count: 1 },
  { kind: 'incubator', zh: '婴儿培养箱', model: '新生儿暖箱', dept: 'EK', count: 2 },
  { kind: 'infusion-pump', zh: '输液泵', model: '微量注射泵', dept: 'EK', count: 2 },
  { kind: 'nebuliser', zh: '医用雾化器', model: '压缩式雾化器', dept: 'EK', count: 1 },
];

const MAKERS = ['江城医疗器械有限公司', '华康医学科技股份有限公司', '瑞安生物医学工程有限公司', '明德影像设备有限公司', '康泰仪器有限公司'] as const;

export interface DeviceUnit {
  id: string;
  kind: string;
  name: string;
  dept: string;
  serial: string;
  maker: string;
}

export function buildDevices(seed: number, mint: IdMint): Map<string, DeviceUnit[]> {
  const rng = new Rng(hashInts(seed, 0x44455643));
  const byKind = new Map<string, DeviceUnit[]>();
  let serial = 1;
  for (const def of DEVICE_KINDS) {
    for (let i = 0; i < def.count; i++) {
      const unit: DeviceUnit = {
        id: mint.next(),
        kind: def.kind,
        name: `${def.model}（${deptName(def.dept)}${i + 1}号机）`,
        dept: def.dept,
        serial: `SN${rng.digits(4)}-${String(serial++).padStart(4, '0')}`,
        maker: rng.pick(MAKERS),
      };
      byKind.set(def.kind, [...(byKind.get(def.kind) ?? []), unit]);
    }
  }
  return byKind;
}

export function* deviceResources(devices: Map<string, DeviceUnit[]>): Generator<FhirResource> {
  for (const units of devices.values()) {
    for (const unit of units) {
      const def = DEVICE_KINDS.find((d) => d.kind === unit.kind && d.dept === unit.dept);
      yield {
        resourceType: 'Device',
        id: unit.id,
        identifier: [sourceIdentifier('his', `DEV-${unit.serial}`)],
        extension: departmentExtension(unit.dept),
        status: 'active',
        manufacturer: unit.maker,
        serialNumber: unit.serial,
        deviceName: [{ name: unit.name, type: 'user-friendly-name' }],
        modelNumber: def?.model ?? unit.kind,
        type: concept([coding(DEVICE_TYPE_SYSTEM, unit.kind, def?.zh ?? unit.kind)], def?.zh ?? unit.kind),
        owner: departmentRefOf(unit.dept),
      };
    }
  }
}

export const deviceRef = (unit: DeviceUnit): Reference => ({ reference: `Device/${unit.id}`, display: unit.name });
