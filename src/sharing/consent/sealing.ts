import type { Keyring } from '../../crypto/index.js';

/**
 * Signed forms are sealed with envelope encryption, bound (AAD) to the form and its patient: a
 * sealed file copied onto another form row, or another patient's, does not open.
 */
export const CONSENT_KEY_PURPOSE = 'consents';

const aad = (formId: string, patientId: string) => Buffer.from(`yixiang-consent-form/v1|${formId}|${patientId}`);

export async function sealForm(keyring: Keyring, formId: string, patientId: string, bytes: Buffer): Promise<string> {
  return (await keyring.encrypt(CONSENT_KEY_PURPOSE, bytes, aad(formId, patientId))).toString('base64');
}

export function openForm(keyring: Keyring, formId: string, patientId: string, sealed: string): Promise<Buffer> {
  return keyring.decrypt(sealed, aad(formId, patientId));
}
