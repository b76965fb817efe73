import { csvRecords } from './csv.js';
import { DEPARTMENT_EXTENSION, type FhirResource } from './fhir-facts.js';

export const CSV_KINDS = ['personnel', 'equipment'] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

/**
 * Column names the hospital's HR and equipment exports use, and what they become. A `--map` option
 * can rename them (`staffId=员工编号`) for exports with other headers.
 */
export const DEFAULT_COLUMNS: Record<CsvKind, Record<string, string>> = {
  personnel: { staffId: '工号', name: '姓名', department: '科室编码', title: '职称', gender: '性别', phone: '电话' },
  equipment: { assetNumber: '资产编号', name: '设备名称', type: '设备类型', department: '科室编码', manufacturer: '厂家', model: '型号', status: '状态' },
};

const REQUIRED: Record<CsvKind, string[]> = { personnel: ['staffId', 'name', 'department'], equipment: ['assetNumber', 'name', 'department'] };

export function parseColumnMap(kind: CsvKind, overrides: string[] = []): Record<string, string> {
  const map = { ...DEFAULT_COLUMNS[kind] };
  for (const pair of overrides) {
    const [field, column] = pair.split('=');
    if (!field || !column || !(field in map)) throw new Error(`--map ${pair}: expected field=column with field one of ${Object.keys(map).join(', ')}`);
    map[field] = column;
  }
  return map;
}

const GENDER: Record<string, string> = { 男: 'male', 女: 'female', male: 'male', female: 'female' };
const department = (code: string) => [{ url: DEPARTMENT_EXTENSION, valueCode: code }];

/** Turns a personnel or equipment CSV into FHIR Practitioner / Device resources for the normal ingest path. */
export function resourcesFromCsv(kind: CsvKind, text: string, columns: Record<string, string>): FhirResource[] {
  const rows = csvRecords(text, REQUIRED[kind].map((field) => columns[field]!));
  const get = (row: Record<string, string>, field: string) => (columns[field] && row[columns[field]!]) || undefined;
  if (kind === 'personnel') {
    return rows.map((row) => ({
      resourceType: 'Practitioner',
      identifier: [{ system: 'urn:yixiang:staff', value: get(row, 'staffId') }],
      extension: department(get(row, 'department')!),
      active: true,
      name: [{ text: get(row, 'name') }],
      ...(get(row, 'gender') && GENDER[get(row, 'gender')!] && { gender: GENDER[get(row, 'gender')!] }),
      ...(get(row, 'phone') && { telecom: [{ system: 'phone', value: get(row, 'phone') }] }),
      ...(get(row, 'title') && { qualification: [{ code: { text: get(row, 'title') } }] }),
    }));
  }
  return rows.map((row) => ({
    resourceType: 'Device',
    identifier: [{ system: 'urn:yixiang:asset', value: get(row, 'assetNumber') }],
    extension: department(get(row, 'department')!),
    status: get(row, 'status') === '停用' || get(row, 'status') === 'inactive' ? 'inactive' : 'active',
    deviceName: [{ name: get(row, 'name'), type: 'user-friendly-name' }],
    ...(get(row, 'type') && { type: { text: get(row, 'type') } }),
    ...(get(row, 'manufacturer') && { manufacturer: get(row, 'manufacturer') }),
    ...(get(row, 'model') && { modelNumber: get(row, 'model') }),
  }));
}
