/**
 * The clinical vocabulary of the synthetic hospital: diagnoses (ICD-10), laboratory tests and
 * imaging exams (LOINC), operations (ICD-9-CM-3), drugs (ATC) and prices (CNY). Codes were checked
 * against published LOINC/HL7 value sets; where the catalog brief's suggested code turned out to
 * mean something else, the accurate code is used and the brief's code is kept only where it is a
 * correct broader term (see LEVEL5 below).
 */
import type { Gender } from './identity.js';
import type { Weighted } from './random.js';

// ---------------------------------------------------------------------------------------------
// Laboratory

export interface RefRange {
  low?: number;
  high?: number;
}

export interface LabTest {
  loinc: string;
  display: string;
  zh: string;
  /** UCUM code, also used as the display unit in FHIR quantities. */
  unit: string;
  decimals: number;
  range: (gender: Gender, age: number) => RefRange;
  /** How far above the upper limit an abnormal result typically lands, as factors of the limit. */
  highFactor?: readonly [number, number];
}

export interface LabPanel {
  key: string;
  loinc: string;
  display: string;
  zh: string;
  tests: readonly LabTest[];
  priceFen: number;
  /** Device kind of the analyser that runs the panel. */
  analyser: string;
}

const fixed = (range: RefRange) => () => range;
const bySex = (male: RefRange, female: RefRange, child?: RefRange) => (gender: Gender, age: number) => (child && age < 14 ? child : gender === 'male' ? male : female);

