import { describe, expect, it } from 'vitest';
import { actionNotice, submittedNotice } from './notices.js';

const complaint = { kind: 'complaint', category: 'security-privacy', anonymous: false } as const;

describe('suggestion notices', () => {
  it('tells the handlers of a new one by kind and category, never its words', () => {
    expect(submittedNotice(complaint)).toEqual({ audience: 'handlers', kind: 'suggestion-new', title: { zh: '新投诉待受理(安全与隐私)', en: 'New complaint to handle (Security & privacy)' } });
  });

  it('tells the submitter of progress, answers and a handler closing it', () => {
    expect(actionNotice(complaint, 'answer', 'handler')).toMatchObject({ audience: 'submitter', kind: 'suggestion-answered', title: { zh: '您的投诉已答复(安全与隐私)' } });
    expect(actionNotice(complaint, 'start', 'handler')?.kind).toBe('suggestion-progress');
    expect(actionNotice(complaint, 'close', 'handler')?.kind).toBe('suggestion-closed');
    expect(actionNotice(complaint, 'close', 'submitter')).toBeNull();
    expect(actionNotice(complaint, 'reopen', 'submitter')).toMatchObject({ audience: 'handlers', kind: 'suggestion-reopened' });
  });

  it('reminds the anonymous submitter that it is their anonymous one', () => {
    expect(actionNotice({ ...complaint, anonymous: true }, 'answer', 'handler')?.title.en).toBe('Your anonymous complaint was answered (Security & privacy)');
  });
});
