import { describe, expect, it } from 'vitest';
import { reportsApi } from './reports-api';

describe('reportsApi.downloadHref', () => {
  it('asks for the format and the report language, for a plain same-origin link', () => {
    expect(reportsApi.downloadHref('2026-Q3', 'pdf', 'zh-CN')).toBe('/api/v1/reports/quarterly/2026-Q3?format=pdf&locale=zh-CN');
    expect(reportsApi.downloadHref('2026-Q3', 'html', 'en-US')).toBe('/api/v1/reports/quarterly/2026-Q3?format=html&locale=en-US');
  });
});
