import { describe, expect, it } from 'vitest';
import { cleanFileName as cleanName } from '../lib/uploads.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_NAME_MAX, base64Length, checkAttachment, contentDisposition } from './attachment.js';

const cleanFileName = (name: string) => cleanName(name, ATTACHMENT_NAME_MAX);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

describe('suggestion attachments', () => {
  it('accepts a file whose bytes match its declared type', () => {
    const checked = checkAttachment({ name: '截图.png', mediaType: 'image/png', contentBase64: b64(PNG) });
    expect(checked).toMatchObject({ ok: true, attachment: { name: '截图.png', mediaType: 'image/png' } });
    expect(checkAttachment({ name: 'note.txt', mediaType: 'text/plain', contentBase64: b64('申请流程说明') }).ok).toBe(true);
    expect(checkAttachment({ name: 'form.pdf', mediaType: 'application/pdf', contentBase64: b64('%PDF-1.7\n') }).ok).toBe(true);
  });

  it('refuses bytes that are not what the type says (an HTML page called a PNG)', () => {
    expect(checkAttachment({ name: 'x.png', mediaType: 'image/png', contentBase64: b64('<html><script>') })).toMatchObject({ ok: false, code: 'attachment-type-mismatch' });
    expect(checkAttachment({ name: 'x.txt', mediaType: 'text/plain', contentBase64: b64(Buffer.from([0x41, 0x00, 0x42])) })).toMatchObject({ ok: false, code: 'attachment-type-mismatch' });
    expect(checkAttachment({ name: 'x.txt', mediaType: 'text/plain', contentBase64: b64(Buffer.from([0xff, 0xfe, 0x41])) })).toMatchObject({ ok: false, code: 'attachment-type-mismatch' });
  });

  it('refuses broken base64 and empty files', () => {
    expect(checkAttachment({ name: 'a.txt', mediaType: 'text/plain', contentBase64: 'not base64!' })).toMatchObject({ ok: false, code: 'attachment-encoding', path: 'body/attachment/contentBase64' });
    expect(checkAttachment({ name: 'a.txt', mediaType: 'text/plain', contentBase64: 'QUJD' + '=' })).toMatchObject({ ok: false, code: 'attachment-encoding' });
  });

  it('measures the size before decoding, to the byte', () => {
    const exact = Buffer.alloc(ATTACHMENT_MAX_BYTES, 0x41);
    expect(checkAttachment({ name: 'a.txt', mediaType: 'text/plain', contentBase64: b64(exact) }).ok).toBe(true);
    const over = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x41);
    expect(checkAttachment({ name: 'a.txt', mediaType: 'text/plain', contentBase64: b64(over) })).toEqual({ ok: false, tooLarge: true });
    expect(base64Length(ATTACHMENT_MAX_BYTES)).toBe(b64(exact).length);
  });

  it('keeps file names free of paths and header tricks', () => {
    expect(cleanFileName('  报告.pdf ')).toBe('报告.pdf');
    expect(cleanFileName('../etc/passwd')).toBeNull();
    expect(cleanFileName('a\\b.txt')).toBeNull();
    expect(cleanFileName('a"b.txt')).toBeNull();
    expect(cleanFileName('line\nbreak.txt')).toBeNull();
    expect(cleanFileName('.hidden')).toBeNull();
    expect(cleanFileName('x'.repeat(121))).toBeNull();
    expect(checkAttachment({ name: '../x.png', mediaType: 'image/png', contentBase64: b64(PNG) })).toMatchObject({ ok: false, path: 'body/attachment/name' });
  });

  it('names the download in UTF-8 with an ASCII fallback', () => {
    expect(contentDisposition('截图 1.png')).toBe(`attachment; filename="__ 1.png"; filename*=UTF-8''%E6%88%AA%E5%9B%BE%201.png`);
  });
});
