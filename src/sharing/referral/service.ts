import type { Kysely } from 'kysely';
import { isRefusal, type AccessService, type GrantService } from '../../access/index.js';
import type { AuditEntry } from '../../audit/index.js';
import type { CatalogService } from '../../catalog/index.js';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import { AppError, Errors } from '../../http/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { UserPrincipal } from '../../org/index.js';
import type { PolicyService } from '../../policy/index.js';
import type { Finding } from '../prechecks.js';
import type { ShareRequestService, ReviewInput, ReviewPlanner } from '../service.js';
import type { ShareRequestForm } from '../types.js';
import { mayReview, type ReviewStep } from '../workflow.js';
import { lookbackStart, referralDocumentSet, withinDocumentSet, type DocumentChoice } from './document-set.js';
import { fastTrackSteps } from './fast-track.js';
import { presentReferral, type PartnerReads, type ReferralView } from './presenters.js';
import { open, outboundAad, seal } from './sealing.js';
import * as store from './store.js';
import type { ReferralWithRequest } from './store.js';

export const URGENCIES = ['routine', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface ReferralInput {
  patientId: string;
  institutionId: string;
  reason: string;
  clinicalSummary?: string;
  urgency: Urgency;
  /** Per resource of the document set, the fields to send (a subset of the template); `[]` leaves it out. */
  fields?: DocumentChoice;
}

/** A clinician as the referral rules see them. */
export type Clinician = UserPrincipal & { departmentCode: string | null };

/** Where the partner's reads of the shared data are found: the audit log, by grant. */
export interface AuditReader {
  search(filter: { grantId: string; outcome: 'success' }, limit: number): Promise<{ items: AuditEntry[] }>;
}

export type ReferralListView = 'mine' | 'department' | 'to-review' | 'all';

/** Audit context as soon as it is known: the patient, and how the clinician reached them. */
export type ReferralNote = (fact: { patientId: string; basis?: string }) => void;

const CLINICAL_ROLES = ['staff', 'dept_head'];
const OVERSEERS = ['info_admin', 'privacy_officer', 'auditor'];
/** Partner reads counted per grant; beyond this the count says "at least". */
const READS_COUNTED = 1000;

/**
 * Outbound referrals (转诊): a clinician refers a patient they treat to a partner institution. The
 * referral is a share request filed on the partner's behalf — purpose `referral`, the patient's
 * consent as legal basis, the referral document set, the external channel — pre-checked like any
 * request and reviewed on the fast track (`sharing.referral`); its approval creates grants scoped
 * to that one patient, which the partner reads over FHIR.
 */
export class ReferralService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly access: AccessService,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly requests: ShareRequestService,
    private readonly grants: GrantService,
    private readonly audit: AuditReader,
    private readonly clock: Clock,
  ) {}

  async refer(clinician: Clinician, input: ReferralInput, note?: ReferralNote): Promise<ReferralView> {
    await this.reach(clinician, input.patientId, note);
    const institution = await this.partner(input.institutionId);
    const [settings, purposes, definitions] = await Promise.all([this.policy.get('sharing.referral'), this.policy.get('sharing.purposes'), this.catalog.definitions()]);
    const now = this.clock();
    const documents = referralDocumentSet({
      template: purposes.find((p) => p.purpose === 'referral'),
      catalog: new Map(definitions.map((d) => [d.code, d])),
      wholeHistory: settings.wholeHistory,
      dataFrom: lookbackStart(now, settings.lookbackMonths),
      choice: input.fields,
    });
    if ('refused' in documents) throw new AppError(Errors.REFERRAL_DOCUMENTS_INVALID, { reason: documents.refused });
    const form: ShareRequestForm = {
      recipient: { kind: 'institution', id: institution.id },
      resources: documents.resources,
      purpose: 'referral',
      legalBasis: { kind: 'consent' },
      patients: { kind: 'patients', patientIds: [input.patientId] },
      accessDays: settings.accessDays,
      channel: 'external',
      identification: 'identified',
      // The recorded consents decide (the pre-check reads them); this is only the form's own box.
      consentOnRecord: true,
    };
    const steps = fastTrackSteps(settings.reviewSteps, clinician, settings.targetMinutes);
    const id = newId();
    // Sealed before the transaction: the keyring may read its keys through another connection.
    const summary = await seal(this.keyring, { reason: input.reason.trim(), clinicalSummary: input.clinicalSummary?.trim() || null }, outboundAad(id, input.patientId));
    const title = `转诊至${institution.name_zh}${input.urgency === 'urgent' ? '(紧急)' : ''}`;
    try {
      await this.requests.file(clinician, title, form, steps, (trx, requestId) =>
        store.insertReferral(trx, { id, share_request_id: requestId, patient_id: input.patientId, institution_id: institution.id, referrer_id: clinician.userId, referrer_department_id: clinician.departmentId, urgency: input.urgency, summary, created_at: now.toISOString() }),
      );
    } catch (error) {
      throw consentRefusal(error, input.patientId, institution) ?? error;
    }
    return this.get(clinician, id);
  }

  async get(principal: Clinician, id: string): Promise<ReferralView> {
    const row = await store.findReferral(this.db, id);
    if (!row || !(await this.maySee(principal, row))) throw new AppError(Errors.REFERRAL_NOT_FOUND);
    return this.present(row, true);
  }

  /** mine: referred by me; department: by my department; to-review: waiting for my decision; all: for overseers. */
  async list(principal: Clinician, view: ReferralListView, limit: number, patientId?: string): Promise<ReferralView[]> {
    const patient = patientId === undefined ? {} : { patientId };
    let rows: ReferralWithRequest[];
    if (view === 'mine') rows = await store.listReferrals(this.db, { ...patient, referrerId: principal.userId }, limit);
    else if (view === 'department') rows = principal.departmentId && principal.roles.some((r) => CLINICAL_ROLES.includes(r)) ? await store.listReferrals(this.db, { ...patient, departmentId: principal.departmentId }, limit) : [];
    else if (view === 'all') rows = principal.roles.some((r) => OVERSEERS.includes(r)) ? await store.listReferrals(this.db, patient, limit) : [];
    else rows = (await store.listReferrals(this.db, { ...patient, states: ['in_review'] }, 1000)).filter((row) => this.reviewsNow(principal, row)).slice(0, limit);
    return Promise.all(rows.map((row) => this.present(row, false)));
  }

  /** Decides the current fast-track step (the share request's review, with its rules). */
  async review(reviewer: Clinician, id: string, input: ReviewInput): Promise<ReferralView> {
    const row = await store.findReferral(this.db, id);
    if (!row || !(await this.maySee(reviewer, row))) throw new AppError(Errors.REFERRAL_NOT_FOUND);
    await this.requests.review(reviewer, row.share_request_id, input);
    return this.get(reviewer, id);
  }

  async withdraw(referrer: Clinician, id: string): Promise<ReferralView> {
    const row = await store.findReferral(this.db, id);
    if (!row || !(await this.maySee(referrer, row))) throw new AppError(Errors.REFERRAL_NOT_FOUND);
    // Only the referring clinician withdraws; colleagues who can see the referral are told so.
    if (row.referrer_id !== referrer.userId) throw new AppError(Errors.FORBIDDEN);
    await this.requests.withdraw(referrer, row.share_request_id);
    return this.get(referrer, id);
  }

  /** The patient of a referral, for audit entries of calls that name only the referral. */
  async patientOf(id: string): Promise<string | null> {
    return (await store.findReferral(this.db, id))?.patient_id ?? null;
  }

  /**
   * Keeps a returned referral on the fast track when it is resubmitted through the share request
   * API, as long as it is still a referral of that patient to that institution within the
   * document set; edited beyond that, it takes the ordinary review.
   */
  readonly planner: ReviewPlanner = async ({ id, form }) => {
    const referral = await store.referralOfRequest(this.db, id);
    if (!referral) return null;
    const same = form.purpose === 'referral' && form.recipient.kind === 'institution' && form.recipient.id === referral.institution_id && form.patients.kind === 'patients' && form.patients.patientIds.length === 1 && form.patients.patientIds[0] === referral.patient_id;
    const [settings, purposes] = await Promise.all([this.policy.get('sharing.referral'), this.policy.get('sharing.purposes')]);
    const template = purposes.find((p) => p.purpose === 'referral');
    if (!same || !withinDocumentSet(form.resources, form.dataFrom, template, settings.wholeHistory, lookbackStart(new Date(referral.created_at), settings.lookbackMonths))) return null;
    const user = await this.db.selectFrom('users').leftJoin('departments', 'departments.id', 'users.department_id').select('departments.code').where('users.id', '=', referral.referrer_id).executeTakeFirst();
    const roles = (await this.db.selectFrom('user_roles').select('role').where('user_id', '=', referral.referrer_id).execute()).map((r) => r.role);
    return fastTrackSteps(settings.reviewSteps, { roles, departmentCode: user?.code ?? null }, settings.targetMinutes);
  };

  /**
   * Clinicians refer patients `access` lets them see for treatment (department, care team or
   * emergency — not a grant); anyone else's patient answers 404, as if there were none.
   */
  private async reach(clinician: Clinician, patientId: string, note?: ReferralNote): Promise<void> {
    note?.({ patientId });
    if (!clinician.roles.some((r) => CLINICAL_ROLES.includes(r))) throw new AppError(Errors.FORBIDDEN);
    const read = await this.access.read({ principal: clinician, purpose: 'treatment' }, 'Patient', patientId);
    if (isRefusal(read) || read.grantId !== null) throw new AppError(Errors.PATIENT_NOT_FOUND);
    note?.({ patientId, basis: read.basis });
  }

  /** A partner that can receive a referral now: active, within its agreement (hospital calendar days). */
  private async partner(id: string) {
    const institution = await store.institutionOf(this.db, id);
    if (!institution) throw new AppError(Errors.REFERRAL_INSTITUTION_INVALID, { id, reason: { zh: '机构不存在', en: 'no such institution' } });
    const today = new Date(this.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    if (institution.status !== 'active') throw new AppError(Errors.REFERRAL_INSTITUTION_INVALID, { id, reason: { zh: `状态为 ${institution.status}`, en: `it is ${institution.status}` } });
    if ((institution.agreement_start && today < institution.agreement_start) || (institution.agreement_end && today > institution.agreement_end)) {
      throw new AppError(Errors.REFERRAL_INSTITUTION_INVALID, { id, reason: { zh: '不在合作协议有效期内', en: 'its agreement is not in force' } });
    }
    return institution;
  }

  private reviewsNow(principal: Clinician, row: ReferralWithRequest): boolean {
    const step = (JSON.parse(row.steps) as ReviewStep[])[row.current_step];
    return row.state === 'in_review' && step !== undefined && mayReview(step, { userId: principal.userId, roles: principal.roles, departmentCode: principal.departmentCode }, row.referrer_id) === 'ok';
  }

  /** The referrer, their department's clinicians, whoever may review it or did, and the overseers. */
  private async maySee(principal: Clinician, row: ReferralWithRequest): Promise<boolean> {
    if (row.referrer_id === principal.userId || principal.roles.some((r) => OVERSEERS.includes(r))) return true;
    if (principal.departmentId !== null && principal.departmentId === row.referrer_department_id && principal.roles.some((r) => CLINICAL_ROLES.includes(r))) return true;
    const steps = JSON.parse(row.steps) as ReviewStep[];
    if (steps.some((step) => mayReview(step, { userId: principal.userId, roles: principal.roles, departmentCode: principal.departmentCode }, row.referrer_id) === 'ok')) return true;
    const reviewed = await this.db.selectFrom('share_request_reviews').select('id').where('request_id', '=', row.share_request_id).where('reviewer_id', '=', principal.userId).executeTakeFirst();
    return reviewed !== undefined;
  }

  private async present(row: ReferralWithRequest, detailed: boolean): Promise<ReferralView> {
    const [grantIds, reviews, request] = await Promise.all([
      this.db.selectFrom('share_request_grants').select('grant_id').where('request_id', '=', row.share_request_id).orderBy('grant_id').execute(),
      this.db.selectFrom('share_request_reviews').selectAll().where('request_id', '=', row.share_request_id).orderBy('decided_at').orderBy('id').execute(),
      this.db.selectFrom('share_requests').select('form').where('id', '=', row.share_request_id).executeTakeFirstOrThrow(),
    ]);
    const ids = grantIds.map((g) => g.grant_id);
    const [institutions, departments, people, summary] = await Promise.all([
      store.institutionNames(this.db, [row.institution_id]),
      store.departmentNames(this.db, row.referrer_department_id ? [row.referrer_department_id] : []),
      store.userNames(this.db, [row.referrer_id, ...reviews.map((r) => r.reviewer_id)]),
      open<{ reason: string; clinicalSummary: string | null }>(this.keyring, row.summary, outboundAad(row.id, row.patient_id)),
    ]);
    return presentReferral(row, {
      form: JSON.parse(request.form) as ShareRequestForm,
      reviews,
      summary,
      institution: institutions.get(row.institution_id) ?? null,
      department: row.referrer_department_id ? (departments.get(row.referrer_department_id) ?? null) : null,
      people,
      grantIds: ids,
      grants: detailed ? await Promise.all(ids.map((id) => this.grants.get(id))) : null,
      reads: detailed ? await this.partnerReads(ids) : null,
      now: this.clock(),
    });
  }

  /** The partner's successful reads under each grant, from the audit log: how many, and the last. */
  private async partnerReads(grantIds: readonly string[]): Promise<PartnerReads> {
    const byGrant = await Promise.all(
      grantIds.map(async (grantId) => {
        const entries = (await this.audit.search({ grantId, outcome: 'success' }, READS_COUNTED)).items;
        const reads = entries.filter((e) => e.actor.type === 'api_client' && (e.action === 'read' || e.action === 'search' || e.action === 'export'));
        return { grantId, count: reads.length, lastAt: reads[0]?.recordedAt ?? null, capped: entries.length >= READS_COUNTED };
      }),
    );
    const last = byGrant.map((g) => g.lastAt).filter((at): at is string => at !== null).sort().at(-1) ?? null;
    return { count: byGrant.reduce((n, g) => n + g.count, 0), lastAt: last, atLeast: byGrant.some((g) => g.capped), byGrant: byGrant.map(({ grantId, count, lastAt }) => ({ grantId, count, lastAt })) };
  }
}

/** A pre-check refusal for want of consent, as the referral's own problem naming the patient and the resources. */
function consentRefusal(error: unknown, patientId: string, institution: { id: string; name_zh: string; name_en: string }): AppError | null {
  if (!(error instanceof AppError) || error.code !== Errors.SHARE_REQUEST_BLOCKED.code) return null;
  const findings = ((error.extensions.findings ?? []) as Finding[]).filter((f) => f.check === 'consent');
  if (findings.length === 0) return null;
  const codes = findings.map((f) => f.catalogCode ?? '').filter(Boolean).join(', ');
  return new AppError(Errors.REFERRAL_CONSENT_MISSING, { patientId, institution: { zh: institution.name_zh, en: institution.name_en }, codes }, error.problems, { findings: error.extensions.findings, institutionId: institution.id });
}
