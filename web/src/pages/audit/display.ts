import {
  AUDIT_ACTIONS,
  AUDIT_ACTOR_TYPES,
  AUDIT_OUTCOMES,
  ROLES,
  type AuditAction,
  type AuditActorType,
  type AuditOutcome,
  type Role,
} from '../../api/types';

/** Long hex digests shortened for tables: the ends identify them, the full value stays copyable. */
export function abbreviateHash(hash: string, keep = 8): string {
  return hash.length > keep * 2 + 1 ? `${hash.slice(0, keep)}…${hash.slice(-keep)}` : hash;
}

function member<T extends string>(list: readonly T[]) {
  return (value: string | null | undefined): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);
}

// The log keeps entries written by older or newer versions; values outside these lists are shown as recorded.
export const isAuditAction = member<AuditAction>(AUDIT_ACTIONS);
export const isAuditOutcome = member<AuditOutcome>(AUDIT_OUTCOMES);
export const isAuditActorType = member<AuditActorType>(AUDIT_ACTOR_TYPES);
export const isRole = member<Role>(ROLES);

/** Roles the console can name, and any others recorded with the entry (shown verbatim). */
export function splitRoles(roles: readonly string[]): { known: Role[]; other: string[] } {
  return { known: roles.filter(isRole), other: roles.filter((role) => !isRole(role)) };
}

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'success', denied: 'warning', error: 'error' };

export function outcomeColor(outcome: string): string {
  return isAuditOutcome(outcome) ? OUTCOME_COLORS[outcome] : 'default';
}

/** "type / id", or whichever of the two is present. */
export function objectLabel(objectType: string | null, objectId: string | null): string {
  return [objectType, objectId].filter((part) => part !== null && part !== '').join(' / ');
}

/** Details as stable, readable JSON: keys sorted at every depth so two entries compare by eye. */
export function detailsJson(details: unknown): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, sort(v)]),
      );
    }
    return value;
  };
  return JSON.stringify(sort(details ?? {}), null, 2);
}
