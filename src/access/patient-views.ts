import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { PolicyService } from '../policy/index.js';
import type { PresentedRecord } from './present.js';
import { isRefusal, type AccessContext, type AccessPage, type AccessService } from './service.js';

const PATIENT_CATALOG = 'CLIN_PATIENT';
const LOOKUP_KINDS = ['mrn', 'id-card', 'phone', 'name'] as const;

/** How a search text can match: the same normalisation ingest applied before blind-indexing. */
function lookupForms(kind: (typeof LOOKUP_KINDS)[number], q: string): string[] {
  const trimmed = q.trim();
  if (kind === 'phone') return [trimmed.replace(/[\s-]/g, '')];
  if (kind === 'name') return [trimmed.replace(/\s+/g, '')];
  if (kind === 'id-card') return [...new Set([trimmed, trimmed.toUpperCase()])];
  return [trimmed];
}

export interface PatientView {
  patient: PresentedRecord | null;
  timeline: AccessPage<PresentedRecord>;
  bases: string[];
}

/**
 * The patient-facing read APIs, built only on `AccessService`: search by exact identifier through
 * blind indexes (no readable identifier is ever stored or compared), the integrated view across
 * departments, and "is there a recent result" so examinations are not repeated (policy Ch.2).
 */
export class PatientViews {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly access: AccessService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  /** Patients the caller may see whose MRN, ID card number, phone or full name equals `q`; all visible patients without `q`. */
  async search(context: AccessContext, q: string | undefined, limit: number, cursor?: string) {
    const patientIds = q ? await this.lookup(q) : undefined;
    return this.access.search(context, { catalogCodes: [PATIENT_CATALOG], query: patientIds ? { patientIds } : {} }, limit, cursor);
  }

  /**
   * Everything about one patient the caller may see: the patient record (when visible) and a
   * timeline across every department, newest first. Nothing visible at all answers null (→ 404),
   * so a patient outside the caller's reach is indistinguishable from one who does not exist.
   */
  async view(context: AccessContext, patientId: string, limit: number, cursor?: string): Promise<PatientView | null> {
    const patientRead = await this.access.read(context, 'Patient', patientId);
    const codes = (await this.access.patientCatalogCodes()).filter((code) => code !== PATIENT_CATALOG);
    const timeline = await this.access.search(context, { catalogCodes: codes, query: { patientId } }, limit, cursor);
    const patient = isRefusal(patientRead) ? null : patientRead;
    if (!patient && timeline.total === 0) return null;
    const bases = [...new Set([...(patient ? [patient.basis] : []), ...timeline.bases])];
    return { patient, timeline: { items: timeline.items, total: timeline.total, totalExact: timeline.totalExact, nextCursor: timeline.nextCursor }, bases };
  }

  async records(context: AccessContext, patientId: string, catalogCode: string, limit: number, cursor?: string) {
    return this.access.search(context, { catalogCodes: [catalogCode], query: { patientId } }, limit, cursor);
  }

  /** Lab and imaging results of the last N days (a setting), optionally for one test code. */
  async recentResults(context: AccessContext, patientId: string, code: string | undefined) {
    const settings = await this.policy.get('access.recentResults');
    const since = new Date(this.clock().getTime() - settings.days * 86_400_000).toISOString();
    const codeFilter = code ? (code.includes('|') ? { codes: [code] } : { codeSuffix: code }) : {};
    const found = await this.access.search(context, { catalogCodes: settings.catalogCodes, query: { patientId, from: since, ...codeFilter } }, 20);
    return { days: settings.days, since, hasRecent: found.total > 0, total: found.total, totalExact: found.totalExact, items: found.items, bases: found.bases };
  }

  /**
   * The patient with exactly this MRN or ID card number, whether or not the caller may see them: only
   * for opening emergency access, whose every use is audited and reviewed.
   */
  async resolveIdentifier(kind: 'mrn' | 'id-card', value: string): Promise<string | null> {
    const indexes = (await Promise.all(lookupForms(kind, value).map((form) => this.keyring.blindIndexCandidates(`patient-${kind}`, form)))).flat();
    const rows = await this.db.selectFrom('patient_identifiers').select('patient_id').where('kind', '=', kind).where('blind_index', 'in', indexes).limit(2).execute();
    // An identifier shared by two patients is a data-quality problem; never guess which one was meant.
    return rows.length === 1 ? rows[0]!.patient_id : null;
  }

  private async lookup(q: string): Promise<string[]> {
    const found = new Set<string>();
    for (const kind of LOOKUP_KINDS) {
      const indexes = (await Promise.all(lookupForms(kind, q).map((value) => this.keyring.blindIndexCandidates(`patient-${kind}`, value)))).flat();
      const rows = await this.db.selectFrom('patient_identifiers').select('patient_id').where('kind', '=', kind).where('blind_index', 'in', indexes).execute();
      for (const row of rows) found.add(row.patient_id);
    }
    return [...found];
  }
}
