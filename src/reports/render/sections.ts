import type { CountRow, QuarterlyReport, ReportIssue } from '../model.js';
import { formatCount, formatDateTime, formatHours, formatPeriod, paragraphs } from './format.js';
import { TEXT, type Bilingual } from './labels.js';

/**
 * The report's outline, shared by the HTML and PDF renderers so both always show the same sections,
 * facts and charts. Values are formatted here once; the renderers only lay them out.
 */
export interface Fact {
  label: Bilingual;
  value: string | Bilingual;
  /** Machine strings (hashes, signatures) that a reader compares character by character. */
  mono?: boolean;
}

export interface FactsBlock {
  kind: 'facts';
  title?: Bilingual;
  facts: Fact[];
}

export interface CountsBlock {
  kind: 'counts';
  /** Stable id of the chart, kebab-case; also names the chart in the HTML. */
  id: string;
  title: Bilingual;
  rows: CountRow[];
  /** Null when the breakdown is a table only, or has no rows to draw. */
  chart: 'bar' | 'line' | null;
  /** The total a row's share is taken of, or null where a share would mislead (a time series, overlapping rows). */
  shareOf: number | null;
}

export interface TextBlock {
  kind: 'text';
  title: Bilingual;
  paragraphs: string[];
}

export type Block = FactsBlock | CountsBlock | TextBlock;

export interface Section {
  id: string;
  heading: Bilingual;
  blocks: Block[];
}

const fact = (label: Bilingual, value: number | string | Bilingual, mono = false): Fact => ({
  label,
  value: typeof value === 'number' ? formatCount(value) : value,
  ...(mono ? { mono } : {}),
});

function counts(
  id: string,
  title: Bilingual,
  rows: CountRow[],
  shareOf: number | null,
  chart: 'bar' | 'line' | null = null,
): CountsBlock {
  return { kind: 'counts', id, title, rows, shareOf, chart: rows.length > 0 ? chart : null };
}

function row(key: string, label: Bilingual, count: number): CountRow {
  return { key, label, count };
}

function sharing(report: QuarterlyReport): Section {
  const s = report.sharing;
  return {
    id: 'sharing',
    heading: TEXT.sharing,
    blocks: [
      { kind: 'facts', facts: [fact(TEXT.reads, s.reads), fact(TEXT.patients, s.patients)] },
      counts('sharing-by-department', TEXT.byDepartment, s.byDepartment, s.reads, 'bar'),
      counts('sharing-by-resource', TEXT.byResource, s.byResource, s.reads, 'bar'),
      counts('sharing-by-purpose', TEXT.byPurpose, s.byPurpose, s.reads, 'bar'),
      counts('sharing-by-channel', TEXT.byChannel, s.byChannel, s.reads, 'bar'),
      counts('sharing-by-week', TEXT.byWeek, s.byWeek, null, 'line'),
    ],
  };
}

function requests(report: QuarterlyReport): Section {
  const r = report.requests;
  const outcomes = [
    row('approved', TEXT.approved, r.approved),
    row('narrowed', TEXT.narrowed, r.narrowed),
    row('returned', TEXT.returned, r.returned),
    row('rejected', TEXT.rejected, r.rejected),
    row('withdrawn', TEXT.withdrawn, r.withdrawn),
  ];
  const reviews = [
    fact(TEXT.reviewsDecided, r.reviews.decided),
    fact(TEXT.reviewMedian, formatHours(r.reviews.medianHours)),
    fact(TEXT.reviewP90, formatHours(r.reviews.p90Hours)),
    fact(TEXT.withinDeadline, r.reviews.withinDeadline),
    fact(TEXT.pastDeadline, r.reviews.pastDeadline),
  ];
  return {
    id: 'requests',
    heading: TEXT.requests,
    blocks: [
      { kind: 'facts', facts: [fact(TEXT.filed, r.filed)] },
      // No shares: narrowed is part of approved, and decisions may concern requests filed last quarter.
      counts('request-outcomes', TEXT.outcomes, outcomes, null, 'bar'),
      { kind: 'facts', facts: reviews },
    ],
  };
}

function plain(id: string, heading: Bilingual, facts: Fact[], ...rest: CountsBlock[]): Section {
  return { id, heading, blocks: [{ kind: 'facts', facts }, ...rest] };
}

