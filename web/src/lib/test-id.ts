/**
 * antd forwards data-* props from objects such as `okButtonProps`, but TypeScript's excess-property
 * check rejects hyphenated keys in object literals; spreading this keeps both happy.
 */
export function testId(id: string): Record<string, string> {
  return { 'data-testid': id };
}
