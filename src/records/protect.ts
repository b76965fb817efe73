import type { EnvelopeOpener, Keyring } from '../crypto/index.js';
import { codings, ID_CARD_SYSTEM, MRN_SYSTEM, type FhirResource } from './fhir-facts.js';

export const RECORDS_KEY_PURPOSE = 'records';
/** Level 3 and above (re-identifiable, identifying, special category) never rest in the clear. */
export const ENCRYPT_FROM_LEVEL = 3;

/** Binds a ciphertext to its row: a payload copied onto another record fails to decrypt. */
export function recordAad(resourceType: string, id: string): Buffer {
  return Buffer.from(`yixiang-record/v1|${resourceType}|${id}`);
}

export async function protectPayload(keyring: Keyring, resource: FhirResource, level: number): Promise<{ payload: string; encrypted: number }> {
  if (level < ENCRYPT_FROM_LEVEL) return { payload: JSON.stringify(resource), encrypted: 0 };
  const envelope = await keyring.encryptJson(RECORDS_KEY_PURPOSE, resource, recordAad(resource.resourceType, resource.id!));
  return { payload: envelope.toString('base64'), encrypted: 1 };
}

/** The same for a resource already serialised (UTF-8 JSON), which spares serialising it again. */
export async function protectJson(keyring: Keyring, json: Buffer, resourceType: string, id: string, level: number): Promise<{ payload: string; encrypted: number }> {
  if (level < ENCRYPT_FROM_LEVEL) return { payload: json.toString('utf8'), encrypted: 0 };
  const envelope = await keyring.encrypt(RECORDS_KEY_PURPOSE, json, recordAad(resourceType, id));
  return { payload: envelope.toString('base64'), encrypted: 1 };
}

export async function revealPayload(keyring: Keyring, row: { resource_type: string; id: string; payload: string; encrypted: number }): Promise<FhirResource> {
  if (!row.encrypted) return JSON.parse(row.payload) as FhirResource;
  return keyring.decryptJson<FhirResource>(row.payload, recordAad(row.resource_type, row.id));
}

/** `revealPayload` with keys released to this thread (a worker of a bulk read), synchronously. */
export function revealPayloadWith(opener: EnvelopeOpener, row: { resource_type: string; id: string; payload: string; encrypted: number }): FhirResource {
  if (!row.encrypted) return JSON.parse(row.payload) as FhirResource;
  return opener.openJson<FhirResource>(row.payload, recordAad(row.resource_type, row.id));
}

/** Level-5 codes are themselves revealing (an HIV test was done), so they are stored as a blind index. */
export async function storedCode(keyring: Keyring, code: { system?: string; code?: string } | null, level: number): Promise<string | null> {
  if (!code?.code) return null;
  const plain = `${code.system ?? ''}|${code.code}`;
  return level >= 5 ? `bi:${await keyring.blindIndex('record-code', plain)}` : plain;
}

/** What a code search must match: the plain form and its blind form. */
export async function codeSearchForms(keyring: Keyring, system: string, code: string): Promise<string[]> {
  const plain = `${system}|${code}`;
  return [plain, `bi:${await keyring.blindIndex('record-code', plain)}`];
}

type Json = Record<string, unknown>;

/** The identifiers a patient can be looked up by, each later stored only as a blind index. */
export function patientLookupValues(patient: FhirResource): { kind: string; value: string }[] {
  const values: { kind: string; value: string }[] = [];
  for (const identifier of (Array.isArray(patient.identifier) ? patient.identifier : []) as Json[]) {
    if (typeof identifier.value !== 'string') continue;
    if (identifier.system === MRN_SYSTEM) values.push({ kind: 'mrn', value: identifier.value });
    if (identifier.system === ID_CARD_SYSTEM) values.push({ kind: 'id-card', value: identifier.value });
  }
  for (const telecom of (Array.isArray(patient.telecom) ? patient.telecom : []) as Json[]) {
    if (telecom.system === 'phone' && typeof telecom.value === 'string') values.push({ kind: 'phone', value: telecom.value.replace(/[\s-]/g, '') });
  }
  for (const name of (Array.isArray(patient.name) ? patient.name : []) as Json[]) {
    const text = typeof name.text === 'string' ? name.text : [name.family, ...((name.given as string[]) ?? [])].filter(Boolean).join('');
    if (text) values.push({ kind: 'name', value: text.replace(/\s+/g, '') });
  }
  return values;
}

export { codings };
