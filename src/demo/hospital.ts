import type { DepartmentType, InstitutionKind } from '../org/tables.js';
import type { Role } from '../org/index.js';

/** The synthetic demo hospital. Every name here is invented; nothing is real patient or staff data. */
export const DEMO_PASSWORD = 'Yixiang@2026';

export interface DemoDepartment {
  code: string;
  zh: string;
  en: string;
  type: DepartmentType;
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: 'YWB', zh: '医务部', en: 'Medical Affairs', type: 'administrative' },
  { code: 'HLB', zh: '护理部', en: 'Nursing', type: 'administrative' },
  { code: 'CWB', zh: '财务部', en: 'Finance', type: 'administrative' },
  { code: 'YJB', zh: '药剂部', en: 'Pharmacy', type: 'medical_technical' },
  { code: 'JYK', zh: '检验科', en: 'Clinical Laboratory', type: 'medical_technical' },
  { code: 'YXK', zh: '影像科', en: 'Imaging', type: 'medical_technical' },
  { code: 'XXK', zh: '信息科', en: 'Information Technology', type: 'administrative' },
  { code: 'SBK', zh: '设备科', en: 'Medical Equipment', type: 'administrative' },
  { code: 'NK', zh: '内科', en: 'Internal Medicine', type: 'clinical' },
  { code: 'WK', zh: '外科', en: 'Surgery', type: 'clinical' },
  { code: 'EK', zh: '儿科', en: 'Paediatrics', type: 'clinical' },
  { code: 'JZK', zh: '急诊科', en: 'Emergency', type: 'clinical' },
];

export interface DemoInstitution {
  code: string;
  zh: string;
  en: string;
  kind: InstitutionKind;
  agreementStart: string;
  agreementEnd: string;
  contactName: string;
  contactPhone: string;
}

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  {
    code: 'JCRM1',
    zh: '江城市第一人民医院',
    en: 'Jiangcheng First People’s Hospital',
    kind: 'referral_hospital',
    agreementStart: '2026-01-01',
    agreementEnd: '2028-12-31',
    contactName: '转诊办公室',
    contactPhone: '010-5550-0101',
  },
  {
    code: 'DHCHC',
    zh: '东湖社区卫生服务中心',
    en: 'Donghu Community Health Centre',
    kind: 'community_health_centre',
    agreementStart: '2026-03-01',
    agreementEnd: '2027-02-28',
    contactName: '医务科',
    contactPhone: '010-5550-0202',
  },
];

export interface DemoUser {
  username: string;
  displayName: string;
  department: string | null;
  roles: Role[];
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'sysadmin', displayName: '系统管理员', department: 'XXK', roles: ['system_admin'] },
  { username: 'infoadmin', displayName: '张信安', department: 'XXK', roles: ['info_admin'] },
  { username: 'auditor', displayName: '罗审之', department: null, roles: ['auditor'] },
  { username: 'privacy', displayName: '谢守密', department: 'YWB', roles: ['privacy_officer'] },
  { username: 'head.medical', displayName: '刘建国', department: 'YWB', roles: ['dept_head', 'staff'] },
  { username: 'head.nursing', displayName: '杨秀英', department: 'HLB', roles: ['dept_head', 'staff'] },
  { username: 'head.finance', displayName: '黄磊', department: 'CWB', roles: ['dept_head', 'staff'] },
  { username: 'head.pharmacy', displayName: '何敏', department: 'YJB', roles: ['dept_head', 'staff'] },
  { username: 'head.lab', displayName: '马超', department: 'JYK', roles: ['dept_head', 'staff'] },
  { username: 'head.imaging', displayName: '林峰', department: 'YXK', roles: ['dept_head', 'staff'] },
  { username: 'head.internal', displayName: '高志远', department: 'NK', roles: ['dept_head', 'staff'] },
  { username: 'head.surgery', displayName: '郭勇', department: 'WK', roles: ['dept_head', 'staff'] },
  { username: 'dr.wang', displayName: '王明', department: 'NK', roles: ['staff'] },
  { username: 'dr.li', displayName: '李强', department: 'WK', roles: ['staff'] },
  // Belongs to 护理部 but works on the 内科 wards: later modules put her on 内科 care teams.
  { username: 'nurse.zhao', displayName: '赵丽', department: 'HLB', roles: ['staff'] },
  { username: 'lab.sun', displayName: '孙伟', department: 'JYK', roles: ['staff'] },
  { username: 'img.zhou', displayName: '周杰', department: 'YXK', roles: ['staff'] },
  { username: 'pharm.wu', displayName: '吴芳', department: 'YJB', roles: ['staff'] },
  { username: 'fin.zheng', displayName: '郑洁', department: 'CWB', roles: ['staff'] },
  { username: 'staff.medical', displayName: '陈静', department: 'YWB', roles: ['staff'] },
];
