import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { ApiClientService } from './api-client-service.js';
import { AuthService, DEFAULT_AUTH_SETTINGS, type AuthSettings } from './auth-service.js';
import { DepartmentService } from './department-service.js';
import { InstitutionService } from './institution-service.js';
import { MfaService, type MfaPolicy } from './mfa-service.js';
import { PasswordHasher } from './password-hash.js';
import { UserService } from './user-service.js';

export interface OrgModule {
  auth: AuthService;
  users: UserService;
  departments: DepartmentService;
  institutions: InstitutionService;
  apiClients: ApiClientService;
  mfa: MfaService;
}

export interface OrgOptions {
  auth?: Partial<AuthSettings>;
  /** Seals TOTP secrets and keys recovery-code hashes; without it (the CLI) nobody can enrol or sign in with a code. */
  keyring?: Keyring | null;
  /** The `auth.mfa` policy setting in force; without it no role requires a second factor. */
  mfaPolicy?: () => Promise<MfaPolicy>;
  /** Production cost unless a test platform passes a cheaper one; no setting reaches it. */
  passwords?: PasswordHasher;
}

const NO_MFA_POLICY: MfaPolicy = { requiredRoles: [] };

export function createOrgModule(db: Kysely<Database>, clock: Clock, options: OrgOptions = {}): OrgModule {
  const settings = { ...DEFAULT_AUTH_SETTINGS, ...options.auth };
  const passwords = options.passwords ?? new PasswordHasher();
  const mfa = new MfaService(db, clock, { keyring: options.keyring ?? null, policy: options.mfaPolicy ?? (async () => NO_MFA_POLICY), lockout: settings, passwords });
  const auth = new AuthService(db, clock, settings, mfa, passwords);
  // A factor added or removed changes what the user's cached principal may reach.
  mfa.onChange((userId) => auth.forgetUser(userId));
  const institutions = new InstitutionService(db, clock);
  return {
    auth,
    users: new UserService(db, clock, auth, mfa, passwords),
    departments: new DepartmentService(db, clock),
    institutions,
    apiClients: new ApiClientService(db, clock, institutions),
    mfa,
  };
}
