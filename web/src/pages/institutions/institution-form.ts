import type {
  CreateInstitutionInput,
  Institution,
  InstitutionKind,
  InstitutionStatus,
  LocalizedName,
  RegisterApiClientInput,
  UpdateInstitutionInput,
} from '../../api/types';
import { blankToNull } from '../../lib/format';

/** Form values after dates have been turned into YYYY-MM-DD strings. */
export interface InstitutionDraft {
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  status: InstitutionStatus;
  agreementStart: string | null;
  agreementEnd: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

function cleanName(name: LocalizedName): LocalizedName {
  return { zh: name.zh.trim(), en: name.en.trim() };
}

export function newInstitution(draft: InstitutionDraft): CreateInstitutionInput {
  return {
    code: draft.code.trim(),
    name: cleanName(draft.name),
    kind: draft.kind,
    agreementStart: draft.agreementStart,
    agreementEnd: draft.agreementEnd,
    contactName: blankToNull(draft.contactName),
    contactPhone: blankToNull(draft.contactPhone),
  };
}

/** Only what changed is sent, so the audit trail shows what the administrator actually edited. */
export function institutionChanges(original: Institution, draft: InstitutionDraft): UpdateInstitutionInput {
  const changes: UpdateInstitutionInput = {};
  const name = cleanName(draft.name);
  if (name.zh !== original.name.zh || name.en !== original.name.en) changes.name = name;
  if (draft.kind !== original.kind) changes.kind = draft.kind;
  if (draft.status !== original.status) changes.status = draft.status;
  if (draft.agreementStart !== original.agreementStart) changes.agreementStart = draft.agreementStart;
  if (draft.agreementEnd !== original.agreementEnd) changes.agreementEnd = draft.agreementEnd;
  const contactName = blankToNull(draft.contactName);
  if (contactName !== original.contactName) changes.contactName = contactName;
  const contactPhone = blankToNull(draft.contactPhone);
  if (contactPhone !== original.contactPhone) changes.contactPhone = contactPhone;
  return changes;
}

export type KeyFormat = 'jwks' | 'pem';

export type ParsedKey =
  | { ok: true; body: Pick<RegisterApiClientInput, 'jwks' | 'publicKeyPem'> }
  | { ok: false; reason: 'keyRequired' | 'jwksInvalid' | 'pemInvalid' | 'privateKey' };

/** JWK members that only a private key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Checks the pasted key's outer shape only, and that it is not a private key — one pasted by mistake
 * is stopped here, before it leaves the browser; whether the key itself is acceptable (type, size,
 * curve) is the server's decision and comes back as a problem detail.
 */
export function parsePublicKey(format: KeyFormat, text: string | undefined): ParsedKey {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return { ok: false, reason: 'keyRequired' };
  if (format === 'pem') {
    if (/PRIVATE KEY/.test(trimmed)) return { ok: false, reason: 'privateKey' };
    return /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(trimmed)
      ? { ok: true, body: { publicKeyPem: `${trimmed}\n` } }
      : { ok: false, reason: 'pemInvalid' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ok: false, reason: 'jwksInvalid' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'jwksInvalid' };
  // A single pasted JWK is common (tools print one key); wrap it rather than reject it.
  if ('kty' in parsed && !('keys' in parsed)) parsed = { keys: [parsed] };
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => k && typeof k === 'object' && !Array.isArray(k))) {
    return { ok: false, reason: 'jwksInvalid' };
  }
  if (keys.some((k) => PRIVATE_MEMBERS.some((member) => member in (k as object)))) return { ok: false, reason: 'privateKey' };
  return { ok: true, body: { jwks: parsed as object } };
}
