import { FINDING_SEVERITIES, type Finding, type FindingSeverity } from '../../api/types';

/**
 * Pre-check findings (legality and necessity, policy 5.2) as the console shows them: blocking ones first,
 * then warnings, then information; `block` keeps a request from being submitted.
 */
const RANK: Record<FindingSeverity, number> = { block: 0, warn: 1, info: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  // A stable sort keeps the server's order within a severity (resource by resource).
  return [...findings].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3));
}

export function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const counts = Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, 0])) as Record<FindingSeverity, number>;
  for (const finding of findings) if (finding.severity in counts) counts[finding.severity] += 1;
  return counts;
}

export function blocks(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'block');
}

/** Findings about one catalog resource; `null` picks those about the request as a whole. */
export function findingsFor(findings: readonly Finding[], catalogCode: string | null): Finding[] {
  return findings.filter((f) => (catalogCode === null ? !f.catalogCode : f.catalogCode === catalogCode));
}

/** Field names flagged by a finding of `check` on the resource (e.g. extra fields of fields-necessary). */
export function flaggedFields(findings: readonly Finding[], catalogCode: string, check: string): string[] {
  return [...new Set(findings.filter((f) => f.catalogCode === catalogCode && f.check === check).flatMap((f) => f.fields ?? []))];
}

/** A stable key for a finding in a list. */
export function findingKey(finding: Finding, index: number): string {
  return `${finding.check}-${finding.catalogCode ?? ''}-${(finding.fields ?? []).join(',')}-${index}`;
}

/** The server's code for a submission refused by blocking findings (422). */
export const BLOCKED_CODE = 'SHARE_REQUEST_BLOCKED';
