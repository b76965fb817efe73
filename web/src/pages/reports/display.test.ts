import { describe, expect, it } from 'vitest';
import { asInclusionProof, formatCount, paragraphs, reportRows, rowLabel, sharePercent, verificationOutcome } from './display';
import type { ReportVerification } from './report-model';

const NOW = new Date('2026-11-26T06:00:00.000Z');

describe('reportRows', () => {
  it('lists recent quarters without a row as drafts, the running one as open, newest first', () => {
    expect(reportRows([], NOW, 3).map((r) => [r.quarter, r.status])).toEqual([
      ['2026-Q4', 'open'],
      ['2026-Q3', 'draft'],
      ['2026-Q2', 'draft'],
    ]);
  });

  it('merges the server’s rows, older issued reports included, and skips what is not a quarter', () => {
    const rows = reportRows(
      [
        { quarter: '2026-Q3', status: 'issued', issuedAt: '2026-10-08T02:00:00.000Z', hash: 'ab', auditSeq: 42 },
        { quarter: '2024-Q1', status: 'issued', issuedAt: '2024-04-02T02:00:00.000Z', hash: 'cd', auditSeq: 7 },
        { quarter: 'junk', status: 'draft', issuedAt: null, hash: null, auditSeq: null },
      ],
      NOW,
      2,
    );
    expect(rows.map((r) => [r.quarter, r.status, r.auditSeq])).toEqual([
      ['2026-Q4', 'open', null],
      ['2026-Q3', 'issued', 42],
      ['2024-Q1', 'issued', 7],
    ]);
  });

  it('treats a report being issued right now as a draft', () => {
    expect(reportRows([{ quarter: '2026-Q3', status: 'issuing', issuedAt: null, hash: null, auditSeq: null }], NOW, 0)[0]?.status).toBe('draft');
  });
});

describe('labels and numbers', () => {
  it('picks the label of the reader’s language and falls back to the key', () => {
    expect(rowLabel({ key: 'api', label: { zh: '接口', en: 'API' }, count: 1 }, 'zh-CN')).toBe('接口');
    expect(rowLabel({ key: 'api', label: { zh: '接口', en: 'API' }, count: 1 }, 'en-US')).toBe('API');
    expect(rowLabel({ key: 'x', label: { zh: '', en: '' }, count: 1 }, 'en-US')).toBe('x');
  });

  it('formats counts and shares', () => {
    expect(formatCount(12345, 'en-US')).toBe('12,345');
    expect(sharePercent(1, 3, 'en-US')).toBe('33.3%');
    expect(sharePercent(0, 0, 'en-US')).toBe('');
  });

  it('splits paragraphs on blank lines', () => {
    expect(paragraphs('一\n续\n\n  \n二\n\n')).toEqual(['一\n续', '二']);
    expect(paragraphs('')).toEqual([]);
  });
});

const PROOF = {
  leafIndex: 3,
  treeSize: 8,
  leafHash: 'aa',
  hashes: ['bb'],
  checkpoint: { treeSize: 8, rootHash: 'cc', signedAt: '2026-10-08T02:00:00.000Z', keyId: 'k', hashAlgorithm: 'sha256', signatureAlgorithm: 'ed25519', signature: 's' },
};

describe('asInclusionProof', () => {
  it('accepts the audit API’s proof shape and nothing else', () => {
    expect(asInclusionProof(PROOF)).toBe(PROOF);
    expect(asInclusionProof({ ...PROOF, hashes: [1] })).toBeUndefined();
    expect(asInclusionProof({ ...PROOF, checkpoint: null })).toBeUndefined();
    expect(asInclusionProof('proof')).toBeUndefined();
    expect(asInclusionProof(null)).toBeUndefined();
  });
});

describe('verificationOutcome', () => {
  const good: ReportVerification = { quarter: '2026-Q3', hashMatches: true, auditEntryMatches: true, signatureValid: true, auditSeq: 3, proof: PROOF };

  it('passes only with every server check and a proof recomputed here', () => {
    expect(verificationOutcome(good, { status: 'verified', treeSize: 8, pathLength: 3 })).toBe('passed');
    expect(verificationOutcome(good, { status: 'server-only', algorithm: 'SM3' })).toBe('partial');
    expect(verificationOutcome(good, { status: 'no-webcrypto' })).toBe('partial');
  });

  it('fails on any failed check or a proof that does not hold', () => {
    expect(verificationOutcome({ ...good, signatureValid: false }, { status: 'verified', treeSize: 8, pathLength: 3 })).toBe('failed');
    expect(verificationOutcome(good, { status: 'mismatch', treeSize: 8 })).toBe('failed');
    expect(verificationOutcome(good, { status: 'malformed', treeSize: 8 })).toBe('failed');
  });
});
