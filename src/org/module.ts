import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { ApiClientService } from './api-client-service.js';
import { AuthService, DEFAULT_AUTH_SETTINGS, type AuthSettings } from './auth-service.js';
import { DepartmentService } from './department-service.js';
import { InstitutionService } from './institution-service.js';
import { UserService } from './user-service.js';

export interface OrgModule {
  auth: AuthService;
  users: UserService;
  departments: DepartmentService;
  institutions: InstitutionService;
  apiClients: ApiClientService;
}

export function createOrgModule(db: Kysely<Database>, clock: Clock, authSettings: Partial<AuthSettings> = {}): OrgModule {
  const auth = new AuthService(db, clock, { ...DEFAULT_AUTH_SETTINGS, ...authSettings });
  const institutions = new InstitutionService(db, clock);
  return {
    auth,
    users: new UserService(db, clock, auth),
    departments: new DepartmentService(db, clock),
    institutions,
    apiClients: new ApiClientService(db, clock, institutions),
  };
}
