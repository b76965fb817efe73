/**
 * Invented people: Chinese names, resident ID card numbers (GB 11643-1999), mobile numbers and
 * addresses. Every name, street and number is synthetic; the places are an invented province so
 * no address can point at a real household.
 */
import type { Rng, Weighted } from './random.js';

export type Gender = 'male' | 'female';

// ---------------------------------------------------------------------------------------------
// Resident ID card numbers

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** ISO 7064 MOD 11-2 check character over the first 17 digits, as GB 11643-1999 specifies. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the first 17 characters of an ID number are digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * 6-digit division code + YYYYMMDD + 3-digit sequence + check character. The sequence's last digit
 * is odd for men and even for women, so callers pass the pair number and the gender separately.
 */
export function residentIdNumber(divisionCode: string, birthDate: string, pair: number, gender: Gender): string {
  if (pair < 0 || pair > 499) throw new RangeError('pair must be 0..499');
  const sequence = String(pair * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = divisionCode + birthDate.replaceAll('-', '') + sequence;
  return first17 + residentIdCheckCharacter(first17);
}

/**
 * ID numbers must be unique or two synthetic people would look like one. Instead of remembering
 * every number issued (memory that grows with the data set) the sequence pair is derived from the
 * person's index, and birth dates are nudged onto a residue class, which keeps (division, birth
 * date, pair) injective for the first PATIENT_PAIRS × BIRTH_DATE_CLASSES × REGIONS.length patients
 * (about 200 000). Staff use the pairs above PATIENT_PAIRS, so a staff number never equals a
 * patient's unless it is deliberately the same person.
 */
export const PATIENT_PAIRS = 474;
export const BIRTH_DATE_CLASSES = 32;
export const STAFF_PAIR_BASE = 475;

// ---------------------------------------------------------------------------------------------
// Places (invented province 江南省; the division codes follow the real six-digit layout)

export interface Region {
  code: string;
  province: string;
  city: string;
  district: string;
  postalCode: string;
}

const PROVINCE = '江南省';
export const REGIONS: readonly Region[] = [
  { code: '439002', province: PROVINCE, city: '江城市', district: '东湖区', postalCode: '439100' },
  { code: '439003', province: PROVINCE, city: '江城市', district: '江北区', postalCode: '439110' },
  { code: '439004', province: PROVINCE, city: '江城市', district: '青山区', postalCode: '439120' },
  { code: '439005', province: PROVINCE, city: '江城市', district: '南湖区', postalCode: '439130' },
  { code: '439006', province: PROVINCE, city: '江城市', district: '西城区', postalCode: '439140' },
  { code: '439007', province: PROVINCE, city: '江城市', district: '新港区', postalCode: '439150' },
  { code: '439021', province: PROVINCE, city: '江城市', district: '江源县', postalCode: '439160' },
  { code: '439071', province: PROVINCE, city: '江城市', district: '高新技术开发区', postalCode: '439170' },
  { code: '439102', province: PROVINCE, city: '临江市', district: '临江区', postalCode: '439200' },
  { code: '439103', province: PROVINCE, city: '临江市', district: '白沙区', postalCode: '439210' },
  { code: '439121', province: PROVINCE, city: '临江市', district: '云溪县', postalCode: '439220' },
  { code: '439202', province: PROVINCE, city: '清河市', district: '清河区', postalCode: '439300' },
  { code: '439203', province: PROVINCE, city: '清河市', district: '梅岭区', postalCode: '439310' },
  { code: '439221', province: PROVINCE, city: '清河市', district: '石门县', postalCode: '439320' },
];

const STREETS = ['滨江大道', '东湖路', '建设路', '桂花路', '文昌街', '青年路', '梧桐巷', '翠柳街', '望江路', '长丰大道', '和平街', '学府路', '白云路', '紫荆路', '银杏大道', '春晖路', '锦绣路', '沿河路', '状元街', '枫林路'] as const;
const COMMUNITIES = ['阳光花园', '江景苑', '锦绣家园', '翠湖小区', '幸福里', '书香苑', '金桂园', '滨江一号', '梧桐雅居', '和苑新村', '东方明珠苑', '康乐小区'] as const;

export interface FhirAddress {
  use: 'home';
  type: 'physical';
  text: string;
  line: string[];
  city: string;
  district: string;
  state: string;
  postalCode: string;
  country: 'CN';
}

export function homeAddress(rng: Rng, region: Region): FhirAddress {
  const street = `${rng.pick(STREETS)}${rng.int(1, 399)}号`;
  const unit = `${rng.pick(COMMUNITIES)}${rng.int(1, 28)}栋${rng.int(1, 4)}单元${rng.int(1, 32)}0${rng.int(1, 6)}室`;
  return {
    use: 'home',
    type: 'physical',
    text: `${region.province}${region.city}${region.district}${street}${unit}`,
    line: [street, unit],
    city: region.city,
    district: region.district,
    state: region.province,
    postalCode: region.postalCode,
    country: 'CN',
  };
}

// ---------------------------------------------------------------------------------------------
// Names

/** Common surnames with rough relative frequencies; the long tail keeps name collisions realistic. */
const SURNAMES: readonly Weighted<string>[] = [
  ['王', 71], ['李', 70], ['张', 69], ['刘', 54], ['陈', 45], ['杨', 32], ['赵', 22], ['黄', 22], ['周', 21], ['吴', 20],
  ['徐', 17], ['孙', 15], ['胡', 13], ['朱', 13], ['高', 12], ['林', 12], ['何', 12], ['郭', 12], ['马', 10], ['罗', 9],
  ['梁', 9], ['宋', 8], ['郑', 8], ['谢', 7], ['韩', 7], ['唐', 7], ['冯', 7], ['于', 6], ['董', 6], ['萧', 5],
  ['程', 5], ['曹', 5], ['袁', 5], ['邓', 5], ['许', 5], ['傅', 4], ['沈', 4], ['曾', 4], ['彭', 4], ['吕', 4],
  ['苏', 4], ['卢', 4], ['蒋', 4], ['蔡', 4], ['贾', 3], ['丁', 3], ['魏', 3], ['薛', 3], ['叶', 3], ['阎', 3],
  ['欧阳', 0.5], ['司马', 0.2], ['诸葛', 0.1],
];

const MALE_CHARS = ['伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇', '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '阳', '文', '博', '昊', '晨', '国', '志', '建', '永', '海', '德', '春'] as const;
const FEMALE_CHARS = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '玲', '桂', '英', '红', '燕', '婷', '雪', '琳', '晶', '倩', '颖', '慧', '佳', '欣', '怡', '悦', '萍', '兰', '凤', '梅', '洁', '琴', '云', '莉', '璐', '瑶', '月'] as const;
// Names given to children born in the 2010s and 2020s differ from their grandparents'.
const CHILD_MALE = ['子轩', '浩然', '宇轩', '梓豪', '一鸣', '俊熙', '沐宸', '睿泽', '奕辰', '宇航', '思源', '景行', '子墨', '博文', '嘉乐'] as const;
const CHILD_FEMALE = ['梓涵', '一诺', '欣怡', '语桐', '若汐', '诗涵', '可馨', '雨萱', '思琪', '佳怡', '梦瑶', '紫萱', '依晨', '乐瑶', '安琪'] as const;
const ELDER_MALE = ['建国', '国华', '志强', '德明', '永福', '春生', '长青', '保国', '振华', '金山'] as const;
const ELDER_FEMALE = ['秀英', '桂兰', '玉珍', '凤英', '淑珍', '秀兰', '桂芳', '玉兰', '金凤', '素芬'] as const;

export interface PersonName {
  text: string;
  family: string;
  given: string;
}

export function chineseName(rng: Rng, gender: Gender, age: number): PersonName {
  const family = rng.weighted(SURNAMES);
  let given: string;
  if (age < 16 && rng.chance(0.7)) given = rng.pick(gender === 'male' ? CHILD_MALE : CHILD_FEMALE);
  else if (age >= 60 && rng.chance(0.4)) given = rng.pick(gender === 'male' ? ELDER_MALE : ELDER_FEMALE);
  else {
    const chars = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
    given = rng.chance(0.35) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
  }
  return { text: family + given, family, given };
}

/** Splits a display name such as 王明 into surname and given name (two-character surnames first). */
export function splitChineseName(text: string): PersonName {
  const compound = SURNAMES.find(([surname]) => surname.length === 2 && text.startsWith(surname));
  const familyLength = compound ? 2 : 1;
  return { text, family: text.slice(0, familyLength), given: text.slice(familyLength) };
}

// ---------------------------------------------------------------------------------------------
// Phones, ethnicity, occupation, marital status

const MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189'] as const;

/** An 11-digit mainland mobile number starting 13x, 15x or 18x. */
export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

/** GB/T 3304 nationality codes for the groups most common in a central-China catchment. */
export const ETHNICITIES: readonly Weighted<{ code: string; display: string }>[] = [
  [{ code: '01', display: '汉族' }, 915],
  [{ code: '03', display: '回族' }, 15],
  [{ code: '06', display: '苗族' }, 15],
  [{ code: '08', display: '壮族' }, 15],
  [{ code: '11', display: '满族' }, 15],
  [{ code: '15', display: '土家族' }, 25],
];

export const OCCUPATIONS = {
  child: { code: 'student-minor', display: '学龄前儿童/学生' },
  student: { code: 'student', display: '学生' },
  retired: { code: 'retired', display: '离退休人员' },
  working: [
    { code: 'professional', display: '专业技术人员' },
    { code: 'clerk', display: '办事人员' },
    { code: 'service', display: '商业、服务业人员' },
    { code: 'worker', display: '生产、运输设备操作人员' },
    { code: 'farmer', display: '农、林、牧、渔业生产人员' },
    { code: 'self-employed', display: '个体经营者' },
    { code: 'unemployed', display: '无业人员' },
  ],
  medical: { code: 'medical', display: '医务人员' },
} as const;

export const MARITAL = {
  single: { code: 'S', display: 'Never Married', text: '未婚' },
  married: { code: 'M', display: 'Married', text: '已婚' },
  widowed: { code: 'W', display: 'Widowed', text: '丧偶' },
  divorced: { code: 'D', display: 'Divorced', text: '离婚' },
} as const;
