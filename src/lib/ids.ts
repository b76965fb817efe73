import { randomBytes, randomUUID } from 'node:crypto';

/** Opaque primary keys. UUIDs keep ids unguessable, which matters where existence must not leak. */
export function newId(): string {
  return randomUUID();
}

/** A high-entropy secret for sessions and CSRF tokens (256 bits). */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}
