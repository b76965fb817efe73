import type { Grant } from '../../access/index.js';

/**
 * A grant to a partner institution as a FHIR `Group` (the cohort a Bulk Data export reads), with
 * the grant's id as the Group's. Pure.
 *
 * Members are listed only where the grant names its patients and shows them identified: a
 * pseudonymised or de-identified grant hands the partner pseudonyms, and a list of real patient ids
 * beside them would undo that, so such a Group gives only how many patients it names. A grant by
 * criteria or for all patients has no list to give: its criteria are stated as characteristics.
 */
export type GroupGrant = Pick<Grant, 'id' | 'patientScope' | 'maskingProfile' | 'purpose' | 'catalogCode' | 'dataFrom' | 'dataTo' | 'validFrom' | 'validTo' | 'createdAt'>;

interface Characteristic {
  code: { coding?: { system: string; code: string; display?: string }[]; text: string };
  valueCodeableConcept?: { coding: { system: string; code: string }[]; text?: string };
  valueBoolean?: true;
  /** R4 has no Period value: a dated criterion is `valueBoolean: true` over its period. */
  period?: { start?: string; end?: string };
  exclude: false;
}

export const GRANT_SYSTEM = 'urn:yixiang:grant';
const CHARACTERISTIC_SYSTEM = 'urn:yixiang:group-characteristic';

const characteristic = (code: string, text: string, value: Omit<Characteristic, 'code' | 'exclude'>): Characteristic => ({ code: { coding: [{ system: CHARACTERISTIC_SYSTEM, code }], text }, ...value, exclude: false });

function characteristicsOf(grant: GroupGrant): Characteristic[] {
  const found: Characteristic[] = [];
  if (grant.patientScope.kind === 'criteria') {
    const { departmentCode, diagnosisCode, from, to } = grant.patientScope.criteria;
    if (departmentCode) found.push(characteristic('department', 'Records produced by this department', { valueCodeableConcept: { coding: [{ system: 'urn:yixiang:department', code: departmentCode }] } }));
    if (diagnosisCode) {
      const [system, code] = diagnosisCode.split('|') as [string, string];
      found.push(characteristic('diagnosis', 'Patients with this diagnosis', { valueCodeableConcept: { coding: [{ system, code }] } }));
    }
    if (from || to) found.push(characteristic('record-period', 'Records dated in this period', { valueBoolean: true, period: { ...(from ? { start: from } : {}), ...(to ? { end: to } : {}) } }));
  }
  if (grant.dataFrom || grant.dataTo) found.push(characteristic('data-period', 'The period the shared data covers', { valueBoolean: true, period: { ...(grant.dataFrom ? { start: grant.dataFrom } : {}), ...(grant.dataTo ? { end: grant.dataTo } : {}) } }));
  found.push(characteristic('catalog-resource', 'The catalog resource shared', { valueCodeableConcept: { coding: [{ system: 'urn:yixiang:catalog', code: grant.catalogCode }] } }));
  found.push(characteristic('purpose-of-use', 'The purpose of use the data is shared for', { valueCodeableConcept: { coding: [{ system: 'urn:yixiang:purpose-of-use', code: grant.purpose }] } }));
  return found;
}

export function groupOf(grant: GroupGrant, name: string): Record<string, unknown> {
  const scope = grant.patientScope;
  const listed = scope.kind === 'patients' ? [...new Set(scope.patientIds)] : null;
  const members = listed && grant.maskingProfile === 'identified' ? listed : null;
  return {
    resourceType: 'Group',
    id: grant.id,
    meta: { lastUpdated: grant.createdAt },
    identifier: [{ system: GRANT_SYSTEM, value: grant.id }],
    active: true,
    type: 'person',
    actual: true,
    name,
    ...(listed ? { quantity: listed.length } : {}),
    characteristic: characteristicsOf(grant),
    ...(members ? { member: members.map((id) => ({ entity: { reference: `Patient/${id}` }, period: { start: grant.validFrom, end: grant.validTo } })) } : {}),
  };
}