export const LAB_PANELS = {
  cbc: {
    key: 'cbc',
    loinc: '58410-2',
    display: 'CBC panel - Blood by Automated count',
    zh: '血常规',
    priceFen: 2000,
    analyser: 'hematology-analyser',
    tests: [
      { loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', zh: '白细胞计数', unit: '10*9/L', decimals: 2, range: (_g, age) => (age < 14 ? { low: 4.0, high: 12.0 } : { low: 3.5, high: 9.5 }), highFactor: [1.15, 2.0] },
      { loinc: '789-8', display: 'Erythrocytes [#/volume] in Blood by Automated count', zh: '红细胞计数', unit: '10*12/L', decimals: 2, range: bySex({ low: 4.3, high: 5.8 }, { low: 3.8, high: 5.1 }, { low: 4.0, high: 5.5 }) },
      { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', zh: '血红蛋白', unit: 'g/L', decimals: 0, range: bySex({ low: 130, high: 175 }, { low: 115, high: 150 }, { low: 110, high: 160 }) },
      { loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', zh: '血小板计数', unit: '10*9/L', decimals: 0, range: fixed({ low: 125, high: 350 }) },
    ],
  },
  chemistry: {
    key: 'chemistry',
    loinc: '24323-8',
    display: 'Comprehensive metabolic 2000 panel - Serum or Plasma',
    zh: '生化全项',
    priceFen: 12000,
    analyser: 'chemistry-analyser',
    tests: [
      { loinc: '14749-6', display: 'Glucose [Moles/volume] in Serum or Plasma', zh: '葡萄糖', unit: 'mmol/L', decimals: 2, range: fixed({ low: 3.9, high: 6.1 }), highFactor: [1.2, 2.4] },
      { loinc: '14682-9', display: 'Creatinine [Moles/volume] in Serum or Plasma', zh: '肌酐', unit: 'umol/L', decimals: 0, range: bySex({ low: 57, high: 111 }, { low: 41, high: 81 }, { low: 20, high: 60 }) },
      { loinc: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', zh: '丙氨酸氨基转移酶', unit: 'U/L', decimals: 0, range: bySex({ low: 9, high: 50 }, { low: 7, high: 40 }) },
      { loinc: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', zh: '天门冬氨酸氨基转移酶', unit: 'U/L', decimals: 0, range: bySex({ low: 15, high: 40 }, { low: 13, high: 35 }) },
      { loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', zh: '钾', unit: 'mmol/L', decimals: 2, range: fixed({ low: 3.5, high: 5.3 }), highFactor: [1.03, 1.15] },
      { loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', zh: '钠', unit: 'mmol/L', decimals: 1, range: fixed({ low: 137, high: 147 }), highFactor: [1.01, 1.05] },
    ],
  },
  lipids: {
    key: 'lipids',
    loinc: '24331-1',
    display: 'Lipid 1996 panel - Serum or Plasma',
    zh: '血脂四项',
    priceFen: 4500,
    analyser: 'chemistry-analyser',
    tests: [
      { loinc: '14647-2', display: 'Cholesterol [Moles/volume] in Serum or Plasma', zh: '总胆固醇', unit: 'mmol/L', decimals: 2, range: fixed({ high: 5.2 }), highFactor: [1.05, 1.5] },
      { loinc: '14927-8', display: 'Triglyceride [Moles/volume] in Serum or Plasma', zh: '甘油三酯', unit: 'mmol/L', decimals: 2, range: fixed({ high: 1.7 }), highFactor: [1.1, 2.5] },
      { loinc: '14646-4', display: 'Cholesterol in HDL [Moles/volume] in Serum or Plasma', zh: '高密度脂蛋白胆固醇', unit: 'mmol/L', decimals: 2, range: fixed({ low: 1.04 }) },
      { loinc: '22748-8', display: 'Cholesterol in LDL [Moles/volume] in Serum or Plasma', zh: '低密度脂蛋白胆固醇', unit: 'mmol/L', decimals: 2, range: fixed({ high: 3.4 }), highFactor: [1.05, 1.5] },
    ],
  },
  hba1c: {
    key: 'hba1c',
    loinc: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    zh: '糖化血红蛋白',
    priceFen: 6000,
    analyser: 'hba1c-analyser',
    tests: [{ loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', zh: '糖化血红蛋白', unit: '%', decimals: 1, range: fixed({ low: 4.0, high: 6.0 }), highFactor: [1.1, 1.6] }],
  },
  crp: {
    key: 'crp',
    loinc: '1988-5',
    display: 'C reactive protein [Mass/volume] in Serum or Plasma',
    zh: 'C反应蛋白',
    priceFen: 3000,
    analyser: 'protein-analyser',
    tests: [{ loinc: '1988-5', display: 'C reactive protein [Mass/volume] in Serum or Plasma', zh: 'C反应蛋白', unit: 'mg/L', decimals: 1, range: fixed({ high: 10 }), highFactor: [1.5, 9] }],
  },
} as const satisfies Record<string, LabPanel>;

export type LabPanelKey = keyof typeof LAB_PANELS;

/** How a UCUM unit is written in Chinese report text. */
export const UNIT_TEXT: Readonly<Record<string, string>> = { '10*9/L': '×10⁹/L', '10*12/L': '×10¹²/L', 'umol/L': 'μmol/L' };

// ---------------------------------------------------------------------------------------------
// Level-5 (special category) content

/**
 * Codes that mark level-5 records. Checked against LOINC (loinc.org term pages and HL7 value sets):
 * - 75622-1 is the LOINC *panel* "HIV 1 and 2 tests - Meaningful Use set", not a single assay, so it
 *   codes the HIV DiagnosticReport; the antibody result itself is 31201-7. The Observation carries
 *   both codings (specific first) so a catalog rule on either code routes it to level 5.
 * - 20507-0 is the non-treponemal RPR test ("Reagin Ab [Presence] in Serum by RPR"); the treponemal
 *   antibody test is 22587-0. Syphilis serology reports both, as Chinese labs do (TP + RPR).
 * - 34792-1 could not be confirmed as a psychiatry note; 28627-8 "Psychiatry Progress note" and its
 *   broader 34904-3 "Mental health Progress note" are both in the HL7 progress-note value set.
 * - 51969-4 "Genetic analysis report" is the genetics DiagnosticReport code used by HL7 genomics IGs.
 */
export const LEVEL5 = {
  hivPanel: { loinc: '75622-1', display: 'HIV 1 and 2 tests - Meaningful Use set', zh: 'HIV抗体筛查' },
  hivAntibody: { loinc: '31201-7', display: 'HIV 1+2 Ab [Presence] in Serum or Plasma by Immunoassay', zh: 'HIV-1/2抗体' },
  treponemalAntibody: { loinc: '22587-0', display: 'Treponema pallidum Ab [Presence] in Serum', zh: '梅毒螺旋体特异性抗体(TP-Ab)' },
  reaginRpr: { loinc: '20507-0', display: 'Reagin Ab [Presence] in Serum by RPR', zh: '快速血浆反应素试验(RPR)' },
  psychiatryNote: { loinc: '28627-8', display: 'Psychiatry Progress note', zh: '精神科会诊记录' },
  mentalHealthNote: { loinc: '34904-3', display: 'Mental health Progress note' },
  geneticReport: { loinc: '51969-4', display: 'Genetic analysis report', zh: '基因检测报告' },
} as const;

/** Every code whose presence in code/type makes a record level 5; tests and the catalog share it. */
export const LEVEL5_CODES: readonly string[] = [
  LEVEL5.hivPanel.loinc,
  LEVEL5.hivAntibody.loinc,
  LEVEL5.treponemalAntibody.loinc,
  LEVEL5.reaginRpr.loinc,
  LEVEL5.psychiatryNote.loinc,
  LEVEL5.mentalHealthNote.loinc,
  LEVEL5.geneticReport.loinc,
];

/** SNOMED CT qualifiers for serology results (the answers LOINC lists for these assays). */
export const REACTIVE = { code: '11214006', display: 'Reactive', zh: '阳性(+)' } as const;
export const NON_REACTIVE = { code: '131194007', display: 'Non-reactive', zh: '阴性(-)' } as const;

export interface GeneticTest {
  zh: string;
  findings: readonly string[];
  onlyFemale?: boolean;
  priceFen: number;
}

export const GENETIC_TESTS: readonly GeneticTest[] = [
  {
    zh: 'CYP2C19基因多态性检测',
    priceFen: 120000,
    findings: [
      'CYP2C19*1/*1，快代谢型。氯吡格雷可按常规剂量使用。',
      'CYP2C19*1/*2，中间代谢型。氯吡格雷活性代谢物生成可能减少，建议结合临床评估抗血小板方案。',
      'CYP2C19*2/*3，慢代谢型。建议换用不经CYP2C19活化的抗血小板药物。',
    ],
  },
  {
    zh: '地中海贫血基因检测',
    priceFen: 80000,
    findings: ['未检出常见α及β地中海贫血基因突变。', '检出--SEA缺失杂合子，提示α地中海贫血携带者，建议配偶筛查并遗传咨询。', '检出CD41-42(-TCTT)杂合突变，提示β地中海贫血携带者，建议遗传咨询。'],
  },
  {
    zh: 'BRCA1/BRCA2基因检测',
    priceFen: 250000,
    onlyFemale: true,
    findings: ['未检出BRCA1/BRCA2致病或可能致病变异。', '检出BRCA2基因一处可能致病变异（杂合），建议遗传咨询及家系验证。'],
  },
  {
    zh: 'MTHFR基因C677T多态性检测',
    priceFen: 30000,
    findings: ['MTHFR C677T CC型，叶酸代谢能力正常。', 'MTHFR C677T CT型，叶酸代谢能力轻度降低。', 'MTHFR C677T TT型，叶酸代谢能力明显降低，建议监测同型半胱氨酸。'],
  },
];

// ---------------------------------------------------------------------------------------------
// Vital signs (codes from the FHIR R4 vital-signs profiles)

export const VITALS = {
  panelBp: { loinc: '85354-9', display: 'Blood pressure panel with all children optional', zh: '血压' },
  systolic: { loinc: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { loinc: '8462-4', display: 'Diastolic blood pressure' },
  heartRate: { loinc: '8867-4', display: 'Heart rate', zh: '心率', unit: '/min' },
  temperature: { loinc: '8310-5', display: 'Body temperature', zh: '体温', unit: 'Cel' },
  respiratoryRate: { loinc: '9279-1', display: 'Respiratory rate', zh: '呼吸频率', unit: '/min' },
  oxygenSaturation: { loinc: '2708-6', display: 'Oxygen saturation in Arterial blood', zh: '血氧饱和度', unit: '%' },
  pulseOximetry: { loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
  bodyWeight: { loinc: '29463-7', display: 'Body weight', zh: '体重', unit: 'kg' },
} as const;

// ---------------------------------------------------------------------------------------------
// Imaging

export type Modality = 'CT' | 'MR' | 'DX' | 'US';

export interface ImagingExam {
  loinc: string;
  display: string;
  zh: string;
  modality: Modality;
  instances: readonly [number, number];
  priceFen: number;
  normalFinding: string;
  normalImpression: string;
}

/** Exams without a verified specific LOINC term use 18748-4 "Diagnostic imaging study" plus Chinese text. */
export const IMAGING_EXAMS = {
  'ct-chest': {
    loinc: '24627-2',
    display: 'CT Chest',
    zh: '胸部CT平扫',
    modality: 'CT',
    instances: [220, 420],
    priceFen: 28000,
    normalFinding: '双肺纹理清晰，肺野内未见明显异常密度影；气管及主支气管通畅；纵隔居中，未见肿大淋巴结；心影大小形态未见异常；双侧胸腔未见积液。',
    normalImpression: '胸部CT平扫未见明显异常。',
  },
  'ct-head': {
    loinc: '24725-4',
    display: 'CT Head',
    zh: '颅脑CT平扫',
    modality: 'CT',
    instances: [120, 260],
    priceFen: 20000,
    normalFinding: '脑实质内未见异常密度影，灰白质分界清楚；脑室系统大小形态正常，中线结构居中；颅骨未见骨折征象。',
    normalImpression: '颅脑CT平扫未见明显异常。',
  },
  'ct-abdomen': {
    loinc: '41806-1',
    display: 'CT Abdomen',
    zh: '腹部CT平扫',
    modality: 'CT',
    instances: [260, 480],
    priceFen: 35000,
    normalFinding: '肝、胆、胰、脾及双肾形态大小未见异常，腹腔内未见积液及肿大淋巴结。',
    normalImpression: '腹部CT平扫未见明显异常。',
  },
  'dx-chest': {
    loinc: '36643-5',
    display: 'XR Chest 2 Views',
    zh: '胸部DR正侧位',
    modality: 'DX',
    instances: [2, 2],
    priceFen: 8000,
    normalFinding: '双肺纹理清晰，未见实变影；心影不大；双膈面光整，肋膈角锐利。',
    normalImpression: '心肺膈未见明显异常。',
  },
  'dx-hip': {
    loinc: '18748-4',
    display: 'Diagnostic imaging study',
    zh: '髋关节DR正位',
    modality: 'DX',
    instances: [1, 2],
    priceFen: 7000,
    normalFinding: '双侧髋关节在位，关节间隙正常，骨质未见明显异常。',
    normalImpression: '双髋关节未见明显异常。',
  },
  'dx-wrist': {
    loinc: '18748-4',
    display: 'Diagnostic imaging study',
    zh: '腕关节DR正侧位',
    modality: 'DX',
    instances: [2, 2],
    priceFen: 7000,
    normalFinding: '腕关节诸骨骨质连续，关节间隙正常。',
    normalImpression: '腕关节未见明显骨折。',
  },
  'mr-brain': {
    loinc: '18748-4',
    display: 'Diagnostic imaging study',
    zh: '头颅MRI平扫',
    modality: 'MR',
    instances: [300, 600],
    priceFen: 60000,
    normalFinding: '脑实质内未见异常信号，DWI未见弥散受限；脑室系统不大，中线结构居中。',
    normalImpression: '头颅MRI平扫未见明显异常。',
  },
  'us-abdomen': {
    loinc: '24532-4',
    display: 'US Abdomen RUQ',
    zh: '肝胆胰脾彩超',
    modality: 'US',
    instances: [8, 24],
    priceFen: 15000,
    normalFinding: '肝脏大小形态正常，实质回声均匀；胆囊壁光滑，腔内未见异常回声；胰腺、脾脏未见异常。',
    normalImpression: '肝胆胰脾未见明显异常。',
  },
  'us-breast': {
    loinc: '24601-7',
    display: 'US Breast',
    zh: '双侧乳腺彩超',
    modality: 'US',
    instances: [8, 20],
    priceFen: 12000,
    normalFinding: '双侧乳腺腺体结构清晰，未见明显占位性病变，双侧腋窝未见肿大淋巴结。',
    normalImpression: '双侧乳腺未见明显异常（BI-RADS 1类）。',
  },
} as const satisfies Record<string, ImagingExam>;

export type ImagingKey = keyof typeof IMAGING_EXAMS;

export const MODALITY_DISPLAY: Record<Modality, string> = { CT: 'Computed Tomography', MR: 'Magnetic Resonance', DX: 'Digital Radiography', US: 'Ultrasound' };
export const MODALITY_DEVICE: Record<Modality, string> = { CT: 'ct', MR: 'mri', DX: 'dr', US: 'ultrasound' };

// ---------------------------------------------------------------------------------------------
// Drugs (ATC; Chinese generic names and the strengths on Chinese formularies)

export interface Drug {
  atc: string;
  display: string;
  zh: string;
  dose: number;
  doseUnit: string;
  /** Doses per day; 0 means "as needed". */
  perDay: number;
  route: string;
  /** What is counted out at the pharmacy window, e.g. 片 or 支. */
  packUnit: string;
  unitsPerDose: number;
  priceFenPerUnit: number;
  /** Injectables and infusions are given on the ward, not taken home. */
  inpatientOnly?: boolean;
}

export const DRUGS = {
  amlodipine: { atc: 'C08CA01', display: 'amlodipine', zh: '苯磺酸氨氯地平片 5mg', dose: 5, doseUnit: 'mg', perDay: 1, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 30 },
  nifedipine: { atc: 'C08CA05', display: 'nifedipine', zh: '硝苯地平控释片 30mg', dose: 30, doseUnit: 'mg', perDay: 1, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 120 },
  metformin: { atc: 'A10BA02', display: 'metformin', zh: '盐酸二甲双胍片 0.5g', dose: 0.5, doseUnit: 'g', perDay: 3, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 15 },
  acarbose: { atc: 'A10BF01', display: 'acarbose', zh: '阿卡波糖片 50mg', dose: 50, doseUnit: 'mg', perDay: 3, route: '口服（随第一口饭嚼服）', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 40 },
  aspirin: { atc: 'B01AC06', display: 'acetylsalicylic acid', zh: '阿司匹林肠溶片 100mg', dose: 100, doseUnit: 'mg', perDay: 1, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 10 },
  clopidogrel: { atc: 'B01AC04', display: 'clopidogrel', zh: '硫酸氢氯吡格雷片 75mg', dose: 75, doseUnit: 'mg', perDay: 1, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 60 },
  atorvastatin: { atc: 'C10AA05', display: 'atorvastatin', zh: '阿托伐他汀钙片 20mg', dose: 20, doseUnit: 'mg', perDay: 1, route: '口服（睡前）', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 25 },
  nitroglycerin: { atc: 'C01DA02', display: 'glyceryl trinitrate', zh: '硝酸甘油片 0.5mg', dose: 0.5, doseUnit: 'mg', perDay: 0, route: '舌下含服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 20 },
  omeprazole: { atc: 'A02BC01', display: 'omeprazole', zh: '奥美拉唑肠溶胶囊 20mg', dose: 20, doseUnit: 'mg', perDay: 2, route: '口服（餐前）', packUnit: '粒', unitsPerDose: 1, priceFenPerUnit: 35 },
  ceftriaxone: { atc: 'J01DD04', display: 'ceftriaxone', zh: '注射用头孢曲松钠 1g', dose: 2, doseUnit: 'g', perDay: 1, route: '静脉滴注', packUnit: '支', unitsPerDose: 2, priceFenPerUnit: 450, inpatientOnly: true },
  cefuroxime: { atc: 'J01DC02', display: 'cefuroxime', zh: '头孢呋辛酯片 0.25g', dose: 0.25, doseUnit: 'g', perDay: 2, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 110 },
  levofloxacin: { atc: 'J01MA12', display: 'levofloxacin', zh: '左氧氟沙星片 0.5g', dose: 0.5, doseUnit: 'g', perDay: 1, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 90 },
  metronidazole: { atc: 'J01XD01', display: 'metronidazole', zh: '甲硝唑氯化钠注射液 0.5g/100ml', dose: 0.5, doseUnit: 'g', perDay: 3, route: '静脉滴注', packUnit: '瓶', unitsPerDose: 1, priceFenPerUnit: 260, inpatientOnly: true },
  amoxicillin: { atc: 'J01CA04', display: 'amoxicillin', zh: '阿莫西林胶囊 0.25g', dose: 0.5, doseUnit: 'g', perDay: 3, route: '口服', packUnit: '粒', unitsPerDose: 2, priceFenPerUnit: 12 },
  azithromycin: { atc: 'J01FA10', display: 'azithromycin', zh: '阿奇霉素干混悬剂 0.1g', dose: 0.1, doseUnit: 'g', perDay: 1, route: '口服', packUnit: '袋', unitsPerDose: 1, priceFenPerUnit: 180 },
  ibuprofenSuspension: { atc: 'M01AE01', display: 'ibuprofen', zh: '布洛芬混悬液 100ml:2g', dose: 5, doseUnit: 'mL', perDay: 0, route: '口服（发热时）', packUnit: '瓶', unitsPerDose: 0.05, priceFenPerUnit: 1500 },
  ibuprofen: { atc: 'M01AE01', display: 'ibuprofen', zh: '布洛芬缓释胶囊 0.3g', dose: 0.3, doseUnit: 'g', perDay: 2, route: '口服', packUnit: '粒', unitsPerDose: 1, priceFenPerUnit: 40 },
  paracetamol: { atc: 'N02BE01', display: 'paracetamol', zh: '对乙酰氨基酚片 0.5g', dose: 0.5, doseUnit: 'g', perDay: 0, route: '口服（发热时）', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 10 },
  salbutamol: { atc: 'R03AC02', display: 'salbutamol', zh: '硫酸沙丁胺醇吸入气雾剂 100μg/揿', dose: 200, doseUnit: 'ug', perDay: 0, route: '吸入（喘憋时）', packUnit: '支', unitsPerDose: 0.01, priceFenPerUnit: 2500 },
  budesonide: { atc: 'R03BA02', display: 'budesonide', zh: '吸入用布地奈德混悬液 1mg/2ml', dose: 1, doseUnit: 'mg', perDay: 2, route: '雾化吸入', packUnit: '支', unitsPerDose: 1, priceFenPerUnit: 550 },
  ambroxol: { atc: 'R05CB06', display: 'ambroxol', zh: '盐酸氨溴索口服溶液 100ml:0.6g', dose: 5, doseUnit: 'mL', perDay: 2, route: '口服', packUnit: '瓶', unitsPerDose: 0.05, priceFenPerUnit: 1800 },
  diosmectite: { atc: 'A07BC05', display: 'diosmectite', zh: '蒙脱石散 3g', dose: 3, doseUnit: 'g', perDay: 3, route: '口服', packUnit: '袋', unitsPerDose: 1, priceFenPerUnit: 80 },
  oralRehydration: { atc: 'A07CA', display: 'oral rehydration salt formulations', zh: '口服补液盐散(III) 5.125g', dose: 5.125, doseUnit: 'g', perDay: 3, route: '口服（溶于250ml温水）', packUnit: '袋', unitsPerDose: 1, priceFenPerUnit: 60 },
  enoxaparin: { atc: 'B01AB05', display: 'enoxaparin', zh: '依诺肝素钠注射液 4000AxaIU', dose: 4000, doseUnit: '[iU]', perDay: 1, route: '皮下注射', packUnit: '支', unitsPerDose: 1, priceFenPerUnit: 3200, inpatientOnly: true },
  celecoxib: { atc: 'M01AH01', display: 'celecoxib', zh: '塞来昔布胶囊 0.2g', dose: 0.2, doseUnit: 'g', perDay: 1, route: '口服', packUnit: '粒', unitsPerDose: 1, priceFenPerUnit: 150 },
  sertraline: { atc: 'N06AB06', display: 'sertraline', zh: '盐酸舍曲林片 50mg', dose: 50, doseUnit: 'mg', perDay: 1, route: '口服', packUnit: '片', unitsPerDose: 1, priceFenPerUnit: 280 },
  benzathinePenicillin: { atc: 'J01CE08', display: 'benzathine benzylpenicillin', zh: '注射用苄星青霉素 120万单位', dose: 2.4, doseUnit: '10*6.[iU]', perDay: 1, route: '分两侧臀部肌内注射', packUnit: '支', unitsPerDose: 2, priceFenPerUnit: 1200 },
} as const satisfies Record<string, Drug>;

export type DrugKey = keyof typeof DRUGS;

// ---------------------------------------------------------------------------------------------
// Operations and procedures (ICD-9-CM volume 3, the classification 病案首页 codes operations in)

export interface ProcedureDef {
  code: string;
  display: string;
  zh: string;
  minutes: readonly [number, number];
  priceFen: number;
  /** Device kind the procedure uses, linked through Procedure.focalDevice. */
  device?: string;
}

export const PROCEDURES = {
  appendectomy: { code: '47.01', display: 'Laparoscopic appendectomy', zh: '腹腔镜下阑尾切除术', minutes: [40, 90], priceFen: 180000, device: 'laparoscope' },
  cholecystectomy: { code: '51.23', display: 'Laparoscopic cholecystectomy', zh: '腹腔镜下胆囊切除术', minutes: [50, 120], priceFen: 250000, device: 'laparoscope' },
  herniaRepair: { code: '53.00', display: 'Unilateral repair of inguinal hernia, not otherwise specified', zh: '单侧腹股沟疝修补术', minutes: [45, 90], priceFen: 150000 },
  hemiarthroplasty: { code: '81.52', display: 'Partial hip replacement', zh: '人工股骨头置换术', minutes: [90, 150], priceFen: 900000, device: 'anaesthesia-machine' },
  closedReductionRadius: { code: '79.02', display: 'Closed reduction of fracture without internal fixation, radius and ulna', zh: '桡骨远端骨折闭合复位石膏外固定术', minutes: [20, 40], priceFen: 60000 },
  skinSuture: { code: '86.59', display: 'Closure of skin and subcutaneous tissue of other sites', zh: '头皮清创缝合术', minutes: [15, 40], priceFen: 15000 },
  ptca: { code: '00.66', display: 'Percutaneous transluminal coronary angioplasty [PTCA]', zh: '经皮冠状动脉腔内成形术', minutes: [60, 120], priceFen: 800000, device: 'dsa' },
  drugElutingStent: { code: '36.07', display: 'Insertion of drug-eluting coronary artery stent(s)', zh: '冠状动脉药物洗脱支架置入术', minutes: [20, 40], priceFen: 120000, device: 'dsa' },
  intubation: { code: '96.04', display: 'Insertion of endotracheal tube', zh: '气管插管术', minutes: [10, 20], priceFen: 30000 },
  ventilation: { code: '96.71', display: 'Continuous invasive mechanical ventilation for less than 96 consecutive hours', zh: '有创机械通气（<96小时）', minutes: [600, 2880], priceFen: 120000, device: 'ventilator' },
  oxygen: { code: '93.96', display: 'Other oxygen enrichment', zh: '氧疗', minutes: [600, 4320], priceFen: 8000 },
  gastroscopy: { code: '44.13', display: 'Other gastroscopy', zh: '电子胃镜检查', minutes: [10, 25], priceFen: 35000 },
} as const satisfies Record<string, ProcedureDef>;

export type ProcedureKey = keyof typeof PROCEDURES;

// ---------------------------------------------------------------------------------------------
// Diagnoses and the care pathways that go with them

export type EncounterClass = 'AMB' | 'EMER' | 'IMP';
export type ClinicalDept = 'NK' | 'WK' | 'EK' | 'JZK';

export interface Scenario {
  icd: string;
  display: string;
  zh: string;
  dept: ClinicalDept;
  classes: readonly EncounterClass[];
  weight: number;
  /** Age band the pathway applies to, in years; paediatric pathways stop at 13. */
  ages: readonly [number, number];
  /** Pathways that only apply to one sex (a breast lump work-up here). */
  sex?: Gender;
  chronic?: boolean;
  complaint: string;
  history: string;
  labs: readonly LabPanelKey[];
  /** Tests that come back high (or low for HDL) more often than not. */
  abnormal?: Readonly<Record<string, 'H' | 'L'>>;
  imaging?: { exam: ImagingKey; finding: string; impression: string };
  procedures?: readonly ProcedureKey[];
  drugs: readonly DrugKey[];
  fever?: boolean;
  hypertensive?: boolean;
  hypoxic?: boolean;
  stay?: readonly [number, number];
}

export const SCENARIOS: readonly Scenario[] = [
  // 内科
  { icd: 'I10', display: 'Essential (primary) hypertension', zh: '原发性高血压', dept: 'NK', classes: ['AMB'], weight: 12, ages: [30, 95], chronic: true, complaint: '反复头晕、头痛2年，加重1周', history: '无明显诱因出现头晕、头痛，自测血压最高165/100mmHg', labs: ['chemistry', 'lipids'], drugs: ['amlodipine', 'nifedipine'], hypertensive: true },
  { icd: 'E11.9', display: 'Type 2 diabetes mellitus without complications', zh: '2型糖尿病', dept: 'NK', classes: ['AMB', 'IMP'], weight: 10, ages: [30, 95], chronic: true, complaint: '口干、多饮、多尿3个月', history: '出现口干、多饮、多尿，体重下降约4kg，外院查空腹血糖10.2mmol/L', labs: ['chemistry', 'hba1c', 'lipids'], abnormal: { '14749-6': 'H', '4548-4': 'H' }, drugs: ['metformin', 'acarbose'], stay: [5, 10] },
  { icd: 'J18.9', display: 'Pneumonia, unspecified', zh: '社区获得性肺炎', dept: 'NK', classes: ['AMB', 'IMP'], weight: 9, ages: [14, 95], complaint: '发热、咳嗽、咳黄痰4天', history: '受凉后出现发热，最高体温39.2℃，伴咳嗽、咳黄痰，自服感冒药无好转', labs: ['cbc', 'crp'], abnormal: { '6690-2': 'H', '1988-5': 'H' }, imaging: { exam: 'ct-chest', finding: '右肺下叶可见斑片状高密度影，边缘模糊，内见支气管充气征；余肺野清晰；双侧胸腔未见积液。', impression: '右肺下叶炎症，请结合临床。' }, drugs: ['ceftriaxone', 'levofloxacin', 'ambroxol'], fever: true, stay: [5, 12] },
  { icd: 'I25.1', display: 'Atherosclerotic heart disease', zh: '冠状动脉粥样硬化性心脏病', dept: 'NK', classes: ['AMB', 'IMP'], weight: 8, ages: [40, 95], chronic: true, complaint: '活动后胸闷、胸痛1月', history: '快走或上楼时出现胸骨后闷痛，持续3~5分钟，休息后可缓解', labs: ['chemistry', 'lipids', 'cbc'], abnormal: { '22748-8': 'H', '14647-2': 'H' }, procedures: ['ptca', 'drugElutingStent'], drugs: ['aspirin', 'clopidogrel', 'atorvastatin', 'nitroglycerin'], stay: [4, 8] },
  { icd: 'I63.9', display: 'Cerebral infarction, unspecified', zh: '脑梗死', dept: 'NK', classes: ['IMP'], weight: 5, ages: [45, 95], complaint: '右侧肢体无力伴言语不清6小时', history: '晨起时发现右侧肢体无力，持物不稳，伴言语含糊，无头痛、呕吐', labs: ['cbc', 'chemistry', 'lipids'], abnormal: { '14647-2': 'H' }, imaging: { exam: 'mr-brain', finding: '左侧基底节区可见斑片状长T1长T2信号，DWI呈高信号，ADC值减低。', impression: '左侧基底节区急性脑梗死。' }, drugs: ['aspirin', 'atorvastatin'], hypertensive: true, stay: [10, 16] },
  { icd: 'J44.1', display: 'Chronic obstructive pulmonary disease with acute exacerbation, unspecified', zh: '慢性阻塞性肺疾病急性加重', dept: 'NK', classes: ['IMP'], weight: 4, ages: [50, 95], chronic: true, complaint: '反复咳嗽、咳痰10年，气促加重3天', history: '受凉后咳嗽加重，咳白黏痰，活动后气促明显', labs: ['cbc', 'crp'], abnormal: { '6690-2': 'H', '1988-5': 'H' }, imaging: { exam: 'dx-chest', finding: '双肺纹理增多、紊乱，肺野透亮度增高，膈肌低平。', impression: '慢性支气管炎、肺气肿改变。' }, procedures: ['oxygen'], drugs: ['budesonide', 'salbutamol', 'cefuroxime'], hypoxic: true, stay: [7, 12] },
  { icd: 'K29.7', display: 'Gastritis, unspecified', zh: '慢性胃炎', dept: 'NK', classes: ['AMB'], weight: 8, ages: [18, 90], complaint: '反复上腹部隐痛、反酸2月', history: '进食后上腹部隐痛不适，伴反酸、嗳气', labs: ['cbc'], procedures: ['gastroscopy'], drugs: ['omeprazole'] },
  { icd: 'E78.5', display: 'Hyperlipidaemia, unspecified', zh: '高脂血症', dept: 'NK', classes: ['AMB'], weight: 6, ages: [30, 90], chronic: true, complaint: '体检发现血脂升高1周', history: '单位体检发现总胆固醇及甘油三酯升高，无不适', labs: ['lipids', 'chemistry'], abnormal: { '14647-2': 'H', '14927-8': 'H', '22748-8': 'H' }, drugs: ['atorvastatin'] },
  { icd: 'N39.0', display: 'Urinary tract infection, site not specified', zh: '尿路感染', dept: 'NK', classes: ['AMB'], weight: 5, ages: [16, 90], complaint: '尿频、尿急、尿痛2天', history: '无明显诱因出现尿频、尿急、尿痛，无肉眼血尿', labs: ['cbc'], abnormal: { '6690-2': 'H' }, drugs: ['levofloxacin'] },
  // 外科
  { icd: 'K35.8', display: 'Acute appendicitis, other and unspecified', zh: '急性阑尾炎', dept: 'WK', classes: ['IMP'], weight: 8, ages: [14, 85], complaint: '转移性右下腹痛12小时', history: '脐周疼痛后转移并固定于右下腹，伴恶心，无呕吐', labs: ['cbc', 'crp'], abnormal: { '6690-2': 'H', '1988-5': 'H' }, imaging: { exam: 'ct-abdomen', finding: '阑尾增粗，直径约1.1cm，壁增厚，周围脂肪间隙模糊。', impression: '急性阑尾炎。' }, procedures: ['appendectomy'], drugs: ['ceftriaxone', 'metronidazole'], fever: true, stay: [3, 6] },
  { icd: 'K80.2', display: 'Calculus of gallbladder without cholecystitis', zh: '胆囊结石', dept: 'WK', classes: ['AMB', 'IMP'], weight: 7, ages: [25, 90], complaint: '反复右上腹隐痛半年', history: '进食油腻食物后右上腹隐痛，向右肩背部放射', labs: ['cbc', 'chemistry'], imaging: { exam: 'us-abdomen', finding: '胆囊大小正常，壁稍毛糙，腔内可见多个强回声团，最大约1.2cm，后伴声影，随体位移动。', impression: '胆囊多发结石。' }, procedures: ['cholecystectomy'], drugs: ['cefuroxime'], stay: [4, 7] },
  { icd: 'K40.9', display: 'Unilateral or unspecified inguinal hernia, without obstruction or gangrene', zh: '腹股沟疝', dept: 'WK', classes: ['AMB', 'IMP'], weight: 5, ages: [18, 90], complaint: '右侧腹股沟区可复性包块1年', history: '站立或咳嗽时右侧腹股沟区出现包块，平卧后可回纳', labs: ['cbc'], procedures: ['herniaRepair'], drugs: ['cefuroxime'], stay: [3, 5] },
  { icd: 'S72.0', display: 'Fracture of neck of femur', zh: '股骨颈骨折', dept: 'WK', classes: ['IMP'], weight: 4, ages: [60, 98], complaint: '摔倒致右髋部疼痛、活动受限1天', history: '在家中滑倒，右髋着地，当即右髋疼痛，不能站立行走', labs: ['cbc', 'chemistry'], imaging: { exam: 'dx-hip', finding: '右侧股骨颈骨皮质连续性中断，断端错位。', impression: '右股骨颈骨折（头下型）。' }, procedures: ['hemiarthroplasty'], drugs: ['enoxaparin', 'celecoxib'], stay: [8, 14] },
  { icd: 'S52.5', display: 'Fracture of lower end of radius', zh: '桡骨远端骨折', dept: 'WK', classes: ['AMB'], weight: 4, ages: [14, 90], complaint: '摔倒致左腕部肿痛2小时', history: '行走时跌倒，左手撑地，当即左腕部肿痛、畸形', labs: [], imaging: { exam: 'dx-wrist', finding: '左桡骨远端骨质断裂，远折端向背侧移位。', impression: '左桡骨远端骨折（Colles骨折）。' }, procedures: ['closedReductionRadius'], drugs: ['ibuprofen'] },
  { icd: 'N63', display: 'Unspecified lump in breast', zh: '乳腺肿块', dept: 'WK', classes: ['AMB'], weight: 3, ages: [20, 80], sex: 'female', complaint: '发现左乳肿块2周', history: '洗澡时无意中发现左乳外上象限肿块，无疼痛，无乳头溢液', labs: [], imaging: { exam: 'us-breast', finding: '左乳外上象限可见一低回声结节，大小约1.2×0.8cm，边界清，形态规则，内未见明显血流信号。', impression: '左乳实性结节，BI-RADS 3类，建议定期复查。' }, drugs: [] },
  // 儿科
  { icd: 'J06.9', display: 'Acute upper respiratory infection, unspecified', zh: '急性上呼吸道感染', dept: 'EK', classes: ['AMB'], weight: 12, ages: [0, 13], complaint: '发热、流涕、咳嗽2天', history: '受凉后出现发热，最高体温38.6℃，伴流涕、轻咳', labs: ['cbc'], drugs: ['ibuprofenSuspension', 'ambroxol'], fever: true },
  { icd: 'J20.9', display: 'Acute bronchitis, unspecified', zh: '急性支气管炎', dept: 'EK', classes: ['AMB'], weight: 7, ages: [1, 13], complaint: '咳嗽5天，发热1天', history: '出现阵发性咳嗽，有痰不易咳出，昨日起发热', labs: ['cbc', 'crp'], imaging: { exam: 'dx-chest', finding: '双肺纹理增多、增粗，未见明确实变影。', impression: '支气管炎改变。' }, drugs: ['amoxicillin', 'ambroxol'], fever: true },
  { icd: 'J18.9', display: 'Pneumonia, unspecified', zh: '支气管肺炎', dept: 'EK', classes: ['IMP'], weight: 5, ages: [0, 13], complaint: '发热、咳嗽6天', history: '发热，热峰39.5℃，咳嗽渐加重，外院口服头孢类药物3天效果不佳', labs: ['cbc', 'crp'], abnormal: { '1988-5': 'H' }, imaging: { exam: 'dx-chest', finding: '双肺中下野可见散在斑片状模糊影。', impression: '支气管肺炎。' }, drugs: ['azithromycin', 'budesonide', 'ibuprofenSuspension'], fever: true, stay: [5, 9] },
  { icd: 'A09', display: 'Other gastroenteritis and colitis of infectious and unspecified origin', zh: '感染性腹泻', dept: 'EK', classes: ['AMB'], weight: 6, ages: [0, 13], complaint: '腹泻、呕吐1天', history: '出现呕吐3次、稀水样便6次，无脓血，精神稍差', labs: ['cbc'], drugs: ['diosmectite', 'oralRehydration'] },
  { icd: 'J45.9', display: 'Asthma, unspecified', zh: '支气管哮喘', dept: 'EK', classes: ['AMB'], weight: 3, ages: [3, 13], chronic: true, complaint: '反复喘息1年，再发2天', history: '接触冷空气后出现喘息、气促，夜间明显', labs: [], drugs: ['budesonide', 'salbutamol'] },
  // 急诊科
  { icd: 'R07.4', display: 'Chest pain, unspecified', zh: '胸痛待查', dept: 'JZK', classes: ['EMER'], weight: 6, ages: [25, 95], complaint: '突发胸痛2小时', history: '休息时突发胸骨后疼痛，呈压榨样，伴出汗', labs: ['cbc', 'chemistry'], imaging: { exam: 'dx-chest', finding: '双肺纹理清晰，心影不大。', impression: '心肺未见明显异常。' }, drugs: ['aspirin', 'nitroglycerin'], hypertensive: true },
  { icd: 'S06.0', display: 'Concussion', zh: '脑震荡', dept: 'JZK', classes: ['EMER'], weight: 5, ages: [3, 90], complaint: '头部外伤后头痛、头晕1小时', history: '骑电动车摔倒，头部着地，短暂意识不清约1分钟，醒后头痛、头晕', labs: [], imaging: { exam: 'ct-head', finding: '脑实质内未见明显出血及异常密度影，中线结构居中，颅骨未见骨折。', impression: '颅内未见明显出血。' }, drugs: ['paracetamol'] },
  { icd: 'S01.0', display: 'Open wound of scalp', zh: '头皮裂伤', dept: 'JZK', classes: ['EMER'], weight: 5, ages: [2, 90], complaint: '头部外伤出血30分钟', history: '不慎撞伤头部，头顶部皮肤裂开出血', labs: [], procedures: ['skinSuture'], drugs: ['cefuroxime'] },
  { icd: 'R50.9', display: 'Fever, unspecified', zh: '发热', dept: 'JZK', classes: ['EMER'], weight: 6, ages: [0, 95], complaint: '发热1天', history: '出现发热，最高体温39.4℃，伴畏寒、乏力', labs: ['cbc', 'crp'], abnormal: { '1988-5': 'H' }, drugs: ['paracetamol'], fever: true },
  { icd: 'J96.0', display: 'Acute respiratory failure', zh: '急性呼吸衰竭', dept: 'JZK', classes: ['EMER'], weight: 2, ages: [40, 95], complaint: '气促进行性加重1天，意识模糊2小时', history: '既往慢阻肺病史，1天前气促加重，2小时前家属发现呼之反应差', labs: ['cbc', 'chemistry', 'crp'], abnormal: { '6690-2': 'H', '1988-5': 'H' }, imaging: { exam: 'dx-chest', finding: '双肺透亮度增高，双下肺可见斑片影。', impression: '肺气肿并双下肺感染。' }, procedures: ['intubation', 'ventilation'], drugs: ['ceftriaxone'], hypoxic: true },
];

/** Chronic illnesses adults carry alongside the reason for the visit. */
export const COMORBIDITIES: readonly Pick<Scenario, 'icd' | 'display' | 'zh'>[] = [
  { icd: 'I10', display: 'Essential (primary) hypertension', zh: '原发性高血压' },
  { icd: 'E11.9', display: 'Type 2 diabetes mellitus without complications', zh: '2型糖尿病' },
  { icd: 'E78.5', display: 'Hyperlipidaemia, unspecified', zh: '高脂血症' },
];

/** Diagnoses that only come with level-5 content. */
export const LEVEL5_DIAGNOSES = {
  hiv: { icd: 'Z21', display: 'Asymptomatic human immunodeficiency virus [HIV] infection status', zh: 'HIV抗体筛查阳性（待确证）' },
  syphilis: { icd: 'A53.0', display: 'Latent syphilis, unspecified as early or late', zh: '潜伏梅毒' },
  depression: { icd: 'F32.9', display: 'Depressive episode, unspecified', zh: '抑郁发作' },
  anxiety: { icd: 'F41.1', display: 'Generalized anxiety disorder', zh: '广泛性焦虑障碍' },
} as const;

// ---------------------------------------------------------------------------------------------
// Allergies

export interface AllergyDef {
  zh: string;
  category: 'medication' | 'food' | 'environment';
  atc?: { code: string; display: string };
  reaction: string;
}

export const ALLERGIES: readonly Weighted<AllergyDef>[] = [
  [{ zh: '青霉素类', category: 'medication', atc: { code: 'J01C', display: 'Beta-lactam antibacterials, penicillins' }, reaction: '皮疹、瘙痒' }, 5],
  [{ zh: '头孢菌素类', category: 'medication', atc: { code: 'J01D', display: 'Other beta-lactam antibacterials' }, reaction: '荨麻疹' }, 2],
  [{ zh: '磺胺类', category: 'medication', atc: { code: 'J01E', display: 'Sulfonamides and trimethoprim' }, reaction: '药疹' }, 1],
  [{ zh: '阿司匹林', category: 'medication', atc: { code: 'N02BA01', display: 'acetylsalicylic acid' }, reaction: '哮喘发作' }, 1],
  [{ zh: '海鲜（虾、蟹）', category: 'food', reaction: '口唇肿胀、荨麻疹' }, 2],
  [{ zh: '鸡蛋', category: 'food', reaction: '皮疹' }, 1],
  [{ zh: '花粉', category: 'environment', reaction: '打喷嚏、流涕' }, 1],
];

// ---------------------------------------------------------------------------------------------
// Billing (invented item codes; prices in fen, in the range of a Chinese tertiary hospital)

export const CHARGE_ITEMS = {
  consultOutpatient: { code: 'ZC-01', zh: '普通门诊诊查费', priceFen: 2000 },
  consultEmergency: { code: 'ZC-02', zh: '急诊诊查费', priceFen: 2500 },
  bed: { code: 'CW-01', zh: '普通病房床位费（日）', priceFen: 6000 },
  nursing: { code: 'HL-02', zh: '二级护理（日）', priceFen: 3000 },
  lab: { code: 'JY', zh: '检验费' },
  imaging: { code: 'JC', zh: '检查费' },
  procedure: { code: 'SS', zh: '手术治疗费' },
  drugs: { code: 'YP-01', zh: '西药费' },
  psychConsult: { code: 'ZC-05', zh: '精神科会诊费', priceFen: 5000 },
} as const;

export const HIV_SCREEN_PRICE_FEN = 4000;
export const SYPHILIS_SCREEN_PRICE_FEN = 4500;
