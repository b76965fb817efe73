import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkBuffer, PartialFile } from './sealed-output.js';

describe('ChunkBuffer', () => {
  it('hands out each full chunk as it fills, and the rest on take', async () => {
    const buffer = new ChunkBuffer(4);
    const sealed: string[] = [];
    const seal = async (chunk: Buffer) => void sealed.push(chunk.toString());
    await buffer.add(Buffer.from('abcdefghij'), seal);
    await buffer.add(Buffer.from('kl'), seal);
    expect(sealed).toEqual(['abcd', 'efgh', 'ijkl']);
    expect(buffer.take().length).toBe(0);
    await buffer.add(Buffer.from('mn'), seal);
    expect(buffer.take().toString()).toBe('mn');
    expect(sealed).toHaveLength(3);
  });
});

describe('PartialFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yixiang-partial-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is named only on commit, private to its owner, and answers its size', async () => {
    const target = path.join(dir, 'out.bin');
    const file = await PartialFile.create(target, Buffer.from('HEAD'));
    await file.write(Buffer.from('body'));
    expect(existsSync(target)).toBe(false);
    expect(await file.commit()).toBe(8);
    expect(readFileSync(target, 'utf8')).toBe('HEADbody');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(existsSync(`${target}.partial`)).toBe(false);
  });

  it('leaves nothing behind when aborted, twice, and never clobbers another writer', async () => {
    const target = path.join(dir, 'out.bin');
    const file = await PartialFile.create(target, Buffer.from('HEAD'));
    await expect(PartialFile.create(target, Buffer.from('HEAD'))).rejects.toMatchObject({ code: 'EEXIST' });
    await file.abort();
    await file.abort();
    expect(existsSync(`${target}.partial`)).toBe(false);
    expect(existsSync(target)).toBe(false);
    writeFileSync(`${target}.partial`, 'someone else');
    await expect(PartialFile.create(target, Buffer.alloc(0))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(`${target}.partial`, 'utf8')).toBe('someone else');
  });
});
