import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isRefusal, type AccessService } from '../../access/index.js';
import type { CatalogService } from '../../catalog/index.js';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import { AppError, Errors } from '../../http/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { UserPrincipal } from '../../org/index.js';
import type { PolicyService } from '../../policy/index.js';
import { consentReach, type ConsentAction } from './audience.js';
import type { Consent } from './consent.js';
import { toFhirConsent, type FhirConsent } from './fhir-consent.js';
import { checkForm, FORM_MAX_BYTES, type FormMediaType, type FormUpload } from './form-file.js';
import { presentConsent, type ConsentView } from './presenters.js';
import { normaliseTimes } from './rules.js';
import { openForm, sealForm } from './sealing.js';
import * as store from './store.js';
import type { ConsentRow } from './tables.js';

export type ConsentEvidenceInput = { kind: 'verbal'; clinicianId?: string; recordedAt: string; note?: string } | { kind: 'signed-form'; fileId: string; recordedAt: string; note?: string };

export interface ConsentInput {
  recipientId: string;
  purpose: string;
  catalogCodes?: string[];
  validFrom?: string;
  validTo?: string;
  evidence: ConsentEvidenceInput;
}

export interface FormUploadInput extends FormUpload {
  patientId: string;
}

export interface UploadedForm {
  fileId: string;
  patientId: string;
  fileName: string;
  mediaType: FormMediaType;
  bytes: number;
  sha256: string;
  uploadedAt: string;
}

/**
 * For the audit entry: the patient a call is about (as soon as it is known, refusals included) and
 * how the caller reached them — `role:<role>` for those who handle any patient's consents, else the
 * `access` rule that opened the patient's record (department, care-team, emergency:<id>).
 */
export type ReachNote = (fact: { patientId: string; basis?: string }) => void;

/**
 * Patient consent (单独同意, PIPL Art. 23 and 29): record a consent with its evidence (signed form or
 * verbal), list and read them, export as FHIR, withdraw. Withdrawal stops access at once: the
 * access check reads `consents` on every request (store.ts `consentInForceExists`).
 */