function supervision(report: QuarterlyReport): Section[] {
  const { grants: g, feedback: f, deniedAccesses: d, emergencies: e, alerts: a, violations: v, suggestions: s } = report;
  return [
    plain('grants', TEXT.grants, [
      fact(TEXT.grantsCreated, g.created), fact(TEXT.grantsActive, g.active), fact(TEXT.grantsExpired, g.expired),
      fact(TEXT.grantsRevoked, g.revoked), fact(TEXT.grantsSuspended, g.suspended),
    ]),
    plain('feedback', TEXT.feedback, [
      fact(TEXT.feedbackDue, f.due), fact(TEXT.feedbackOnTime, f.onTime), fact(TEXT.feedbackLate, f.late),
      fact(TEXT.feedbackOverdue, f.overdue),
    ]),
    plain('denied', TEXT.denied, [fact(TEXT.deniedTotal, d.total)],
      counts('denied-by-reason', TEXT.deniedByReason, d.byReason, d.total),
      counts('denied-top-users', TEXT.deniedTopUsers, d.topUsers, d.total)),
    plain('emergency', TEXT.emergency, [
      fact(TEXT.emergencyOpened, e.opened), fact(TEXT.emergencyReviewed, e.reviewed),
      fact(TEXT.emergencyUnreviewed, e.unreviewed),
    ], counts('emergency-outcomes', TEXT.emergencyOutcomes, e.outcomes, e.reviewed)),
    plain('alerts', TEXT.alerts, [
      fact(TEXT.alertsRaised, a.raised), fact(TEXT.alertsDismissed, a.dismissed), fact(TEXT.alertsEscalated, a.escalated),
      fact(TEXT.alertsOpen, a.open),
    ], counts('alerts-by-rule', TEXT.alertsByRule, a.byRule, a.raised, 'bar')),
    plain('violations', TEXT.violations, [
      fact(TEXT.violationsOpened, v.opened), fact(TEXT.violationsDecided, v.decided),
      fact(TEXT.violationsSuspensions, v.suspensions), fact(TEXT.violationsAppeals, v.appeals),
    ], counts('violations-by-decision', TEXT.violationsByDecision, v.byDecision, v.decided, 'bar')),
    plain('suggestions', TEXT.suggestions, [
      fact(TEXT.suggestionsReceived, s.received), fact(TEXT.suggestionsAnswered, s.answered),
      fact(TEXT.suggestionsOpen, s.open), fact(TEXT.suggestionsMedian, formatHours(s.medianHoursToAnswer)),
    ], counts('suggestions-by-category', TEXT.suggestionsByCategory, s.byCategory, s.received, 'bar')),
  ];
}

function lastFullText(run: { ok: boolean; checkedAt: string; treeSize: number }): Bilingual {
  const result = run.ok ? TEXT.passed : TEXT.failed;
  const tail = ` · ${formatDateTime(run.checkedAt)} · ${run.treeSize}`;
  return { zh: result.zh + tail, en: result.en + tail };
}

function integrity(report: QuarterlyReport): Section {
  const { latestCheckpoint: cp, verification: check, ...entries } = report.auditIntegrity;
  const checkpoint: Fact[] = cp
    ? [fact(TEXT.treeSize, cp.treeSize), fact(TEXT.rootHash, cp.rootHash, true),
       fact(TEXT.signedAt, formatDateTime(cp.signedAt)), fact(TEXT.keyId, cp.keyId, true)]
    : [fact(TEXT.checkpoint, TEXT.none)];
  const verification: Fact[] = [
    fact(TEXT.verificationResult, check.ok ? TEXT.passed : TEXT.failed),
    fact(TEXT.verificationMode, check.mode === 'full' ? TEXT.fullRun : TEXT.incrementalRun),
    fact(TEXT.checkedAt, formatDateTime(check.checkedAt)),
    fact(TEXT.verifiedRange, `${check.fromSize} – ${check.treeSize}`),
    fact(TEXT.entriesChecked, check.entriesChecked),
    ...(check.problem === null ? [] : [fact(TEXT.problem, check.problem)]),
    check.lastFull
      ? fact(TEXT.lastFullRun, lastFullText(check.lastFull))
      : fact(TEXT.lastFullRun, TEXT.none),
  ];
  return {
    id: 'integrity',
    heading: TEXT.integrity,
    blocks: [
      { kind: 'facts', facts: [fact(TEXT.entriesInQuarter, entries.entriesInQuarter), fact(TEXT.entriesTotal, entries.entriesTotal)] },
      { kind: 'facts', title: TEXT.checkpoint, facts: checkpoint },
      { kind: 'facts', title: TEXT.verification, facts: verification },
    ],
  };
}

function findings(report: QuarterlyReport): Section {
  return {
    id: 'findings',
    heading: TEXT.findingsSection,
    blocks: [
      { kind: 'text', title: TEXT.findings, paragraphs: paragraphs(report.findings) },
      { kind: 'text', title: TEXT.recommendations, paragraphs: paragraphs(report.recommendations) },
    ],
  };
}

/** Every section of the model, in the order the report reads. */
export function reportSections(report: QuarterlyReport): Section[] {
  return [sharing(report), requests(report), ...supervision(report), integrity(report), findings(report)];
}

/** The facts at the top of the report, the same in both formats. */
export function headerFacts(report: QuarterlyReport): Fact[] {
  return [
    { label: TEXT.hospital, value: report.hospital },
    { label: TEXT.quarter, value: report.quarter },
    { label: TEXT.period, value: formatPeriod(report.period) },
    { label: TEXT.generatedAt, value: formatDateTime(report.generatedAt) },
    { label: TEXT.status, value: report.issue ? TEXT.issued : TEXT.draft },
  ];
}

/** The seal of an issued report: what a reader needs to check it against the audit log. */
export function issueFacts(issue: ReportIssue): Fact[] {
  return [
    fact(TEXT.issuedAt, formatDateTime(issue.issuedAt)),
    fact(TEXT.issuedBy, `${issue.issuedBy.displayName} (${issue.issuedBy.userId})`),
    fact(TEXT.hash, `${issue.hashAlgorithm}: ${issue.hash}`, true),
    fact(TEXT.signature, `${issue.signatureAlgorithm}: ${issue.signature}`, true),
    fact(TEXT.signingKeyId, issue.signingKeyId, true),
    fact(TEXT.auditSeq, issue.auditSeq),
  ];
}

/** The blocks that carry a chart, in document order. */
export function chartBlocks(sections: Section[]): CountsBlock[] {
  return sections.flatMap((section) => section.blocks).filter((b): b is CountsBlock => b.kind === 'counts' && b.chart !== null);
}
