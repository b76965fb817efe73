export { consentCovers, consentState, CONSENT_STATUSES, EVIDENCE_KINDS, RECIPIENT_KINDS, type Consent, type ConsentTerms, type ConsentEvidence, type ConsentState, type ConsentStatus, type Disclosure, type EvidenceKind, type RecipientKind } from './consent.js';
export { consentInForceExists, type ConsentInForceCheck, type ConsentOperand } from '../../access/index.js';
export { ConsentService, type ConsentInput, type ConsentEvidenceInput, type FormUploadInput, type UploadedForm } from './service.js';
export { consentRoutes } from './routes.js';
export { toFhirConsent, type FhirConsent, type FhirConsentContext } from './fhir-consent.js';
export { consentReach, type ConsentReach, type ConsentAction } from './audience.js';
export type { ConsentView } from './presenters.js';
export type { ConsentTables, ConsentRow, ConsentFormRow } from './tables.js';
