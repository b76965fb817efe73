import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/problem';
import { wordSuggestionProblems } from './problems';

describe('wordSuggestionProblems', () => {
  const word = (code: string) => `《${code}》`;

  it('words known problems and puts attachment problems on the attachment field', () => {
    const refused = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: '请求内容不合法',
      requestId: 'req-1',
      errors: [
        { path: 'body/text', message: 'must have at least 5 characters besides spaces', code: 'text-too-short' },
        { path: 'body/attachment/contentBase64', message: 'content is not image/png', code: 'attachment-type-mismatch' },
        { path: 'body/kind', message: 'must be equal to one of the allowed values' },
      ],
    });
    const worded = wordSuggestionProblems(refused, word) as ApiError;
    expect(worded).toBeInstanceOf(ApiError);
    expect(worded).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: '请求内容不合法', requestId: 'req-1' });
    expect(worded.errors).toEqual([
      { path: 'body/text', message: '《text-too-short》', code: 'text-too-short' },
      { path: 'body/attachment', message: '《attachment-type-mismatch》', code: 'attachment-type-mismatch' },
      { path: 'body/kind', message: 'must be equal to one of the allowed values' },
    ]);
  });

  it('passes other failures through unchanged', () => {
    const tooLarge = new ApiError({ status: 413, code: 'SUGGESTION_ATTACHMENT_TOO_LARGE', title: '附件超过 1 MiB' });
    expect(wordSuggestionProblems(tooLarge, word)).toBe(tooLarge);
    const failure = new Error('offline');
    expect(wordSuggestionProblems(failure, word)).toBe(failure);
  });
});
