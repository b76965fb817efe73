import type { Kysely } from 'kysely';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import type { InstitutionPrincipal } from '../../org/index.js';
import { accessTokenHash, looksLikeAccessToken } from './access-token.js';
import { standingProblem } from './standing.js';
import { findLiveToken } from './token-store.js';

/**
 * Resolves a partner's bearer token to its institution. Nothing is cached: the client's and the
 * institution's status and agreement are read with the token on every request (one indexed join),
 * so revoking or suspending either, or an agreement ending, stops tokens already issued at once.
 */
export class PartnerAuth {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {}

  recognises(token: string): boolean {
    return looksLikeAccessToken(token);
  }

  async authenticate(token: string): Promise<InstitutionPrincipal | null> {
    // A staff session token (or anything else) is not looked up at all.
    if (!looksLikeAccessToken(token)) return null;
    const now = this.clock();
    const tokenHash = accessTokenHash(this.keyring, token);
    const row = await findLiveToken(this.db, tokenHash, now.toISOString());
    if (!row) return null;
    if (standingProblem({ clientStatus: row.client_status, institutionStatus: row.institution_status, agreementStart: row.agreement_start, agreementEnd: row.agreement_end }, now)) return null;
    return {
      kind: 'institution',
      institutionId: row.institution_id,
      institutionCode: row.institution_code,
      institutionName: row.institution_name,
      clientId: row.client_id,
      apiClientId: row.api_client_id,
      scopes: row.scope.split(' '),
      tokenHash,
    };
  }
}