export class ConsentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly access: AccessService,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
    private readonly options: { custodian?: string | null } = {},
  ) {}

  async list(principal: UserPrincipal, patientId: string, note?: ReachNote): Promise<ConsentView[]> {
    await this.reach(principal, patientId, 'read', note);
    return this.present((await store.consentsOfPatient(this.db, patientId)).map(store.toConsent));
  }

  async get(principal: UserPrincipal, id: string, note?: ReachNote): Promise<ConsentView> {
    const consent = await this.visible(principal, id, 'read', note);
    return (await this.present([consent]))[0]!;
  }

  async record(principal: UserPrincipal, patientId: string, input: ConsentInput, note?: ReachNote): Promise<ConsentView> {
    await this.reach(principal, patientId, 'write', note);
    const now = this.clock();
    await this.checkRecipient(input.recipientId);
    await this.checkPurpose(input.purpose);
    const catalogCodes = input.catalogCodes ? await this.checkCatalogCodes(input.catalogCodes) : null;
    const times = normaliseTimes({ validFrom: input.validFrom, validTo: input.validTo, recordedAt: input.evidence.recordedAt }, now);
    const evidence = input.evidence;
    const clinicianId = evidence.kind === 'verbal' ? await this.checkClinician(evidence.clinicianId ?? principal.userId) : principal.userId;
    const row: ConsentRow = {
      id: newId(),
      patient_id: patientId,
      recipient_kind: 'institution',
      recipient_id: input.recipientId,
      purpose: input.purpose,
      catalog_codes: catalogCodes ? JSON.stringify(catalogCodes) : null,
      valid_from: times.validFrom,
      valid_to: times.validTo,
      status: 'active',
      evidence_kind: evidence.kind,
      evidence_file_id: evidence.kind === 'signed-form' ? evidence.fileId : null,
      evidence_clinician_id: clinicianId,
      evidence_recorded_at: times.recordedAt,
      evidence_note: evidence.note?.trim() || null,
      created_by: principal.userId,
      created_at: now.toISOString(),
      withdrawn_at: null,
      withdrawn_by: null,
      withdrawal_reason: null,
    };
    if (evidence.kind === 'signed-form') await this.checkForm(evidence.fileId, patientId, principal.userId);
    // The form is bound in the same transaction, only while unbound: two consents never share one.
    if (!(await store.insertConsent(this.db, row, evidence.kind === 'signed-form' ? principal.userId : null))) {
      throw new AppError(Errors.CONSENT_FORM_INVALID, { fileId: row.evidence_file_id ?? '', reason: { zh: '已被另一条同意记录使用', en: 'it already evidences another consent' } });
    }
    return (await this.present([store.toConsent(row)]))[0]!;
  }

  async withdraw(principal: UserPrincipal, id: string, reason: string, note?: ReachNote): Promise<ConsentView> {
    const consent = await this.visible(principal, id, 'write', note);
    const now = this.clock().toISOString();
    if (!(await store.withdrawConsent(this.db, id, { withdrawn_at: now, withdrawn_by: principal.userId, withdrawal_reason: reason.trim() }))) {
      const current = await store.findConsent(this.db, id);
      throw new AppError(Errors.CONSENT_WITHDRAWN, { at: current?.withdrawn_at ?? consent.withdrawnAt ?? now });
    }
    return (await this.present([store.toConsent((await store.findConsent(this.db, id))!)]))[0]!;
  }

  async uploadForm(principal: UserPrincipal, input: FormUploadInput, note?: ReachNote): Promise<UploadedForm> {
    await this.reach(principal, input.patientId, 'write', note);
    const checked = checkForm(input);
    if (!checked.ok) {
      if (checked.problem === 'too-large') throw new AppError(Errors.CONSENT_FORM_TOO_LARGE, { max: `${FORM_MAX_BYTES / 1024 / 1024} MiB` });
      if (checked.problem === 'wrong-type') throw new AppError(Errors.CONSENT_FORM_TYPE);
      throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: checked.path, message: checked.message }]);
    }
    const id = newId();
    const uploadedAt = this.clock().toISOString();
    const sha256 = createHash('sha256').update(checked.content).digest('hex');
    await store.insertForm(this.db, {
      id,
      patient_id: input.patientId,
      consent_id: null,
      file_name: checked.name,
      media_type: checked.mediaType,
      bytes: checked.content.length,
      sha256,
      content: await sealForm(this.keyring, id, input.patientId, checked.content),
      uploaded_by: principal.userId,
      uploaded_at: uploadedAt,
    });
    return { fileId: id, patientId: input.patientId, fileName: checked.name, mediaType: checked.mediaType, bytes: checked.content.length, sha256, uploadedAt };
  }

  /** The signed form of a consent, opened. */
  async form(principal: UserPrincipal, id: string, note?: ReachNote): Promise<{ patientId: string; fileName: string; mediaType: string; content: Buffer }> {
    const consent = await this.visible(principal, id, 'read', note);
    const row = consent.evidence.fileId ? await store.findForm(this.db, consent.evidence.fileId) : undefined;
    if (!row) throw new AppError(Errors.CONSENT_FORM_NOT_FOUND);
    return { patientId: consent.patientId, fileName: row.file_name, mediaType: row.media_type, content: await openForm(this.keyring, row.id, row.patient_id, row.content) };
  }

  /** The consent as a FHIR R4 Consent; `formUrl` is where its signed form downloads from. */
  async fhir(principal: UserPrincipal, id: string, formUrl: (consentId: string) => string, note?: ReachNote): Promise<FhirConsent> {
    const consent = await this.visible(principal, id, 'read', note);
    const view = (await this.present([consent]))[0]!;
    const definitions = await this.catalog.definitions();
    const form = view.evidence.form;
    return toFhirConsent(consent, {
      at: this.clock(),
      recipient: view.recipient.name ? { name: view.recipient.name } : null,
      clinician: view.evidence.clinician,
      form: form ? { fileName: form.fileName, mediaType: form.mediaType, bytes: form.bytes, uploadedAt: form.uploadedAt, url: formUrl(consent.id) } : null,
      purposeLabel: view.purposeLabel,
      catalog: new Map(definitions.filter((d) => consent.catalogCodes?.includes(d.code)).map((d) => [d.code, { name: d.name, fhirResourceTypes: d.fhirResourceTypes }])),
      custodian: this.options.custodian ?? null,
    });
  }

  /** Active consents of these patients to one institution, for the sharing pre-check (which decides what is in force). */
  async activeConsentsTo(patientIds: readonly string[], recipientId: string): Promise<Consent[]> {
    return (await store.activeConsentsTo(this.db, patientIds, recipientId)).map(store.toConsent);
  }

  /** Whether a consent in force now covers this disclosure (the same SQL as the access check). */
  inForce(check: { patientId: string; recipientId: string; purpose: string; catalogCode: string }): Promise<boolean> {
    return store.consentInForce(this.db, { ...check, at: this.clock().toISOString() });
  }

  /**
   * The patient as this caller may reach them for consents; 404 otherwise, whether the patient does
   * not exist or is outside the caller's reach, so existence does not leak.
   */
  private async reach(principal: UserPrincipal, patientId: string, action: ConsentAction, note?: ReachNote): Promise<void> {
    note?.({ patientId });
    const reach = consentReach(principal.roles, action);
    if (reach === 'none') throw new AppError(Errors.FORBIDDEN);
    if (!(await store.patientExists(this.db, patientId))) throw new AppError(Errors.PATIENT_NOT_FOUND);
    if (reach === 'any-patient') {
      note?.({ patientId, basis: `role:${principal.roles.find((role) => consentReach([role], action) === 'any-patient')}` });
      return;
    }
    const read = await this.access.read({ principal, purpose: 'treatment' }, 'Patient', patientId);
    // Department, care team or emergency: a grant is for the shared data, not for handling consents.
    if (isRefusal(read) || read.grantId !== null) throw new AppError(Errors.PATIENT_NOT_FOUND);
    note?.({ patientId, basis: read.basis });
  }

  private async visible(principal: UserPrincipal, id: string, action: ConsentAction, note?: ReachNote): Promise<Consent> {
    const row = await store.findConsent(this.db, id);
    if (!row) throw new AppError(Errors.CONSENT_NOT_FOUND);
    try {
      await this.reach(principal, row.patient_id, action, note);
    } catch (error) {
      if (error instanceof AppError && error.code === Errors.PATIENT_NOT_FOUND.code) throw new AppError(Errors.CONSENT_NOT_FOUND);
      throw error;
    }
    return store.toConsent(row);
  }

  private async checkRecipient(id: string): Promise<void> {
    const institution = (await store.institutionNames(this.db, [id])).get(id);
    if (!institution || institution.status !== 'active') throw new AppError(Errors.CONSENT_RECIPIENT_INVALID, { id });
  }

  private async checkPurpose(purpose: string): Promise<void> {
    const allowed = (await this.policy.get('access.purposes')).map((p) => p.code);
    if (!allowed.includes(purpose)) throw new AppError(Errors.CONSENT_PURPOSE_UNKNOWN, { purpose, allowed: allowed.join(', ') });
  }

  private async checkCatalogCodes(codes: readonly string[]): Promise<string[]> {
    const known = new Set((await this.catalog.definitions()).map((d) => d.code));
    const unique = [...new Set(codes)];
    const unknown = unique.filter((code) => !known.has(code));
    if (unknown.length) throw new AppError(Errors.CONSENT_CATALOG_UNKNOWN, { codes: unknown.join(', ') });
    return unique;
  }

  private async checkClinician(userId: string): Promise<string> {
    if (!(await store.activeClinician(this.db, userId))) throw new AppError(Errors.CONSENT_CLINICIAN_INVALID, { id: userId });
    return userId;
  }

  private async checkForm(fileId: string, patientId: string, userId: string): Promise<void> {
    const form = (await store.formFacts(this.db, [fileId])).get(fileId);
    const reason = !form
      ? { zh: '文件不存在', en: 'no such file' }
      : form.patient_id !== patientId
        ? { zh: '文件属于另一位患者', en: 'it was uploaded for another patient' }
        : form.uploaded_by !== userId
          ? { zh: '文件由他人上传', en: 'it was uploaded by someone else' }
          : form.consent_id !== null
            ? { zh: '已被另一条同意记录使用', en: 'it already evidences another consent' }
            : null;
    if (reason) throw new AppError(Errors.CONSENT_FORM_INVALID, { fileId, reason });
  }

  private async present(consents: Consent[]): Promise<ConsentView[]> {
    const people = consents.flatMap((c) => [c.createdBy, ...(c.evidence.clinicianId ? [c.evidence.clinicianId] : []), ...(c.withdrawnBy ? [c.withdrawnBy] : [])]);
    const [institutions, users, purposes, forms] = await Promise.all([
      store.institutionNames(this.db, consents.map((c) => c.recipientId)),
      store.userNames(this.db, people),
      this.policy.get('access.purposes'),
      store.formFacts(this.db, consents.flatMap((c) => (c.evidence.fileId ? [c.evidence.fileId] : []))),
    ]);
    const names = { institutions, users, purposes: new Map(purposes.map((p) => [p.code, p.label])), forms };
    const now = this.clock();
    return consents.map((consent) => presentConsent(consent, names, now));
  }
}
