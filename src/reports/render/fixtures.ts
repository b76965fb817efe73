import { createHash } from 'node:crypto';
import type { CountRow, QuarterlyReport, ReportIssue } from '../model.js';

/**
 * A realistic quarterly report with synthetic numbers, for renderer tests, demos and previews.
 * Breakdowns of the same reads add up to the same total, as the generator's do.
 */

/** The headings every rendering of a report must show, in the policy's words (checked by the renderers' tests). */
export const REPORT_HEADINGS = [
  '季度审计报告', '共享概况', '共享申请与审查', '授权', '使用反馈', '拒绝访问', '紧急访问', '异常告警', '违规处理', '意见建议',
  '审计日志完整性', '发现与建议',
] as const;

type RowSpec = [key: string, zh: string, en: string, weight: number];

/** Splits a total over rows by weight; the rounding remainder goes to the first row. */
function rowsOf(total: number, specs: RowSpec[]): CountRow[] {
  const weights = specs.reduce((sum, spec) => sum + spec[3], 0);
  const rows = specs.map(([key, zh, en, weight]) => ({ key, label: { zh, en }, count: Math.floor((total * weight) / weights) }));
  const first = rows[0];
  if (first) first.count += total - rows.reduce((sum, r) => sum + r.count, 0);
  return rows;
}

const fakeDigest = (seed: string, bytes = 32): string =>
  createHash('sha512').update(seed).digest('hex').slice(0, bytes * 2);

const READS = 48_215;

/** ISO weeks of 2025-Q4: W40 and 2026-W01 are partial (the quarter starts on a Wednesday and ends on a Wednesday). */
const WEEKS: RowSpec[] = [
  ['2025-W40', '第40周', 'W40', 1_910], ['2025-W41', '第41周', 'W41', 3_420], ['2025-W42', '第42周', 'W42', 3_655],
  ['2025-W43', '第43周', 'W43', 3_702], ['2025-W44', '第44周', 'W44', 3_810], ['2025-W45', '第45周', 'W45', 3_968],
  ['2025-W46', '第46周', 'W46', 4_105], ['2025-W47', '第47周', 'W47', 3_887], ['2025-W48', '第48周', 'W48', 4_020],
  ['2025-W49', '第49周', 'W49', 4_233], ['2025-W50', '第50周', 'W50', 4_410], ['2025-W51', '第51周', 'W51', 4_102],
  ['2025-W52', '第52周', 'W52', 2_980], ['2026-W01', '第1周', 'W01', 1_530],
];

function sharing(): QuarterlyReport['sharing'] {
  return {
    reads: READS,
    patients: 9_874,
    byDepartment: rowsOf(READS, [
      ['dept-cardiology', '心血管内科', 'Cardiology', 31], ['dept-lab', '检验科', 'Clinical laboratory', 24],
      ['dept-radiology', '医学影像科', 'Radiology', 18], ['dept-pharmacy', '药剂科', 'Pharmacy', 12],
      ['dept-medical-affairs', '医务科', 'Medical affairs', 9], ['dept-finance', '财务科', 'Finance', 6],
    ]),
    byResource: rowsOf(READS, [
      ['res-lab-reports', '检验报告', 'Laboratory reports', 35], ['res-outpatient', '门诊病历', 'Outpatient records', 27],
      ['res-imaging', '影像检查报告', 'Imaging reports', 19], ['res-prescriptions', '处方信息', 'Prescriptions', 13],
      ['res-inpatient-costs', '住院费用明细', 'Inpatient cost details', 6],
    ]),
    byPurpose: rowsOf(READS, [
      ['treatment', '诊疗', 'Treatment', 62], ['referral', '转诊', 'Referral', 17], ['quality', '医疗质量管理', 'Quality management', 11],
      ['research', '科研', 'Research', 6], ['insurance', '医保结算', 'Insurance settlement', 4],
    ]),
    byChannel: rowsOf(READS, [
      ['api', '接口调用', 'API', 58], ['fhir', 'FHIR 接口', 'FHIR', 27], ['export', '批量导出', 'Export', 11], ['push', '主动推送', 'Push', 4],
    ]),
    byWeek: rowsOf(READS, WEEKS),
  };
}

