import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { validationMessage } from './validation-messages.js';

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);

/** ajv's own errors for a value against a schema, as the request validator produces them. */
function issues(schema: object, value: unknown): ErrorObject[] {
  const validate = ajv.compile(schema);
  expect(validate(value)).toBe(false);
  return validate.errors!;
}

function one(schema: object, value: unknown): ErrorObject {
  const [issue] = issues(schema, value);
  return issue!;
}

describe('validationMessage', () => {
  it.each<[string, object, unknown, string]>([
    ['required', { type: 'object', required: ['username'] }, {}, '缺少必填字段 “username”'],
    ['type', { type: 'string' }, 5, '应为字符串'],
    ['type (integer)', { type: 'integer' }, 'x', '应为整数'],
    ['type (several)', { type: ['string', 'null'] }, 5, '应为字符串或null'],
    ['additionalProperties', { type: 'object', additionalProperties: false }, { extra: 1 }, '不允许的字段 “extra”'],
    ['maxLength', { type: 'string', maxLength: 64 }, 'x'.repeat(65), '长度不能超过 64 个字符'],
    ['minLength', { type: 'string', minLength: 8 }, 'short', '长度不能少于 8 个字符'],
    ['minLength 1', { type: 'string', minLength: 1 }, '', '不能为空'],
    ['maxItems', { type: 'array', maxItems: 2 }, [1, 2, 3], '不能超过 2 项'],
    ['minItems', { type: 'array', minItems: 1 }, [], '至少需要 1 项'],
    ['format', { type: 'string', format: 'date-time' }, 'yesterday', '格式不正确，应为日期时间（ISO 8601，如 2026-01-31T08:00:00Z）'],
    ['format (unnamed)', { type: 'string', format: 'ipv4' }, 'x', '格式不正确，应为IPv4 地址'],
    ['enum', { enum: ['ndjson', 'csv'] }, 'xml', '应为以下值之一：“ndjson”、“csv”'],
    ['const', { const: 'approve' }, 'reject', '应为 “approve”'],
    ['pattern', { type: 'string', pattern: '^[A-Z]+$' }, 'abc', '格式不正确（应匹配 ^[A-Z]+$）'],
    ['minimum', { type: 'integer', minimum: 1 }, 0, '应大于或等于 1'],
    ['maximum', { type: 'integer', maximum: 200 }, 201, '应小于或等于 200'],
    ['exclusiveMinimum', { type: 'number', exclusiveMinimum: 0 }, 0, '应大于 0'],
    ['uniqueItems', { type: 'array', uniqueItems: true }, [1, 1], '不能包含重复项'],
  ])('%s in Chinese', (_name, schema, value, expected) => {
    expect(validationMessage(one(schema, value), 'zh')).toBe(expected);
  });

  it('keeps ajv’s English wording for en', () => {
    expect(validationMessage(one({ type: 'string' }, 5), 'en')).toBe('must be string');
    expect(validationMessage(one({ type: 'object', additionalProperties: false }, { extra: 1 }), 'en')).toBe('must NOT have additional properties');
    expect(validationMessage(one({ type: 'object', required: ['username'] }, {}), 'en')).toBe("must have required property 'username'");
    expect(validationMessage({ keyword: 'custom', params: {} }, 'en')).toBe('is invalid');
  });

  it('says something generic, in Chinese, for keywords it does not know', () => {
    expect(validationMessage({ keyword: 'dependentRequired', params: { property: 'a', missingProperty: 'b' }, message: 'must have property b when property a is present' }, 'zh')).toBe('取值不符合要求');
    expect(validationMessage({ keyword: 'not', params: {} }, 'zh')).toBe('取值不符合要求');
  });

  it('has a Chinese message for every issue of a typebox union', () => {
    for (const issue of issues({ anyOf: [{ const: 'a' }, { const: 'b' }] }, 'c')) expect(validationMessage(issue, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  });
});
