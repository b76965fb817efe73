import QRCode from 'qrcode';

/**
 * The otpauth URI as an SVG image in a data URL, drawn in the browser: the secret never leaves the page
 * for an outside QR service. An <img> with a data URL needs no HTML injection, and the server's CSP
 * already allows `img-src data:`.
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  // Level M survives a phone camera's glare; a 2-module quiet zone is enough on a white card.
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
