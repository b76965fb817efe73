import type { Language } from './errors.js';

/** What a schema validator (ajv) says about one invalid value: the keyword that failed and its parameters. */
export interface ValidationIssue {
  keyword: string;
  params: Record<string, unknown>;
  /** ajv's English message. */
  message?: string;
}

const TYPE_NAMES_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  integer: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: 'null',
};

const FORMAT_NAMES_ZH: Record<string, string> = {
  'date-time': '日期时间（ISO 8601，如 2026-01-31T08:00:00Z）',
  date: '日期（如 2026-01-31）',
  time: '时间',
  email: '电子邮件地址',
  uri: 'URI',
  url: 'URL',
  uuid: 'UUID',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  hostname: '主机名',
};

const COMPARISONS_ZH: Record<string, string> = { '>=': '大于或等于', '>': '大于', '<=': '小于或等于', '<': '小于' };

/** A value as it appears in a message: strings quoted, everything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
}

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_NAMES_ZH[String(t)] ?? String(t)).join('或');
}

/** zh-CN messages for the keywords our schemas use; anything else gets the generic one. */
const ZH: Record<string, (params: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段 ${shown(p.missingProperty)}`,
  type: (p) => `应为${typeNames(p.type)}`,
  additionalProperties: (p) => `不允许的字段 ${shown(p.additionalProperty)}`,
  maxLength: (p) => `长度不能超过 ${String(p.limit)} 个字符`,
  minLength: (p) => (p.limit === 1 ? '不能为空' : `长度不能少于 ${String(p.limit)} 个字符`),
  maxItems: (p) => `不能超过 ${String(p.limit)} 项`,
  minItems: (p) => `至少需要 ${String(p.limit)} 项`,
  maxProperties: (p) => `不能超过 ${String(p.limit)} 个字段`,
  minProperties: (p) => `至少需要 ${String(p.limit)} 个字段`,
  format: (p) => `格式不正确，应为${FORMAT_NAMES_ZH[String(p.format)] ?? ` ${String(p.format)} 格式`}`,
  enum: (p) => `应为以下值之一：${(Array.isArray(p.allowedValues) ? p.allowedValues : []).map(shown).join('、')}`,
  const: (p) => `应为 ${shown(p.allowedValue)}`,
  pattern: (p) => `格式不正确（应匹配 ${String(p.pattern)}）`,
  minimum: (p) => `应${COMPARISONS_ZH[String(p.comparison)] ?? '大于或等于'} ${String(p.limit)}`,
  maximum: (p) => `应${COMPARISONS_ZH[String(p.comparison)] ?? '小于或等于'} ${String(p.limit)}`,
  exclusiveMinimum: (p) => `应大于 ${String(p.limit)}`,
  exclusiveMaximum: (p) => `应小于 ${String(p.limit)}`,
  multipleOf: (p) => `应为 ${String(p.multipleOf)} 的整数倍`,
  uniqueItems: () => '不能包含重复项',
  anyOf: () => '不符合任何一种允许的形式',
  oneOf: () => '应恰好符合一种允许的形式',
};

/**
 * The message of one field problem in the caller's language. English keeps ajv's own wording
 * (clients may already match on it); Chinese covers the keywords our schemas use and says
 * "取值不符合要求" for the rest, so a Chinese console never shows a bare English fragment.
 */
export function validationMessage(issue: ValidationIssue, language: Language): string {
  if (language === 'en') return issue.message ?? 'is invalid';
  return ZH[issue.keyword]?.(issue.params ?? {}) ?? '取值不符合要求';
}
