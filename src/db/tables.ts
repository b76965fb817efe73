import type { OrgTables } from '../org/tables.js';
import type { CryptoTables } from '../crypto/tables.js';
import type { AuditTables } from '../audit/tables.js';
import type { CatalogTables } from '../catalog/tables.js';
import type { RecordTables } from '../records/tables.js';
import type { AccessTables } from '../access/tables.js';
import type { PolicyTables } from '../policy/tables.js';
import type { SharingTables } from '../sharing/tables.js';
import type { SchedulerTables } from '../scheduler/tables.js';
import type { ViolationTables } from '../violations/tables.js';
import type { ReportTables } from '../reports/tables.js';
import type { SuggestionTables } from '../suggestions/tables.js';
import type { AlertTables } from '../alerts/tables.js';
import type { SmartTables } from '../fhir/smart/tables.js';
import type { BulkTables } from '../fhir/bulk/tables.js';
import type { ReferralTables } from '../sharing/referral/tables.js';

/**
 * The whole schema as Kysely sees it. Each module declares its own tables; this is the only
 * place they meet. Times are ISO-8601 UTC text and booleans integers so both dialects agree.
 */
export interface Database extends OrgTables, CryptoTables, AuditTables, CatalogTables, RecordTables, AccessTables, PolicyTables, SharingTables, ViolationTables, SchedulerTables, SuggestionTables, AlertTables, ReportTables, SmartTables, BulkTables, ReferralTables {}
