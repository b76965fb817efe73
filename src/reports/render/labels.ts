/** A text in both report languages; the same shape as `CountRow.label`. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type ReportLocale = 'zh-CN' | 'en-US';

export interface RenderOptions {
  /** Which language leads; the other stands beside it. The report is a Chinese record, so zh-CN is the default. */
  locale: ReportLocale;
}

export function primary(text: Bilingual, locale: ReportLocale): string {
  return locale === 'en-US' ? text.en : text.zh;
}

export function secondary(text: Bilingual, locale: ReportLocale): string {
  return locale === 'en-US' ? text.zh : text.en;
}

const t = (zh: string, en: string): Bilingual => ({ zh, en });

/** Fixed wording of the report. Headings follow the policy's own terms (Ch.7). */
export const TEXT = {
  title: t('季度审计报告', 'Quarterly audit report'),
  hospital: t('医院', 'Hospital'),
  quarter: t('季度', 'Quarter'),
  period: t('统计期间', 'Period'),
  generatedAt: t('生成时间', 'Generated at'),
  status: t('状态', 'Status'),
  draft: t('草稿', 'DRAFT'),
  draftNote: t('本报告尚未签发，不作为正式审计结论。', 'This report has not been issued and is not a formal audit finding.'),
  issued: t('已签发', 'Issued'),
  none: t('无', 'none'),
  noData: t('无数据', 'No data'),
  item: t('项目', 'Item'),
  count: t('数量', 'Count'),
  share: t('占比', 'Share'),
  value: t('数值', 'Value'),
  hours: t('小时', 'hours'),
  passed: t('通过', 'passed'),
  failed: t('未通过', 'FAILED'),
  page: t('页', 'Page'),

  sharing: t('共享概况', 'Sharing overview'),
  reads: t('数据读取次数', 'Record reads'),
  patients: t('涉及患者数', 'Distinct patients'),
  byDepartment: t('按科室', 'By department'),
  byResource: t('按信息资源', 'By information resource'),
  byPurpose: t('按用途', 'By purpose'),
  byChannel: t('按共享方式', 'By channel'),
  byWeek: t('每周读取次数', 'Reads per week'),

  requests: t('共享申请与审查', 'Share requests and reviews'),
  filed: t('提交申请', 'Requests filed'),
  approved: t('批准', 'Approved'),
  narrowed: t('其中缩减范围后批准', 'of which narrowed'),
  returned: t('退回修改', 'Returned'),
  rejected: t('驳回', 'Rejected'),
  withdrawn: t('撤回', 'Withdrawn'),
  outcomes: t('申请结果', 'Request outcomes'),
  reviewsDecided: t('完成审查', 'Reviews decided'),
  reviewMedian: t('审查用时中位数', 'Median review time'),
  reviewP90: t('审查用时 90 分位', '90th percentile review time'),
  withinDeadline: t('按时完成审查', 'Decided within deadline'),
  pastDeadline: t('超期完成审查', 'Decided past deadline'),

  grants: t('授权', 'Grants'),
  grantsCreated: t('新增授权', 'Grants created'),
  grantsActive: t('期末有效授权', 'Active at quarter end'),
  grantsExpired: t('到期', 'Expired'),
  grantsRevoked: t('撤销', 'Revoked'),
  grantsSuspended: t('暂停', 'Suspended'),

  feedback: t('使用反馈', 'Usage feedback'),
  feedbackDue: t('应提交反馈', 'Reports due'),
  feedbackOnTime: t('按时提交', 'Filed on time'),
  feedbackLate: t('逾期提交', 'Filed late'),
  feedbackOverdue: t('期末仍未提交', 'Still overdue at quarter end'),

  denied: t('拒绝访问', 'Denied accesses'),
  deniedTotal: t('拒绝次数', 'Denials'),
  deniedByReason: t('按拒绝原因', 'By reason'),
  deniedTopUsers: t('被拒绝最多的用户', 'Users with most denials'),

  emergency: t('紧急访问', 'Emergency access (break-glass)'),
  emergencyOpened: t('发起紧急访问', 'Opened'),
  emergencyReviewed: t('已事后审查', 'Reviewed'),
  emergencyUnreviewed: t('期末未审查', 'Unreviewed at quarter end'),
  emergencyOutcomes: t('审查结论', 'Review outcomes'),

  alerts: t('异常告警', 'Anomaly alerts'),
  alertsRaised: t('产生告警', 'Raised'),
  alertsDismissed: t('排除', 'Dismissed'),
  alertsEscalated: t('升级处理', 'Escalated'),
  alertsOpen: t('期末未处置', 'Open at quarter end'),
  alertsByRule: t('按规则', 'By rule'),

  violations: t('违规处理', 'Violation handling'),
  violationsOpened: t('立案', 'Cases opened'),
  violationsDecided: t('已作出处理决定', 'Cases decided'),
  violationsSuspensions: t('暂停权限', 'Access suspensions'),
  violationsAppeals: t('申诉', 'Appeals'),
  violationsByDecision: t('按处理决定', 'By decision'),

  suggestions: t('意见建议', 'Suggestions'),
  suggestionsReceived: t('收到', 'Received'),
  suggestionsAnswered: t('已答复', 'Answered'),
  suggestionsOpen: t('待答复', 'Open'),
  suggestionsMedian: t('首次答复用时中位数', 'Median time to first answer'),
  suggestionsByCategory: t('按类别', 'By category'),

  integrity: t('审计日志完整性', 'Audit log integrity'),
  entriesInQuarter: t('本季度新增审计条目', 'Entries appended in the quarter'),
  entriesTotal: t('审计条目总数', 'Entries in the whole log'),
  checkpoint: t('最新签名检查点', 'Latest signed checkpoint'),
  treeSize: t('树大小', 'Tree size'),
  rootHash: t('根哈希', 'Root hash'),
  signedAt: t('签名时间', 'Signed at'),
  keyId: t('密钥标识', 'Key id'),
  verification: t('完整性校验', 'Verification'),
  verificationResult: t('校验结果', 'Result'),
  checkedAt: t('校验时间', 'Checked at'),
  entriesChecked: t('本次校验条目数', 'Entries re-hashed by the run'),
  verificationMode: t('校验方式', 'Kind of run'),
  fullRun: t('全量校验', 'Full (every entry)'),
  incrementalRun: t('增量校验（自上次通过的检查点起）', 'Incremental (from the last sound checkpoint)'),
  verifiedRange: t('校验范围（树大小）', 'Range checked (tree size)'),
  lastFullRun: t('最近一次全量校验', 'Latest full run'),
  problem: t('问题', 'Problem'),

  findingsSection: t('发现与建议', 'Findings and recommendations'),
  findings: t('审计发现', 'Findings'),
  recommendations: t('改进建议', 'Recommendations'),

  issue: t('签发信息', 'Issue'),
  issuedAt: t('签发时间', 'Issued at'),
  issuedBy: t('签发人', 'Issued by'),
  hash: t('报告摘要', 'Report hash'),
  signature: t('签名', 'Signature'),
  signingKeyId: t('签名密钥标识', 'Signing key id'),
  auditSeq: t('审计日志序号', 'Audit log sequence'),
} as const satisfies Record<string, Bilingual>;
