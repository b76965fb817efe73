import type { Kysely, Transaction } from 'kysely';
import type { GrantService } from '../access/index.js';
import type { CatalogResourceDefinition, CatalogService } from '../catalog/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { UserPrincipal } from '../org/index.js';
import type { PolicyService } from '../policy/index.js';
import type { Consent } from './consent/index.js';
import type { FeedbackService } from './feedback-service.js';
import type { Inbox } from './inbox.js';
import { blocks, precheck, type Finding } from './prechecks.js';
import { findRequest, grantsOf, insertRequest, requestIdsOf, insertReview, linkGrants, listRequests, reviewsOf, updateRequest } from './store.js';
import type { ShareRequestRow } from './tables.js';
import type { ShareRequestForm } from './types.js';
import { afterDecision, applyNarrowing, canTransition, mayReview, reviewSteps, type Narrowing, type RequestState, type ReviewDecision, type ReviewStep } from './workflow.js';

export interface ShareRequestView {
  id: string;
  title: string;
  requesterId: string;
  requesterDepartmentId: string | null;
  form: ShareRequestForm;
  state: RequestState;
  steps: ReviewStep[];
  currentStep: number;
  stepDueAt: string | null;
  stepOverdue: boolean;
  findings: Finding[];
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviews: { step: number; role: string; reviewerId: string; decision: string; reason: string; narrowing: Narrowing | null; decidedAt: string }[];
  grantIds: string[];
  /** Display names of the requester and the reviewers, so readers without the user directory see names, not ids. */
  people: Record<string, string>;
  /** The requesting department's name in both languages. */
  requesterDepartmentName: { zh: string; en: string } | null;
}

export interface ReviewInput {
  decision: ReviewDecision;
  reason: string;
  narrowing?: Narrowing;
}

/** Where the pre-checks get recorded consents from (the consent module's service). */
export interface ConsentSource {
  activeConsentsTo(patientIds: readonly string[], recipientId: string): Promise<Consent[]>;
}

/**
 * A review path other than the risk-based one, for requests another module files on someone's
 * behalf (the referral fast track); null keeps the default steps. Consulted on every submission, so
 * a returned referral resubmitted through the share request API keeps its path.
 */
export type ReviewPlanner = (request: { id: string; requesterId: string; form: ShareRequestForm }) => Promise<ReviewStep[] | null>;

const ROLE_LABEL: Record<string, string> = { dept_head: '数据所属科室负责人 / owning department head', privacy_officer: '隐私保护负责人 / privacy officer', info_admin: '信息管理员 / information administrator' };

/**
 * Share requests end to end (policy 5.3): draft, submit with pre-checks, staged review with
 * narrowing, grants on final approval. Every state change is conditional on the version read, so
 * concurrent actions cannot both succeed; illegal transitions answer 409.
 */
