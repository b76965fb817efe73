import type { Migration, MigrationProvider } from 'kysely';
import * as organisation from './0001-organisation.js';
import * as keyring from './0002-keyring.js';
import * as audit from './0003-audit.js';
import * as catalog from './0004-catalog.js';
import * as records from './0005-records.js';
import * as auditIndexes from './0006-audit-indexes.js';
import * as access from './0007-access.js';
import * as sharing from './0008-sharing.js';
import * as feedbackInbox from './0009-feedback-inbox.js';
import * as searchIndexes from './0010-search-indexes.js';
import * as packageDelivery from './0011-package-delivery.js';
import * as scheduler from './0012-scheduler.js';
import * as violations from './0013-violations.js';
import * as suggestions from './0014-suggestions.js';
import * as alerts from './0015-alerts.js';
import * as quarterlyReports from './0016-quarterly-reports.js';
import * as auditVerifications from './0017-audit-verifications.js';
import * as reportRollups from './0018-report-rollups.js';
import * as partnerTokens from './0019-partner-tokens.js';
import * as consents from './0020-consents.js';
import * as bulkExports from './0021-bulk-exports.js';
import * as referrals from './0022-referrals.js';
import * as mfa from './0023-mfa.js';

/**
 * Migrations are listed explicitly (not discovered on disk) so the compiled build and the test
 * runner see the same set, in the same order.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-organisation': organisation,
  '0002-keyring': keyring,
  '0003-audit': audit,
  '0004-catalog': catalog,
  '0005-records': records,
  '0006-audit-indexes': auditIndexes,
  '0007-access': access,
  '0008-sharing': sharing,
  '0009-feedback-inbox': feedbackInbox,
  '0010-search-indexes': searchIndexes,
  '0011-package-delivery': packageDelivery,
  '0012-scheduler': scheduler,
  '0013-violations': violations,
  '0014-suggestions': suggestions,
  '0015-alerts': alerts,
  '0016-quarterly-reports': quarterlyReports,
  '0017-audit-verifications': auditVerifications,
  '0018-report-rollups': reportRollups,
  '0019-partner-tokens': partnerTokens,
  '0020-consents': consents,
  '0021-bulk-exports': bulkExports,
  '0022-referrals': referrals,
  '0023-mfa': mfa,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
