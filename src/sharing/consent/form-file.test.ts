import { describe, expect, it } from 'vitest';
import { checkForm, contentDisposition, FORM_MAX_BYTES } from './form-file.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);

describe('checkForm', () => {
  it('accepts a PDF, JPEG or PNG whose bytes match the declared type', () => {
    expect(checkForm({ name: '知情同意书.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') })).toMatchObject({ ok: true, name: '知情同意书.pdf', content: PDF });
    expect(checkForm({ name: 'scan.png', mediaType: 'image/png', contentBase64: PNG.toString('base64') }).ok).toBe(true);
    expect(checkForm({ name: 'photo.jpg', mediaType: 'image/jpeg', contentBase64: JPEG.toString('base64') }).ok).toBe(true);
  });

  it('refuses bytes of another type than declared', () => {
    expect(checkForm({ name: 'form.pdf', mediaType: 'application/pdf', contentBase64: PNG.toString('base64') })).toEqual({ ok: false, problem: 'wrong-type' });
    expect(checkForm({ name: 'form.png', mediaType: 'image/png', contentBase64: Buffer.from('<html><script>alert(1)</script>').toString('base64') })).toEqual({ ok: false, problem: 'wrong-type' });
  });

  it('refuses an oversized file from its base64 length alone', () => {
    const padded = 'A'.repeat(Math.ceil((FORM_MAX_BYTES + 3) / 3) * 4);
    expect(checkForm({ name: 'big.pdf', mediaType: 'application/pdf', contentBase64: padded })).toEqual({ ok: false, problem: 'too-large' });
  });

  it('refuses unsafe names and broken base64', () => {
    expect(checkForm({ name: '../etc/passwd', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') })).toMatchObject({ ok: false, problem: 'invalid', path: 'body/name' });
    expect(checkForm({ name: 'form.pdf', mediaType: 'application/pdf', contentBase64: 'not base64!' })).toMatchObject({ ok: false, problem: 'invalid', path: 'body/contentBase64' });
  });

  it('names the download safely for old and new clients', () => {
    expect(contentDisposition('同意书 "1".pdf')).toBe(`attachment; filename="___ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('同意书 "1".pdf')}`);
  });
});