export class ShareRequestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly grants: GrantService,
    private readonly feedback: FeedbackService,
    private readonly inbox: Inbox,
    private readonly consents: ConsentSource,
    private readonly clock: Clock,
  ) {}

  private planner: ReviewPlanner | null = null;

  usePlanner(planner: ReviewPlanner): void {
    this.planner = planner;
  }

  async createDraft(requester: UserPrincipal, title: string, form: ShareRequestForm): Promise<ShareRequestView> {
    const now = this.clock().toISOString();
    const row: ShareRequestRow = {
      id: newId(),
      requester_id: requester.userId,
      requester_department_id: requester.departmentId,
      title,
      form: JSON.stringify(form),
      state: 'draft',
      steps: '[]',
      current_step: 0,
      findings: JSON.stringify(await this.findings(requester.userId, form)),
      policy_version: null,
      version: 1,
      created_at: now,
      updated_at: now,
      submitted_at: null,
      step_due_at: null,
      closed_at: null,
    };
    await insertRequest(this.db, row);
    return this.view(row);
  }

  /** Live pre-check for the request wizard; nothing is stored. */
  async precheck(requesterId: string, form: ShareRequestForm): Promise<Finding[]> {
    return this.findings(requesterId, form);
  }

  async edit(requester: UserPrincipal, id: string, title: string, form: ShareRequestForm, expectedVersion?: number): Promise<ShareRequestView> {
    const row = await this.ownRequest(requester, id);
    this.expectVersion(row, expectedVersion);
    if (!canTransition('edit', row.state as RequestState)) throw new AppError(Errors.SHARE_REQUEST_STATE, { state: row.state, action: 'edited' });
    const findings = await this.findings(requester.userId, form);
    await this.save(row, { title, form: JSON.stringify(form), findings: JSON.stringify(findings), updated_at: this.clock().toISOString() });
    return this.get(requester, id);
  }

  async submit(requester: UserPrincipal, id: string): Promise<ShareRequestView> {
    const row = await this.ownRequest(requester, id);
    if (!canTransition('submit', row.state as RequestState)) throw new AppError(Errors.SHARE_REQUEST_STATE, { state: row.state, action: 'submitted' });
    const form = JSON.parse(row.form) as ShareRequestForm;
    const findings = await this.findings(requester.userId, form);
    if (blocks(findings)) {
      await this.save(row, { findings: JSON.stringify(findings), updated_at: this.clock().toISOString() });
      throw blockedBy(findings);
    }
    const steps = (await this.planner?.({ id, requesterId: row.requester_id, form })) ?? reviewSteps(form, await this.catalogMap());
    const now = this.clock();
    await this.save(row, { state: 'in_review', steps: JSON.stringify(steps), current_step: 0, findings: JSON.stringify(findings), submitted_at: now.toISOString(), updated_at: now.toISOString(), step_due_at: await this.dueFor(steps[0], now, now) });
    await this.inbox.notify(await this.inbox.reviewersOf(steps[0]!), { kind: 'review-item', subjectType: 'share_request', subjectId: id, title: { zh: `待审核:${row.title}`, en: `To review: ${row.title}` } });
    return this.get(requester, id);
  }

  /**
   * Files a request and submits it at once, for a request another module makes on the requester's
   * behalf (a referral): pre-checked like any submission, and nothing is stored when they block.
   * `alsoWrite` stores the caller's own rows in the same transaction as the request.
   */
  async file(requester: UserPrincipal, title: string, form: ShareRequestForm, steps: ReviewStep[], alsoWrite: (trx: Transaction<Database>, requestId: string) => Promise<void>): Promise<ShareRequestView> {
    const findings = await this.findings(requester.userId, form);
    if (blocks(findings)) throw blockedBy(findings);
    const now = this.clock();
    const at = now.toISOString();
    const row: ShareRequestRow = {
      id: newId(),
      requester_id: requester.userId,
      requester_department_id: requester.departmentId,
      title,
      form: JSON.stringify(form),
      state: 'in_review',
      steps: JSON.stringify(steps),
      current_step: 0,
      findings: JSON.stringify(findings),
      policy_version: null,
      version: 1,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      step_due_at: await this.dueFor(steps[0], now, now),
      closed_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await insertRequest(trx, row);
      await alsoWrite(trx, row.id);
    });
    await this.inbox.notify(await this.inbox.reviewersOf(steps[0]!), { kind: 'review-item', subjectType: 'share_request', subjectId: row.id, title: { zh: `待审核:${title}`, en: `To review: ${title}` } });
    return this.view(row);
  }

  async withdraw(requester: UserPrincipal, id: string): Promise<ShareRequestView> {
    const row = await this.ownRequest(requester, id);
    if (!canTransition('withdraw', row.state as RequestState)) throw new AppError(Errors.SHARE_REQUEST_STATE, { state: row.state, action: 'withdrawn' });
    await this.save(row, { state: 'withdrawn', updated_at: this.clock().toISOString(), closed_at: this.clock().toISOString(), step_due_at: null });
    return this.get(requester, id);
  }

  async review(reviewer: UserPrincipal & { departmentCode: string | null }, id: string, input: ReviewInput): Promise<ShareRequestView> {
    const row = await this.find(id);
    if (!canTransition('review', row.state as RequestState)) throw new AppError(Errors.SHARE_REQUEST_STATE, { state: row.state, action: 'reviewed' });
    const steps = JSON.parse(row.steps) as ReviewStep[];
    const step = steps[row.current_step]!;
    const eligibility = mayReview(step, { userId: reviewer.userId, roles: reviewer.roles, departmentCode: reviewer.departmentCode }, row.requester_id);
    if (eligibility === 'own-request') throw new AppError(Errors.SHARE_REQUEST_OWN_REVIEW);
    if (eligibility === 'wrong-reviewer') throw new AppError(Errors.SHARE_REQUEST_NOT_REVIEWER, { role: `${ROLE_LABEL[step.role] ?? step.role}${step.departmentCode ? ` (${step.departmentCode})` : ''}` });
    let form = JSON.parse(row.form) as ShareRequestForm;
    if (input.decision === 'narrow') {
      const narrowed = applyNarrowing(form, input.narrowing ?? {});
      if ('refused' in narrowed) throw new AppError(Errors.SHARE_REQUEST_NARROWING_INVALID, { reason: narrowed.refused });
      form = narrowed.form;
    }
    const next = afterDecision(input.decision, row.current_step, steps.length);
    const now = this.clock();
    // The final approval creates exactly the approved scope as grants, checked before anything is written.
    const grants = next.state === 'granted' ? await Promise.all(form.resources.map((requested) => this.grants.prepare(this.grantFor(row, form, requested, now), reviewer.userId))) : [];
    const dueAt = next.state === 'in_review' ? await this.dueFor(steps[next.step], now, row.submitted_at ? new Date(row.submitted_at) : now) : null;
    await this.db.transaction().execute(async (trx) => {
      const changed = await updateRequest(trx, row.id, row.version, { form: JSON.stringify(form), state: next.state, current_step: next.step, updated_at: now.toISOString(), step_due_at: dueAt });
      if (!changed) throw new AppError(Errors.SHARE_REQUEST_STATE, { state: 'changed meanwhile', action: 'reviewed' });
      await insertReview(trx, { id: newId(), request_id: row.id, step: row.current_step, role: step.role, reviewer_id: reviewer.userId, decision: input.decision, reason: input.reason, narrowing: input.narrowing ? JSON.stringify(input.narrowing) : null, decided_at: now.toISOString() });
      for (const grant of grants) await this.grants.insertPrepared(trx, grant);
      await linkGrants(trx, row.id, grants.map((grant) => grant.id));
    });
    await this.announce(row, next.state, steps[next.step]);
    return this.view((await this.find(id))!);
  }

  private async announce(row: ShareRequestRow, state: RequestState, nextStep: ReviewStep | undefined): Promise<void> {
    const subject = { subjectType: 'share_request' as const, subjectId: row.id };
    if (state === 'in_review' && nextStep) return this.inbox.notify(await this.inbox.reviewersOf(nextStep), { ...subject, kind: 'review-item', title: { zh: `待审核:${row.title}`, en: `To review: ${row.title}` } });
    if (state === 'returned') return this.inbox.notify([row.requester_id], { ...subject, kind: 'returned', title: { zh: `申请被退回修改:${row.title}`, en: `Returned for revision: ${row.title}` } });
    if (state === 'rejected') return this.inbox.notify([row.requester_id], { ...subject, kind: 'rejected', title: { zh: `申请未获批准:${row.title}`, en: `Rejected: ${row.title}` } });
    if (state === 'granted') return this.inbox.notify([row.requester_id], { ...subject, kind: 'approved', title: { zh: `申请已批准并授权:${row.title}`, en: `Approved and granted: ${row.title}` } });
  }

  private grantFor(row: ShareRequestRow, form: ShareRequestForm, requested: ShareRequestForm['resources'][number], now: Date) {
    return {
      grantee: form.recipient,
      catalogCode: requested.catalogCode,
      fields: requested.fields.map((f) => f.name),
      patientScope: form.patients,
      purpose: form.purpose,
      channel: form.channel,
      validFrom: now.toISOString(),
      validTo: new Date(now.getTime() + form.accessDays * 86_400_000).toISOString(),
      maskingProfile: form.identification,
      dataFrom: requested.dataFrom ?? form.dataFrom ?? null,
      dataTo: form.dataTo ?? null,
      reason: `share request ${row.id}: ${row.title}`,
      shareRequestId: row.id,
    };
  }

  /** Ids of the requests a user filed: what lets a requester see the grants of their own requests. */
  idsFiledBy(userId: string): Promise<string[]> {
    return requestIdsOf(this.db, userId);
  }

  async get(principal: UserPrincipal, id: string): Promise<ShareRequestView> {
    const row = await this.find(id);
    if (!this.maySee(principal, row)) throw new AppError(Errors.SHARE_REQUEST_NOT_FOUND);
    return this.view(row);
  }

  /** mine: what I filed; to-review: requests whose current step is mine to decide. */
  async list(principal: UserPrincipal & { departmentCode: string | null }, view: 'mine' | 'to-review' | 'all', limit: number): Promise<ShareRequestView[]> {
    if (view === 'mine') return Promise.all((await listRequests(this.db, { requesterId: principal.userId }, limit)).map((row) => this.view(row)));
    if (view === 'all' && !principal.roles.some((r) => r === 'info_admin' || r === 'auditor')) return [];
    const rows = await listRequests(this.db, view === 'all' ? {} : { states: ['in_review'] }, view === 'all' ? limit : 1000);
    const mine = view === 'all' ? rows : rows.filter((row) => {
      const step = (JSON.parse(row.steps) as ReviewStep[])[row.current_step];
      return step && mayReview(step, { userId: principal.userId, roles: principal.roles, departmentCode: principal.departmentCode }, row.requester_id) === 'ok';
    });
    return Promise.all(mine.slice(0, limit).map((row) => this.view(row)));
  }

  private maySee(principal: UserPrincipal, row: ShareRequestRow): boolean {
    if (row.requester_id === principal.userId) return true;
    if (principal.roles.some((r) => r === 'info_admin' || r === 'auditor' || r === 'privacy_officer')) return true;
    const steps = JSON.parse(row.steps) as ReviewStep[];
    return principal.roles.includes('dept_head') && steps.some((s) => s.role === 'dept_head') && row.state !== 'draft';
  }

  private async findings(requesterId: string, form: ShareRequestForm): Promise<Finding[]> {
    const overdue = await this.feedback.overdueFor(requesterId);
    // Only consents of the named patients to the recipient institution can matter to the consent check.
    const consents = form.recipient.kind === 'institution' && form.patients.kind === 'patients' ? await this.consents.activeConsentsTo(form.patients.patientIds, form.recipient.id) : [];
    return precheck(form, { catalog: await this.catalogMap(), purposes: await this.policy.get('sharing.purposes'), overdueFeedback: overdue, consents, accessStart: this.clock().toISOString() });
  }

  private async catalogMap(): Promise<Map<string, CatalogResourceDefinition>> {
    return new Map((await this.catalog.definitions()).map((d) => [d.code, d]));
  }

  /** A fast-track step is due its minutes after submission; any other, the policy's step hours after it opened. */
  private async dueFor(step: ReviewStep | undefined, now: Date, submittedAt: Date): Promise<string> {
    if (step?.dueWithinMinutes !== undefined) return new Date(submittedAt.getTime() + step.dueWithinMinutes * 60_000).toISOString();
    const { stepHours } = await this.policy.get('sharing.review');
    return new Date(now.getTime() + stepHours * 3_600_000).toISOString();
  }

  private async find(id: string): Promise<ShareRequestRow> {
    const row = await findRequest(this.db, id);
    if (!row) throw new AppError(Errors.SHARE_REQUEST_NOT_FOUND);
    return row;
  }

  private async ownRequest(requester: UserPrincipal, id: string): Promise<ShareRequestRow> {
    const row = await this.find(id);
    // Someone else's request is invisible here, whatever its state.
    if (row.requester_id !== requester.userId) throw new AppError(Errors.SHARE_REQUEST_NOT_FOUND);
    return row;
  }

  private expectVersion(row: ShareRequestRow, expected: number | undefined): void {
    if (expected !== undefined && expected !== row.version) throw new AppError(Errors.SHARE_REQUEST_VERSION_CONFLICT, { expected, actual: row.version });
  }

  private async save(row: ShareRequestRow, changes: Partial<ShareRequestRow>): Promise<void> {
    if (!(await updateRequest(this.db, row.id, row.version, changes))) throw new AppError(Errors.SHARE_REQUEST_VERSION_CONFLICT, { expected: row.version, actual: row.version + 1 });
  }

  private async view(row: ShareRequestRow): Promise<ShareRequestView> {
    const reviews = await reviewsOf(this.db, row.id);
    return {
      id: row.id,
      title: row.title,
      requesterId: row.requester_id,
      requesterDepartmentId: row.requester_department_id,
      form: JSON.parse(row.form) as ShareRequestForm,
      state: row.state as RequestState,
      steps: JSON.parse(row.steps) as ReviewStep[],
      currentStep: row.current_step,
      stepDueAt: row.step_due_at,
      stepOverdue: row.step_due_at !== null && Date.parse(row.step_due_at) < this.clock().getTime(),
      findings: JSON.parse(row.findings) as Finding[],
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      submittedAt: row.submitted_at,
      reviews: reviews.map((r) => ({ step: r.step, role: r.role, reviewerId: r.reviewer_id, decision: r.decision, reason: r.reason, narrowing: r.narrowing ? (JSON.parse(r.narrowing) as Narrowing) : null, decidedAt: r.decided_at })),
      grantIds: await grantsOf(this.db, row.id),
      people: await this.displayNames([row.requester_id, ...reviews.map((r) => r.reviewer_id)]),
      requesterDepartmentName: await this.departmentName(row.requester_department_id),
    };
  }

  private async departmentName(id: string | null): Promise<{ zh: string; en: string } | null> {
    if (!id) return null;
    const row = await this.db.selectFrom('departments').select(['name_zh', 'name_en']).where('id', '=', id).executeTakeFirst();
    return row ? { zh: row.name_zh, en: row.name_en } : null;
  }

  private async displayNames(ids: readonly string[]): Promise<Record<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return {};
    const rows = await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
    return Object.fromEntries(rows.map((row) => [row.id, row.display_name]));
  }
}

/** The refusal of a submission the pre-checks block: English in `message`, a stable `code` per finding (the check), and the findings in both languages. */
function blockedBy(findings: readonly Finding[]): AppError {
  const blocking = findings.filter((f) => f.severity === 'block');
  return new AppError(
    Errors.SHARE_REQUEST_BLOCKED,
    { count: blocking.length },
    blocking.map((f) => ({ path: f.catalogCode ? `resources/${f.catalogCode}` : f.check, message: f.message.en, code: f.check })),
    { findings: blocking },
  );
}
