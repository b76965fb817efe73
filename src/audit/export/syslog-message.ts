import type { AuditAction, AuditEntry } from '../entry.js';
import { singleLine } from './syslog-escape.js';

/** How each action reads in a sentence whose subject is the actor and whose object follows. */
const PHRASES: Readonly<Record<AuditAction, string>> = {
  login: 'logged in',
  logout: 'logged out',
  login_failed: 'failed to log in',
  read: 'read',
  search: 'searched',
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  export: 'exported',
  decision: 'decided on',
  grant: 'granted',
  revoke: 'revoked',
  emergency_access: 'invoked emergency access to',
  setting_change: 'changed',
  key_operation: 'performed a key operation on',
  system: 'reported',
};

/**
 * The MSG part: one short English sentence for a person scanning the log, e.g.
 * `user dr.wang read record r-1 of patient p-7 for treatment under grant g-3: denied (grant expired)`.
 * Names stay in their own script (Chinese included); the structured data is what tools parse.
 */
export function syslogMessage(entry: AuditEntry): string {
  const { actor } = entry;
  const parts = [`${actor.type} ${actor.name ?? actor.id ?? 'unknown'}`, PHRASES[entry.action] ?? entry.action];
  if (entry.objectType !== null || entry.objectId !== null) parts.push([entry.objectType, entry.objectId].filter((part) => part !== null).join(' '));
  if (entry.patientId !== null && entry.patientId !== entry.objectId) parts.push(`of patient ${entry.patientId}`);
  if (entry.purposeOfUse !== null) parts.push(`for ${entry.purposeOfUse}`);
  if (entry.grantId !== null) parts.push(`under grant ${entry.grantId}`);
  const outcome = entry.reason === null ? entry.outcome : `${entry.outcome} (${entry.reason})`;
  return singleLine(`${parts.join(' ')}: ${outcome}`);
}
