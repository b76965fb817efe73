import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { AuditLog, AuditService, AuditVerificationRuns, auditRoutes, DEFAULT_AUDIT_OPTIONS, registerRequestAudit, systemActor, type AuditLogOptions } from '../audit/index.js';
import { AccessService, createPresenter, emergencyRoutes, EmergencyAccessService, grantRoutes, GrantService, PatientViews, recordRoutes } from '../access/index.js';
import { PolicyService, policyRoutes } from '../policy/index.js';
import { afterEachQuarter, auditJobFailures, jobRoutes, Scheduler } from '../scheduler/index.js';
import { ConsentService, consentRoutes, FeedbackService, feedbackRoutes, Inbox, InboundReferralService, PackageDelivery, packageRoutes, ReferralService, referralFhirRoutes, referralRoutes, Reminders, ShareRequestService, shareRequestRoutes, webhookNotifier, type RetiredPackage } from '../sharing/index.js';
import { catalogRoutes, type CatalogService } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import { fhirIngestRoutes, fhirReadRoutes } from '../fhir/index.js';
import { PartnerAuth, SmartTokenService, smartRoutes } from '../fhir/smart/index.js';
import { BulkExportService, bulkExportRoutes } from '../fhir/bulk/index.js';
import type { RecordIngest } from '../records/index.js';
import { createCatalog, createIngest } from './catalog-seed.js';
import type { DatabaseHandle } from '../db/index.js';
import { AppError, Errors, errorHandler, helmetOptions, registerAccessControl, registerMetrics, registerOpenApi, registerPublicOrigin, requestIdFrom, validatorCompiler } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { authRoutes, createOrgModule, managementRoutes, mfaRoutes, type OrgModule, type PasswordHasher } from '../org/index.js';
import type { AppConfig } from './config.js';
import { healthRoutes } from './health.js';
import { DEFAULT_WEB_ROOT, registerWebConsole } from './web-console.js';
import { VERSION } from './version.js';
import { SuggestionService, suggestionRoutes, suggestionStatisticsFor } from '../suggestions/index.js';
import { ViolationService, violationRoutes } from '../violations/index.js';
import { DEFAULT_ROLLUP_OPTIONS, previousQuarter, quarterOf, ReportRollup, ReportService, reportRoutes } from '../reports/index.js';
import { renderReportHtml, renderReportPdf } from '../reports/render/index.js';
import { AlertService, alertRoutes, StaffLinks } from '../alerts/index.js';

export interface AppDependencies {
  config: AppConfig;
  database: DatabaseHandle;
  keyring: Keyring;
  clock: Clock;
  /** Where the built console lives; tests may point elsewhere. */
  webRoot?: string;
  /** Per-IP sign-in attempts per minute (brute-force brake in front of the per-account lockout). */
  loginRateLimit?: number;
  auditOptions?: Partial<AuditLogOptions>;
  /**
   * How often the scheduler looks for due jobs (housekeeping, reports…); null turns its timer off.
   * Tests turn it off so that a job racing a test's manual clock cannot change what the test is
   * looking at; they call `housekeeping()` or `scheduler.tick()` themselves.
   */
  housekeepingEveryMs?: number | null;
  /** Password hashing at the production cost unless a test platform passes a cheaper one. */
  passwords?: PasswordHasher;
}

export interface YixiangApp {
  app: FastifyInstance;
  org: OrgModule;
  auditLog: AuditLog;
  audit: AuditService;
  keyring: Keyring;
  catalog: CatalogService;
  ingest: RecordIngest;
  access: AccessService;
  grants: GrantService;
  reminders: Reminders;
  /** Export packages over HTTP. */
  packages: PackageDelivery;
  /**
   * Runs the housekeeping jobs now, in order and ignoring their schedule and leases (the
   * scheduler's `runNow`): expire grants, retire expired or used-up export packages (deleting their
   * files), send reminders; each change audited. The scheduler runs the same jobs every 60 s.
   */
  housekeeping(): Promise<void>;
  /** Background jobs, each due time run once across instances; later modules register theirs here. */
  scheduler: Scheduler;
  emergency: EmergencyAccessService;
  policy: PolicyService;
  /** 违规处理: cases, suspension, decisions, appeals. */
  violations: ViolationService;
  /** Recorded verification runs of the audit log (full and incremental). */
  auditVerification: AuditVerificationRuns;
  /** The quarterly report's running totals of the audit log, folded in by the `report-rollup` job. */
  reportRollup: ReportRollup;
  /** Resolves partner institutions' SMART access tokens (the `partner` route access level). */
  partners: PartnerAuth;
  /** FHIR Bulk Data exports of partner institutions, run in the background of this process. */
  bulkExports: BulkExportService;
}

