import type { FastifyRequest } from 'fastify';
import { AppError, Errors } from '../http/index.js';
import type { PolicyService } from '../policy/index.js';

/**
 * Every data read names its purpose (X-Purpose-Of-Use); a missing or unknown one is a 400. The
 * allowed codes are a policy setting (policy Ch.8), so a hospital can add one without a release.
 */
export async function purposeOf(request: FastifyRequest, policy: PolicyService): Promise<string> {
  const allowed = (await policy.get('access.purposes')).map((p) => p.code);
  const header = request.headers['x-purpose-of-use'];
  if (typeof header !== 'string' || header === '') throw new AppError(Errors.PURPOSE_REQUIRED, { allowed: allowed.join(', ') });
  if (!allowed.includes(header)) throw new AppError(Errors.PURPOSE_UNKNOWN, { purpose: header.slice(0, 40), allowed: allowed.join(', ') });
  request.audit.purposeOfUse = header;
  return header;
}
