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
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
