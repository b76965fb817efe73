import { describe, expect, it } from 'vitest';
import { acceptList, attachmentMediaType, attachmentProblem, toBase64 } from './attachment';

const ACCEPTED = ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'];
const LIMITS = { maxBytes: 1024 * 1024, mediaTypes: ACCEPTED };

describe('attachmentMediaType', () => {
  it('takes the browser’s type when it is accepted', () => {
    expect(attachmentMediaType('截图.png', 'image/png', ACCEPTED)).toBe('image/png');
    expect(attachmentMediaType('note.log', 'text/plain;charset=utf-8', ACCEPTED)).toBe('text/plain');
  });

  it('falls back to the extension when the browser names no type or another one', () => {
    expect(attachmentMediaType('scan.PDF', '', ACCEPTED)).toBe('application/pdf');
    expect(attachmentMediaType('photo.jpg', 'image/pjpeg', ACCEPTED)).toBe('image/jpeg');
  });

  it('refuses types the server does not take', () => {
    expect(attachmentMediaType('page.html', 'text/html', ACCEPTED)).toBeNull();
    expect(attachmentMediaType('archive.zip', '', ACCEPTED)).toBeNull();
    expect(attachmentMediaType('no-extension', '', ACCEPTED)).toBeNull();
    expect(attachmentMediaType('photo.png', 'image/png', ['text/plain'])).toBeNull();
  });
});

describe('attachmentProblem', () => {
  it('accepts a file of an accepted type up to the limit', () => {
    expect(attachmentProblem({ name: 'a.png', size: 1024 * 1024, type: 'image/png' }, LIMITS)).toBeNull();
  });

  it('names what is wrong with a file', () => {
    expect(attachmentProblem({ name: 'a.png', size: 1024 * 1024 + 1, type: 'image/png' }, LIMITS)).toBe('fileTooLarge');
    expect(attachmentProblem({ name: 'a.txt', size: 0, type: 'text/plain' }, LIMITS)).toBe('fileEmpty');
    expect(attachmentProblem({ name: 'a.docx', size: 10, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, LIMITS)).toBe('fileType');
  });
});

describe('acceptList', () => {
  it('lists the extensions and the types', () => {
    expect(acceptList(ACCEPTED)).toBe('.png,.jpg,.jpeg,.pdf,.txt,image/png,image/jpeg,application/pdf,text/plain');
    expect(acceptList(['text/plain'])).toBe('.txt,text/plain');
  });
});

describe('toBase64', () => {
  it('encodes bytes as padded base64, large files included', () => {
    expect(toBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('iVBORw==');
    expect(toBase64(new TextEncoder().encode('导出'))).toBe(Buffer.from('导出').toString('base64'));
    const large = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(toBase64(large)).toBe(Buffer.from(large).toString('base64'));
  });
});