function supervision(): Pick<QuarterlyReport, 'deniedAccesses' | 'emergencies' | 'alerts' | 'violations' | 'suggestions'> {
  return {
    deniedAccesses: {
      total: 1_306,
      byReason: rowsOf(1_306, [
        ['no-grant', '无有效授权', 'No live grant', 52], ['field-outside-grant', '超出授权字段', 'Field outside the grant', 21],
        ['grant-expired', '授权已过期', 'Grant expired', 15], ['consent-missing', '缺少患者单独同意', 'Separate consent missing', 8],
        ['level-5', '敏感级别 5 限制', 'Sensitivity level 5', 4],
      ]),
      topUsers: [
        { key: 'u-10482', label: { zh: '张伟（医务科）', en: 'Zhang Wei (Medical affairs)' }, count: 64 },
        { key: 'u-20917', label: { zh: '刘洋（检验科）', en: 'Liu Yang (Clinical laboratory)' }, count: 41 },
        { key: 'ext-ref-03', label: { zh: '城东社区卫生服务中心', en: 'Chengdong community health centre' }, count: 37 },
      ],
    },
    emergencies: {
      opened: 27, reviewed: 25, unreviewed: 2,
      outcomes: [
        { key: 'justified', label: { zh: '合理', en: 'Justified' }, count: 22 },
        { key: 'partly-justified', label: { zh: '部分合理', en: 'Partly justified' }, count: 2 },
        { key: 'unjustified', label: { zh: '不合理', en: 'Unjustified' }, count: 1 },
      ],
    },
    alerts: {
      raised: 143, dismissed: 118, escalated: 19, open: 6,
      byRule: rowsOf(143, [
        ['after-hours-bulk', '非工作时间批量访问', 'Bulk reads out of hours', 48], ['outside-care-team', '访问非诊疗关系患者', 'Reads outside the care team', 37],
        ['repeated-export', '短时间重复导出', 'Repeated exports', 29], ['break-glass-rate', '紧急访问频次异常', 'Unusual break-glass rate', 17],
        ['expiring-grant-surge', '授权到期前集中读取', 'Surge before grant expiry', 12],
      ]),
    },
    violations: {
      opened: 9, decided: 7, suspensions: 3, appeals: 1,
      byDecision: [
        { key: 'warning', label: { zh: '警告', en: 'Warning' }, count: 4 },
        { key: 'penalty', label: { zh: '处罚', en: 'Penalty' }, count: 2 },
        { key: 'termination', label: { zh: '解除劳动合同 / 终止协议', en: 'Termination' }, count: 1 },
      ],
    },
    suggestions: {
      received: 38, answered: 31, open: 7, medianHoursToAnswer: 19.5,
      byCategory: rowsOf(38, [
        ['process', '流程效率', 'Process efficiency', 14], ['data-quality', '数据质量', 'Data quality', 10],
        ['privacy', '隐私保护', 'Privacy protection', 8], ['features', '系统功能', 'System features', 6],
      ]),
    },
  };
}

const FINDINGS = `本季度共享数据读取 48,215 次，较上季度增长 12%，主要来自检验报告的跨科室调阅。

医务科 1 名用户在非工作时间批量导出门诊病历，已立案并给予警告处理。2 次紧急访问至季度末仍未完成事后审查。`;

const RECOMMENDATIONS = `一、督促心血管内科在 15 个工作日内补交逾期的使用反馈。

二、对“访问非诊疗关系患者”规则的告警阈值进行复核，降低误报。`;

/** A draft report for 2025-Q4. */
export function sampleQuarterlyReport(): QuarterlyReport {
  return {
    quarter: '2025-Q4',
    period: { from: '2025-09-30T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z', timeZone: 'Asia/Shanghai' },
    hospital: '示例市第一人民医院',
    generatedAt: '2026-01-05T02:00:00.000Z',
    status: 'draft',
    sharing: sharing(),
    requests: {
      filed: 412, approved: 318, narrowed: 57, returned: 46, rejected: 29, withdrawn: 11,
      reviews: { decided: 393, medianHours: 18.4, p90Hours: 61.2, withinDeadline: 371, pastDeadline: 22 },
    },
    grants: { created: 305, active: 1_127, expired: 268, revoked: 14, suspended: 3 },
    feedback: { due: 251, onTime: 214, late: 25, overdue: 12 },
    ...supervision(),
    auditIntegrity: {
      entriesInQuarter: 312_448,
      entriesTotal: 1_284_502,
      latestCheckpoint: {
        treeSize: 1_284_480, rootHash: fakeDigest('root'), signedAt: '2026-01-05T01:55:00.000Z', keyId: 'ckpt-ed25519-2025a',
      },
      verification: { ok: true, checkedAt: '2026-01-05T01:58:00.000Z', mode: 'incremental', fromSize: 1_271_000, treeSize: 1_284_480, entriesChecked: 13_480, problem: null, lastFull: { ok: true, checkedAt: '2026-01-04T18:00:00.000Z', treeSize: 1_262_000 } },
    },
    findings: FINDINGS,
    recommendations: RECOMMENDATIONS,
    issue: null,
  };
}

/** The issue block of the sample once the information administrator has signed it. */
export function sampleIssue(): ReportIssue {
  return {
    issuedAt: '2026-01-06T03:30:00.000Z',
    issuedBy: { userId: 'u-00017', displayName: '陈静' },
    hash: fakeDigest('report'),
    hashAlgorithm: 'SHA-256',
    signature: fakeDigest('signature', 64),
    signatureAlgorithm: 'Ed25519',
    signingKeyId: 'report-ed25519-2025a',
    auditSeq: 1_284_503,
  };
}

/** The sample as issued. */
export function sampleIssuedReport(): QuarterlyReport {
  return { ...sampleQuarterlyReport(), status: 'issued', issue: sampleIssue() };
}
