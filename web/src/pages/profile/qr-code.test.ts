import { describe, expect, it } from 'vitest';
import { qrCodeDataUrl } from './qr-code';

const URI = 'otpauth://totp/Yixiang:nurse.zhao?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Yixiang&algorithm=SHA1&digits=6&period=30';

describe('qrCodeDataUrl', () => {
  it('draws the URI as an SVG data URL', async () => {
    const url = await qrCodeDataUrl(URI);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    // The secret is only inside the drawn modules, never as text a screen reader or a log would pick up.
    expect(svg).not.toContain('JBSWY3DP');
  });

  it('draws different URIs differently and the same URI the same', async () => {
    const other = URI.replace('nurse.zhao', 'dr.wang');
    expect(await qrCodeDataUrl(URI)).toBe(await qrCodeDataUrl(URI));
    expect(await qrCodeDataUrl(other)).not.toBe(await qrCodeDataUrl(URI));
  });
});
