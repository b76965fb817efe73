import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { AES_256_GCM, SM4_CTR_HMAC_SM3 } from '../../crypto/index.js';
import { openSealedFile, SealedFileWriter, type SealedFileKey } from './sealed-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yixiang-sealed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

async function sealed(content: string[], sealing: SealedFileKey, chunkSize = 16): Promise<string> {
  const file = path.join(dir, `f${serial++}`);
  const writer = await SealedFileWriter.create(file, sealing, chunkSize);
  for (const part of content) await writer.write(part);
  const written = await writer.finish();
  expect(written.plainBytes).toBe(Buffer.byteLength(content.join('')));
  return file;
}

const read = async (file: string, sealing: SealedFileKey) => text(await openSealedFile(file, sealing));

describe.each([AES_256_GCM, SM4_CTR_HMAC_SM3])('sealed export files ($name)', (cipher) => {
  const sealing: SealedFileKey = { cipher, key: randomBytes(32), fileId: 'file-1' };
  const lines = ['{"resourceType":"Patient","name":[{"text":"张三"}]}\n', '{"resourceType":"Observation","id":"o1"}\n'.repeat(5)];

  it('streams back exactly what was written, over many chunks, with nothing readable at rest', async () => {
    const file = await sealed(lines, sealing);
    expect(await read(file, sealing)).toBe(lines.join(''));
    expect(readFileSync(file).includes(Buffer.from('Observation'))).toBe(false);
    expect(await read(await sealed([], sealing), sealing)).toBe('');
  });

  it('refuses another file\'s id, another key, a changed byte, a dropped final chunk and trailing data', async () => {
    const file = await sealed(lines, sealing);
    await expect(read(file, { ...sealing, fileId: 'file-2' })).rejects.toThrow();
    await expect(read(file, { ...sealing, key: randomBytes(32) })).rejects.toThrow();
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[40] = flipped[40]! ^ 1;
    writeFileSync(`${file}.flipped`, flipped);
    await expect(read(`${file}.flipped`, sealing)).rejects.toThrow();
    // The final frame holds what was left over after the full 16-byte chunks: drop exactly it.
    const finalFrame = 5 + cipher.nonceLength + (Buffer.byteLength(lines.join('')) % 16) + cipher.tagLength;
    writeFileSync(`${file}.cut`, bytes.subarray(0, bytes.length - finalFrame));
    await expect(read(`${file}.cut`, sealing)).rejects.toThrow(/before its final chunk/);
    writeFileSync(`${file}.long`, Buffer.concat([bytes, Buffer.from('x')]));
    await expect(read(`${file}.long`, sealing)).rejects.toThrow(/after its final chunk/);
    writeFileSync(`${file}.bad`, Buffer.from('not a sealed file'));
    await expect(openSealedFile(`${file}.bad`, sealing)).rejects.toThrow(/not a sealed export file/);
  });

  it('leaves nothing behind when aborted', async () => {
    const file = path.join(dir, `aborted${serial++}`);
    const writer = await SealedFileWriter.create(file, sealing);
    await writer.write('partial');
    await writer.abort();
    await expect(openSealedFile(file, sealing)).rejects.toThrow(/ENOENT/);
    await expect(openSealedFile(`${file}.partial`, sealing)).rejects.toThrow(/ENOENT/);
  });
});
