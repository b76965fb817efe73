/**
 * Chinese clinical document text (入院记录, 出院记录, 门急诊病历, 精神科会诊记录). The layout follows
 * the sections of the national 病历书写基本规范 so masking and search are exercised on realistic
 * text; every fact in it comes from the synthetic record it belongs to.
 */

export interface NoteVitals {
  temperature: number;
  heartRate: number;
  respiratoryRate: number;
  systolic?: number;
  diastolic?: number;
}

export interface NoteContext {
  patientName: string;
  genderZh: string;
  age: number;
  deptZh: string;
  doctorName: string;
  complaint: string;
  history: string;
  pastHistory: string;
  allergyText: string;
  vitals: NoteVitals;
  diagnoses: string[];
  findings: string[];
  treatments: string[];
  operations: string[];
}

const vitalsLine = (v: NoteVitals): string =>
  `T ${v.temperature.toFixed(1)}℃，P ${v.heartRate}次/分，R ${v.respiratoryRate}次/分${v.systolic !== undefined ? `，BP ${v.systolic}/${v.diastolic}mmHg` : ''}。`;

const header = (title: string, c: NoteContext, when: string) => `${title}\n姓名：${c.patientName}　性别：${c.genderZh}　年龄：${c.age}岁　科室：${c.deptZh}\n记录时间：${when}\n`;

const numbered = (items: string[]): string => items.map((item, i) => `${i + 1}. ${item}`).join('\n');

export function admissionNote(c: NoteContext, when: string): string {
  return [
    header('入院记录', c, when),
    `主诉：${c.complaint}。`,
    `现病史：患者${c.history}，门诊拟"${c.diagnoses[0] ?? '待查'}"收入我科。病程中精神、食欲可，大小便无明显异常。`,
    `既往史：${c.pastHistory}。${c.allergyText}。`,
    `体格检查：${vitalsLine(c.vitals)}神志清楚，查体合作，心肺听诊未闻及明显异常，腹软。`,
    c.findings.length > 0 ? `辅助检查：${c.findings.join('；')}` : '辅助检查：入院后完善。',
    `初步诊断：\n${numbered(c.diagnoses)}`,
    `医师签名：${c.doctorName}`,
  ].join('\n');
}

export function dischargeSummary(c: NoteContext, admitted: string, discharged: string, days: number): string {
  const course = [
    c.findings.length > 0 ? `入院后完善相关检查，${c.findings.join('；')}` : '入院后完善相关检查',
    c.operations.length > 0 ? `行${c.operations.join('、')}，手术顺利，术后恢复好` : null,
    c.treatments.length > 0 ? `予${c.treatments.join('、')}等治疗` : null,
  ].filter((part): part is string => part !== null);
  return [
    header('出院记录', c, discharged),
    `入院日期：${admitted}　出院日期：${discharged}　住院天数：${days}天`,
    `入院情况：${c.complaint}。`,
    `诊疗经过：${course.join('；')}。`,
    `出院诊断：\n${numbered(c.diagnoses)}`,
    '出院情况：患者一般情况可，症状明显缓解，生命体征平稳。',
    `出院医嘱：\n${numbered(['注意休息，清淡饮食', '遵医嘱按时服药', '1周后门诊复诊，不适随诊'])}`,
    `医师签名：${c.doctorName}`,
  ].join('\n');
}

export function visitNote(c: NoteContext, when: string, emergency: boolean): string {
  return [
    header(emergency ? '急诊病历' : '门诊病历', c, when),
    `主诉：${c.complaint}。`,
    `现病史：患者${c.history}。`,
    `既往史：${c.pastHistory}。${c.allergyText}。`,
    `查体：${vitalsLine(c.vitals)}`,
    c.findings.length > 0 ? `辅助检查：${c.findings.join('；')}` : '辅助检查：暂无。',
    `诊断：${c.diagnoses.join('；')}`,
    `处理：${c.treatments.length > 0 ? `予${c.treatments.join('、')}` : '对症处理'}${c.operations.length > 0 ? `，行${c.operations.join('、')}` : ''}，不适随诊。`,
    `医师签名：${c.doctorName}`,
  ].join('\n');
}

export function psychiatryConsultNote(c: NoteContext, when: string, diagnosisZh: string, psychiatrist: string, depressive: boolean): string {
  const symptoms = depressive
    ? '近3月情绪低落，兴趣减退，入睡困难、早醒，自觉乏力，注意力下降，对前途悲观'
    : '近半年无明显诱因反复出现紧张、担心，坐立不安，伴心慌、出汗、入睡困难，自知过分担心但难以控制';
  const mental = depressive
    ? '意识清，接触被动，情绪低落，思维迟缓，言语减少，未引出幻觉、妄想，否认消极观念，自知力存在。'
    : '意识清，接触可，焦虑面容，坐立不安，未引出幻觉、妄想，否认消极观念，自知力完整。';
  return [
    header('精神科会诊记录', c, when),
    `申请科室：${c.deptZh}　申请医师：${c.doctorName}　会诊医师：${psychiatrist}`,
    `会诊目的：患者${symptoms}，请协助诊治。`,
    `精神检查：${mental}`,
    `会诊诊断：${diagnosisZh}`,
    `建议：\n${numbered(['盐酸舍曲林片50mg，每日1次，口服，注意观察不良反应', '予支持性心理治疗，家属陪护', '2周后心身医学门诊复诊'])}`,
    `会诊医师签名：${psychiatrist}`,
  ].join('\n');
}
