import { describe, expect, it } from 'vitest';
import { checkSubmission, checkText } from './submission.js';

describe('suggestion submissions', () => {
  it('trims the text and defaults to a named submission', () => {
    const checked = checkSubmission({ kind: 'complaint', category: 'review', text: '  审查周期过长，超过十个工作日  ' });
    expect(checked).toEqual({ ok: true, submission: { kind: 'complaint', category: 'review', text: '审查周期过长，超过十个工作日', anonymous: false, attachment: null } });
  });

  it('refuses text that is only spaces, naming the field', () => {
    const checked = checkSubmission({ kind: 'suggestion', category: 'other', text: '      　 ' });
    expect(checked).toEqual({ ok: false, attachmentTooLarge: false, problems: [expect.objectContaining({ path: 'body/text', code: 'text-too-short' })] });
  });

  it('reports the text and the attachment together', () => {
    const checked = checkSubmission({ kind: 'suggestion', category: 'other', text: ' ', attachment: { name: 'a.png', mediaType: 'image/png', contentBase64: 'QUJD' } });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.map((p) => p.path)).toEqual(['body/text', 'body/attachment/contentBase64']);
  });

  it('tells an oversized attachment apart', () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41).toString('base64');
    expect(checkSubmission({ kind: 'suggestion', category: 'other', text: '附件过大的建议', attachment: { name: 'a.txt', mediaType: 'text/plain', contentBase64: big } })).toEqual({ ok: false, attachmentTooLarge: true, problems: [] });
  });

  it('bounds replies the same way', () => {
    expect(checkText(' 好 ', 'body/text', 2, 10)).toMatchObject({ code: 'text-too-short' });
    expect(checkText('已处理完毕', 'body/text', 2, 4)).toMatchObject({ code: 'text-too-long' });
    expect(checkText(' 已处理 ', 'body/text', 2, 10)).toEqual({ text: '已处理' });
  });
});