/** Grants past their end are marked expired (reads already refuse them); each is audited. */
async function expireGrantsNow(grants: GrantService, auditLog: AuditLog): Promise<void> {
  for (const id of await grants.expireDue()) {
    await auditLog.append({ actor: systemActor('grant expiry'), action: 'revoke', objectType: 'grant', objectId: id, grantId: id, outcome: 'success', reason: 'valid_to reached', details: { status: 'expired' } });
  }
}

/** Export packages past their expiry, used up or whose grant ended lose their file; each is audited. */
async function retirePackagesNow(delivery: PackageDelivery, auditLog: AuditLog): Promise<void> {
  const retired: RetiredPackage[] = await delivery.retireDue();
  for (const pkg of retired) {
    await auditLog.append({ actor: systemActor('package expiry'), action: 'delete', objectType: 'export_package', objectId: pkg.id, grantId: pkg.grantId, outcome: 'success', reason: `package ${pkg.status}`, details: { status: pkg.status, file: 'deleted' } });
  }
}

/** The composition root: the only place where modules are created and wired together. */
export async function buildApp(deps: AppDependencies): Promise<YixiangApp> {
  const { config, database, clock } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
    genReqId: requestIdFrom,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // FHIR clients post a transaction to the base URL with a trailing slash.
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only; a text body would otherwise reach validation and confuse the error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  // Absolute URLs and the assertion `aud` come from YIXIANG_PUBLIC_URL when set (src/http/public-origin.ts).
  registerPublicOrigin(app, config.publicUrl);
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  // Content-Security-Policy upgrades requests to https only when the public URL is https (src/http/security-headers.ts).
  await app.register(helmet, helmetOptions(config.publicUrl));
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError(Errors.RATE_LIMITED),
  });
  await registerOpenApi(app, VERSION);

  const auditLog = new AuditLog(database.db, deps.keyring, clock, { ...DEFAULT_AUDIT_OPTIONS, ...deps.auditOptions }, database.auditWriter);
  registerMetrics(app, { token: config.metricsToken, audit: (record) => auditLog.append(record) });
  const audit = new AuditService(database.db, auditLog, deps.keyring);
  const auditVerifications = new AuditVerificationRuns({ db: database.db, clock, verify: (options) => audit.verify(options), checkpoint: () => auditLog.checkpoint(), append: (record) => auditLog.append(record) });
  const policy = new PolicyService(database.db, clock);
  const org = createOrgModule(database.db, clock, {
    auth: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
    keyring: deps.keyring,
    mfaPolicy: () => policy.get('auth.mfa'),
    passwords: deps.passwords,
  });
  // Whom `auth.mfa` requires to enrol is carried on cached principals; a new version re-resolves them.
  policy.onChange((key) => {
    if (key === 'auth.mfa') org.auth.forgetAll();
  });
  const catalog = createCatalog(database.db, clock, org);
  const access = new AccessService(database.db, deps.keyring, catalog, policy, clock, await createPresenter(deps.keyring));
  const patients = new PatientViews(database.db, deps.keyring, access, policy, clock);
  const grants = new GrantService(database.db, catalog, policy, clock);
  const emergency = new EmergencyAccessService(database.db, policy, clock);
  const feedback = new FeedbackService(database.db, grants, policy, clock);
  const usernames = async (ids: readonly string[]) => (ids.length ? (await database.db.selectFrom('users').select('username').where('id', 'in', [...ids]).execute()).map((u) => u.username) : []);
  const inbox = new Inbox(database.db, clock, webhookNotifier(policy, usernames));
  grants.onRevoke((grant, reason) => inbox.grantRevoked(grant.id, reason));
  const consents = new ConsentService(database.db, deps.keyring, access, catalog, policy, clock, { custodian: config.hospitalName });
  const shareRequests = new ShareRequestService(database.db, catalog, policy, grants, feedback, inbox, consents, clock);
  feedback.onClose((requestId) => inbox.shareClosed(requestId));
  // Referrals (转诊): share requests on a partner's behalf on the fast track, and partners' ServiceRequests.
  const referrals = new ReferralService(database.db, deps.keyring, access, catalog, policy, shareRequests, grants, audit, clock);
  shareRequests.usePlanner(referrals.planner);
  const inboundReferrals = new InboundReferralService(database.db, deps.keyring, patients, inbox, clock);
  const delivery = new PackageDelivery(database.db, access, deps.keyring, grants, policy, clock, config.dataDir);
  const bulkExports = new BulkExportService({ db: database.db, access, grants, keyring: deps.keyring, audit: (record) => auditLog.append(record), clock, dataDir: config.dataDir, logError: (error, message) => app.log.error({ err: error }, message) });
  // Exports left queued or running by a process that stopped (a restart) are failed, and say so.
  await bulkExports.failStale();
  const ingest = createIngest(database.db, deps.keyring, catalog, clock);
  const violations = new ViolationService({
    db: database.db,
    clock,
    org,
    departments: org.departments,
    grants,
    audit: (record) => auditLog.append(record),
    auditTreeSize: () => audit.treeSize(),
    existingAlerts: async (ids): Promise<Set<string>> => new Set((await Promise.all(ids.map(async (id) => ((await alerts.get(id).then(() => true, () => false)) ? id : null)))).filter((id): id is string => id !== null)),
    notify: (notice) => inbox.notify(notice.userIds, { kind: notice.kind, subjectType: 'violation_case', subjectId: notice.caseId, title: notice.title }),
  });
  const scheduler = new Scheduler(database.db, clock, { onFailure: auditJobFailures(auditLog) });
  // Escalating an alert opens a violation case with the alert's evidence.
  const alerts: AlertService = new AlertService({ db: database.db, clock, policy, catalog, audit, auditLog, violations: { openViolationCase: async (input, openedBy): Promise<{ id: string }> => violations.open({ subject: input.subject, title: input.title, description: input.description, evidence: { alertIds: input.alertIds, auditSeqs: input.auditSeqs } }, openedBy) } });
  const reportRollup = new ReportRollup(database.db, () => audit.treeSize(), clock, DEFAULT_ROLLUP_OPTIONS, database.snapshotReader);
  const reports = new ReportService(
    {
      db: database.db,
      audit,
      // A recorded run (ADR 0017) rather than re-hashing tens of millions of entries per read: a
      // finished quarter's report needs one reaching its end, a running quarter's (the dashboard)
      // one from the last 15 minutes, as the scheduler keeps them.
      verification: async (size, quarterOver) => {
        const run = await auditVerifications.covering(size, 'report', quarterOver ? 0 : 15 * 60_000);
        const full = run.mode === 'full' ? run : await auditVerifications.latest('full');
        return {
          ok: run.ok,
          checkedAt: run.finishedAt,
          mode: run.mode,
          fromSize: run.fromSize,
          treeSize: run.treeSize,
          entriesChecked: run.entriesChecked,
          problem: run.problem,
          lastFull: full ? { ok: full.ok, checkedAt: full.finishedAt, treeSize: full.treeSize } : null,
        };
      },
      hospital: config.hospitalName,
      reviewStepHours: async () => (await policy.get('sharing.review')).stepHours,
      feedbackItems: async () => (await feedback.items({})).map((item) => ({ dueAt: item.dueAt, submittedAt: item.submittedAt })),
      violations: (from, to) => violations.statistics(from, to),
      alerts: (from, to) => alerts.statistics(from, to),
      suggestions: (from, to) => suggestionStatisticsFor(database.db, { from, to }),
      labels: {
        department: async (id) => (await org.departments.get(id)).name,
        catalog: async (code) => (await catalog.get(code)).name,
        purpose: async (code) => (await policy.get('access.purposes')).find((p) => p.code === code)?.label ?? { zh: code, en: code },
      },
    },
    deps.keyring,
    audit,
    (record) => auditLog.append(record),
    clock,
  );
  // Audit first: a request refused by access control still needs its entry context.
  registerRequestAudit(app, auditLog);
  const partners = new PartnerAuth(database.db, deps.keyring, clock);
  registerAccessControl(app, org.auth, partners);

  await app.register(healthRoutes, { database, auditLog });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { org, loginRateLimit: { max: deps.loginRateLimit ?? 20, timeWindow: '1 minute' } });
      await api.register(mfaRoutes, { org });
      await api.register(managementRoutes, { org });
      await api.register(catalogRoutes, { catalog, org });
      await api.register(recordRoutes, { access, patients, policy });
      await api.register(grantRoutes, { grants, departmentCodeOf: async (id) => (await org.departments.get(id).catch(() => null))?.code ?? null, shareRequestsOf: (userId) => shareRequests.idsFiledBy(userId) });
      await api.register(emergencyRoutes, { emergency, patients });
      await api.register(policyRoutes, { policy });
      await api.register(jobRoutes, { scheduler });
      await api.register(shareRequestRoutes, { requests: shareRequests, org });
      await api.register(feedbackRoutes, { feedback, inbox });
      await api.register(consentRoutes, { consents });
      await api.register(referralRoutes, { referrals, inbound: inboundReferrals, org });
      await api.register(suggestionRoutes, { suggestions: new SuggestionService(database.db, deps.keyring, clock, { notify: (notice) => inbox.notify(notice.userIds, { kind: notice.kind, subjectType: 'suggestion', subjectId: notice.suggestionId ?? '', title: notice.title }, { outbound: notice.suggestionId !== null }) }) });
      await api.register(packageRoutes, { delivery, grants, requests: shareRequests, org });
      await api.register(violationRoutes, { violations });
      await api.register(reportRoutes, { reports, renderer: { html: (report, locale) => renderReportHtml(report, { locale }), pdf: (report, locale) => renderReportPdf(report, { locale }) } });
      await api.register(alertRoutes, { alerts, staffLinks: new StaffLinks(database.db, clock) });
      await api.register(auditRoutes, { audit, verifications: auditVerifications, exportContext: { serverId: config.serverId, hospitalName: config.hospitalName, hostname: hostname() } });
    },
    { prefix: '/api/v1' },
  );
  await app.register(smartRoutes, { tokens: new SmartTokenService(database.db, deps.keyring, clock), profile: deps.keyring.profile.name, rateLimit: { max: deps.loginRateLimit ?? 20, timeWindow: '1 minute' } });
  await app.register(fhirIngestRoutes, { ingest });
  await app.register(fhirReadRoutes, { access, policy, keyring: deps.keyring, clock, version: VERSION });
  await app.register(referralFhirRoutes, { inbound: inboundReferrals });
  await app.register(bulkExportRoutes, { exports: bulkExports });
  await registerWebConsole(app, deps.webRoot ?? DEFAULT_WEB_ROOT);
  // Checkpoints also come on a timer, so a quiet night still ends with a signed tree head.
  const checkpointTimer = setInterval(() => void auditLog.tick().catch(() => undefined), Math.min(auditLog.checkpointIntervalMs, 10_000));
  checkpointTimer.unref();
  const reminders = new Reminders(database.db, inbox, feedback, clock);
  scheduler.register({ name: 'grant-expiry', everyMs: 60_000, run: () => expireGrantsNow(grants, auditLog) });
  scheduler.register({ name: 'package-retirement', everyMs: 60_000, run: () => retirePackagesNow(delivery, auditLog) });
  scheduler.register({ name: 'reminders', everyMs: 60_000, run: () => reminders.run() });
  // Incremental checks keep the recorded verification within minutes of the log; the daily full
  // run re-reads old entries, which an incremental run stands on without re-hashing.
  scheduler.register({ name: 'audit-verify', everyMs: 10 * 60_000, leaseMs: 30 * 60_000, run: () => auditVerifications.run('incremental', 'schedule') });
  scheduler.register({ name: 'audit-verify-full', everyMs: 24 * 3_600_000, leaseMs: 3 * 3_600_000, run: () => auditVerifications.run('full', 'schedule') });
  // Folds new audit entries into the quarterly report's running totals (ADR 0018).
  scheduler.register({ name: 'report-rollup', everyMs: 60_000, leaseMs: 10 * 60_000, run: async () => void (await reportRollup.run()) });
  scheduler.register({ name: 'anomaly-scan', everyMs: 5 * 60_000, leaseMs: 30 * 60_000, run: () => alerts.scan() });
  // Deletes the files of expired, cancelled and failed bulk exports and fails those whose process stopped.
  scheduler.register({ name: 'bulk-export-expiry', everyMs: 60_000, run: () => bulkExports.sweep() });
  // An hour into each quarter, the quarter just ended gets its draft report (季度审计报告).
  scheduler.register({ name: 'report-drafts', next: afterEachQuarter(3_600_000), run: (now) => reports.ensureDraft(previousQuarter(quarterOf(now))) });
  const housekeeping = async () => {
    for (const job of ['grant-expiry', 'package-retirement', 'reminders']) await scheduler.runNow(job);
  };
  const everyMs = deps.housekeepingEveryMs === undefined ? 60_000 : deps.housekeepingEveryMs;
  if (everyMs !== null) scheduler.start(everyMs);
  app.addHook('onClose', async () => {
    clearInterval(checkpointTimer);
    // Running exports are failed as stopped (and audited) before the log is flushed.
    await bulkExports.close();
    // Waits for the run in progress: it deletes files and audits each deletion, which must not outlive the database.
    await scheduler.stop();
    await auditLog.flush();
  });
  await app.ready();
  return { app, org, auditLog, audit, keyring: deps.keyring, catalog, ingest, access, grants, emergency, policy, reminders, packages: delivery, housekeeping, scheduler, violations, auditVerification: auditVerifications, reportRollup, partners, bulkExports };
}
