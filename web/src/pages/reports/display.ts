import type { InclusionProof } from '../../api/types';
import { localName } from '../../lib/format';
import type { ProofCheck } from '../audit/inclusion-proof';
import { isQuarterId, isQuarterOver, recentQuarters, type QuarterId } from './quarter';
import type { CountRow, ReportListItem, ReportVerification } from './report-model';

export function rowLabel(row: CountRow, language: string): string {
  return localName(row.label, language) || row.key;
}

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** The share of a breakdown's total, to a tenth of a percent; empty for an empty total. */
export function sharePercent(count: number, total: number, language: string): string {
  if (total <= 0) return '';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(count / total);
}

/**
 * Where a quarter's report stands for the list: issued (frozen), a draft of a finished quarter (ready to
 * be issued), or the running quarter (a live draft that cannot be issued yet).
 */
export type ReportRowStatus = 'issued' | 'draft' | 'open';

export interface ReportRow {
  quarter: QuarterId;
  status: ReportRowStatus;
  issuedAt: string | null;
  hash: string | null;
  auditSeq: number | null;
}

/**
 * The server's report rows together with the recent quarters that have none yet (every quarter has a
 * report: a draft is computed on reading), newest first.
 */
export function reportRows(items: readonly ReportListItem[], now: Date, recent: number): ReportRow[] {
  const rows = new Map<QuarterId, ReportRow>();
  const statusOf = (quarter: QuarterId, status: string): ReportRowStatus => (status === 'issued' ? 'issued' : isQuarterOver(quarter, now) ? 'draft' : 'open');
  for (const quarter of recentQuarters(now, recent)) rows.set(quarter, { quarter, status: statusOf(quarter, 'draft'), issuedAt: null, hash: null, auditSeq: null });
  for (const item of items) {
    if (!isQuarterId(item.quarter)) continue;
    rows.set(item.quarter, { quarter: item.quarter, status: statusOf(item.quarter, item.status), issuedAt: item.issuedAt, hash: item.hash, auditSeq: item.auditSeq });
  }
  return [...rows.values()].sort((a, b) => b.quarter.localeCompare(a.quarter));
}

/** Findings and recommendations are plain text with paragraphs separated by blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

const isHexList = (value: unknown): value is string[] => Array.isArray(value) && value.every((h) => typeof h === 'string');

/** The verification's proof when it has the audit API's shape; the server types it loosely. */
export function asInclusionProof(value: unknown): InclusionProof | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const proof = value as Record<string, unknown>;
  const checkpoint = proof.checkpoint as Record<string, unknown> | null | undefined;
  const ok =
    typeof proof.leafIndex === 'number' &&
    typeof proof.treeSize === 'number' &&
    typeof proof.leafHash === 'string' &&
    isHexList(proof.hashes) &&
    !!checkpoint &&
    typeof checkpoint === 'object' &&
    typeof checkpoint.treeSize === 'number' &&
    typeof checkpoint.rootHash === 'string' &&
    typeof checkpoint.hashAlgorithm === 'string';
  return ok ? (value as InclusionProof) : undefined;
}

export type VerificationCheck = 'hash' | 'signature' | 'auditEntry';

export function serverChecks(verification: ReportVerification): { check: VerificationCheck; ok: boolean }[] {
  return [
    { check: 'hash', ok: verification.hashMatches },
    { check: 'signature', ok: verification.signatureValid },
    { check: 'auditEntry', ok: verification.auditEntryMatches },
  ];
}

/**
 * All passed only when the server's three checks hold and this browser recomputed the proof itself;
 * a proof the browser cannot check (SM3, no WebCrypto) leaves the result partial, never green.
 */
export function verificationOutcome(verification: ReportVerification, proof: ProofCheck): 'passed' | 'partial' | 'failed' {
  if (serverChecks(verification).some((c) => !c.ok)) return 'failed';
  if (proof.status === 'verified') return 'passed';
  if (proof.status === 'mismatch' || proof.status === 'malformed') return 'failed';
  return 'partial';
}
