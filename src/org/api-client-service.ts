import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { ClientKeyError, parseClientKeys } from './client-keys.js';
import { findApiClient, insertApiClient, listApiClients, updateApiClientStatus } from './institution-store.js';
import type { InstitutionService } from './institution-service.js';
import { presentApiClient, type ApiClientView } from './presenters.js';
import type { ApiClientRow } from './tables.js';

export class ApiClientService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly institutions: InstitutionService,
  ) {}

  async list(institutionId: string): Promise<ApiClientView[]> {
    await this.institutions.require(institutionId);
    return (await listApiClients(this.db, institutionId)).map(presentApiClient);
  }

  async register(institutionId: string, input: { name: string; jwks?: unknown; publicKeyPem?: string }): Promise<ApiClientView> {
    const institution = await this.institutions.require(institutionId);
    let jwks;
    try {
      jwks = await parseClientKeys(input);
    } catch (error) {
      if (error instanceof ClientKeyError) throw new AppError(Errors.API_CLIENT_KEY_INVALID, { reason: error.message });
      throw error;
    }
    const now = this.clock().toISOString();
    const row: ApiClientRow = {
      id: newId(),
      institution_id: institution.id,
      // The client id is public (it goes in every token request), so it carries the institution code for operators.
      client_id: `${institution.code.toLowerCase()}-${newId().slice(0, 8)}`,
      name: input.name,
      status: 'active',
      jwks: JSON.stringify(jwks),
      created_at: now,
      updated_at: now,
    };
    await insertApiClient(this.db, row);
    return presentApiClient(row);
  }

  async setStatus(institutionId: string, clientId: string, status: ApiClientRow['status']): Promise<ApiClientView> {
    const row = await findApiClient(this.db, institutionId, clientId);
    if (!row) throw new AppError(Errors.API_CLIENT_NOT_FOUND);
    // Revocation is final: a revoked client's keys may have leaked, so it cannot be brought back.
    if (row.status === 'revoked' && status !== 'revoked') throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: '/status', message: 'a revoked client cannot be re-activated; register a new one' }]);
    const now = this.clock().toISOString();
    await updateApiClientStatus(this.db, row.id, status, now);
    return presentApiClient({ ...row, status, updated_at: now });
  }
}
