import type { MaskedField } from '../../api/types';

/** The rule that allowed a read (X-Access-Basis): own department, care team, a grant, or an emergency window. */
export const BASIS_KINDS = ['department', 'care-team', 'grant', 'emergency'] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];

export interface AccessBasis {
  /** null for a basis this console does not know; it is then shown as the server sent it. */
  kind: BasisKind | null;
  /** The grant or emergency-access id. */
  id: string | null;
  raw: string;
}

export function parseBasis(basis: string): AccessBasis {
  if (basis === 'department' || basis === 'care-team') return { kind: basis, id: null, raw: basis };
  const colon = basis.indexOf(':');
  if (colon > 0) {
    const prefix = basis.slice(0, colon);
    const id = basis.slice(colon + 1);
    if ((prefix === 'grant' || prefix === 'emergency') && id) return { kind: prefix, id, raw: basis };
  }
  return { kind: null, id: null, raw: basis };
}

/** Own department blue, care team green, grant purple, emergency red (every emergency read is flagged). */
const BASIS_COLORS: Record<BasisKind, string> = { department: 'blue', 'care-team': 'green', grant: 'purple', emergency: 'red' };

export function basisColor(kind: BasisKind | null): string {
  return kind ? BASIS_COLORS[kind] : 'default';
}

/** The i18n key part for a basis kind (keys avoid hyphens). */
export function basisKey(kind: BasisKind): 'department' | 'careTeam' | 'grant' | 'emergency' {
  return kind === 'care-team' ? 'careTeam' : kind;
}

export const MASKING_REASONS = ['outside-grant', 'profile'] as const;
export type MaskingReason = (typeof MASKING_REASONS)[number];

/** The masked fields grouped by reason, in the order the server listed them. */
export function maskedByReason(masked: readonly MaskedField[]): { reason: string; fields: MaskedField[] }[] {
  const groups = new Map<string, MaskedField[]>();
  for (const field of masked) {
    const list = groups.get(field.reason) ?? [];
    list.push(field);
    groups.set(field.reason, list);
  }
  return [...groups].map(([reason, fields]) => ({ reason, fields }));
}
