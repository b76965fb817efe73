import type { CatalogResourceDefinition } from '../types.js';
import { text } from './fields.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Equipment management: the equipment ledger. Shared unconditionally because it holds no personal
 * information: `Device.patient` (implants, devices assigned to a patient) is deliberately not a
 * field, so no projection of this resource can ever reveal a patient link.
 */
export const EQUIPMENT: CatalogResourceDefinition = {
  code: 'MGMT_EQUIPMENT',
  name: text('设备管理信息', 'Medical equipment'),
  description: text(
    '医疗设备台账:设备名称、型号、厂家、序列号、状态、存放位置与使用科室。不含与患者关联的信息。',
    'The medical equipment ledger: name, model, manufacturer, serial number, status, location and owning department. Holds nothing that links to a patient.',
  ),
  category: 'management',
  gbCategory: 'health_resources',
  ownerDepartmentCode: 'SBK',
  shareType: 'unconditional',
  shareCondition: null,
  legalBasis: null,
  defaultLevel: 1,
  specialCategory: null,
  fhirResourceTypes: ['Device'],
  matches: [{ resourceType: 'Device', priority: PRIORITY_CATCH_ALL }],
  fields: [
    { name: 'assetNumber', label: text('资产编号', 'Asset number'), type: 'identifier', level: 1, identifierKind: 'none', fhirPath: 'Device.identifier' },
    { name: 'udi', label: text('医疗器械唯一标识', 'Unique device identifier'), type: 'identifier', level: 1, identifierKind: 'none', fhirPath: 'Device.udiCarrier.deviceIdentifier' },
    { name: 'deviceName', label: text('设备名称', 'Device name'), type: 'string', level: 1, identifierKind: 'none', fhirPath: 'Device.deviceName.name' },
    { name: 'deviceType', label: text('设备类别', 'Device type'), type: 'code', level: 1, identifierKind: 'none', fhirPath: 'Device.type' },
    { name: 'manufacturer', label: text('生产厂家', 'Manufacturer'), type: 'string', level: 1, identifierKind: 'none', fhirPath: 'Device.manufacturer' },
    { name: 'modelNumber', label: text('型号', 'Model number'), type: 'string', level: 1, identifierKind: 'none', fhirPath: 'Device.modelNumber' },
    { name: 'serialNumber', label: text('序列号', 'Serial number'), type: 'string', level: 1, identifierKind: 'none', fhirPath: 'Device.serialNumber' },
    { name: 'status', label: text('设备状态', 'Status'), type: 'code', level: 1, identifierKind: 'none', fhirPath: 'Device.status' },
    { name: 'location', label: text('存放位置', 'Location'), type: 'reference', level: 1, identifierKind: 'none', fhirPath: 'Device.location' },
    { name: 'owner', label: text('使用科室', 'Owning department'), type: 'reference', level: 1, identifierKind: 'none', fhirPath: 'Device.owner' },
    { name: 'manufactureDate', label: text('出厂日期', 'Manufacture date'), type: 'datetime', level: 1, identifierKind: 'none', fhirPath: 'Device.manufactureDate' },
    { name: 'expirationDate', label: text('有效期至', 'Expiration date'), type: 'datetime', level: 1, identifierKind: 'none', fhirPath: 'Device.expirationDate' },
  ],
  updateFrequency: 'on_change',
  format: 'FHIR R4 JSON',
  status: 'published',
};
