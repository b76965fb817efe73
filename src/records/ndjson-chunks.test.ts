import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ndjsonChunks, type NdjsonChunk } from './ndjson-chunks.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yixiang-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunksOf(content: string | Buffer, size = 1000, maxChars?: number): Promise<NdjsonChunk[]> {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, content);
  const chunks: NdjsonChunk[] = [];
  for await (const chunk of ndjsonChunks(file, size, maxChars)) chunks.push(chunk);
  return chunks;
}

describe('ndjsonChunks', () => {
  it('splits LF, CRLF and lone CR lines as readline does, skipping blank lines but counting them', async () => {
    const [chunk] = await chunksOf('{"a":1}\r\n\n{"a":2}\r{"a":3}\n  \n{"a":4}');
    expect(chunk!.entries.map((e) => e.resource)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]);
    expect(chunk!.lines).toEqual([1, 3, 4, 6]);
    expect(chunk!.raw.subarray(0, chunk!.rawEnds[0]).toString()).toBe('{"a":1}');
    expect(chunk!.raw.subarray(chunk!.rawEnds[2], chunk!.rawEnds[3]).toString()).toBe('{"a":4}');
    expect(chunk!.linesRead).toBe(6);
  });

  it('reports unparseable lines by number and keeps going', async () => {
    const [chunk] = await chunksOf('{"a":1}\nnot json\n{"a":2}\n');
    expect(chunk!.invalid).toEqual([2]);
    expect(chunk!.lines).toEqual([1, 3]);
  });

  it('cuts chunks by count and by size, with progress through the file', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100) }));
    const byCount = await chunksOf(lines.join('\n'), 2);
    expect(byCount.map((c) => c.lines)).toEqual([[1, 2], [3, 4], [5]]);
    expect(byCount[2]!.bytesRead).toBe(Buffer.byteLength(lines.join('\n')));
    const bySize = await chunksOf(lines.join('\n'), 1000, 250);
    expect(bySize.map((c) => c.entries.length)).toEqual([3, 2]);
  });

  it('decodes multi-byte characters split across read buffers', async () => {
    const name = '测试患者'.repeat(40_000);
    const [chunk] = await chunksOf(Buffer.from(`{"name":"${name}"}\n{"name":"乙"}\n`));
    expect(chunk!.entries.map((e) => (e.resource as { name: string }).name)).toEqual([name, '乙']);
  });
});
