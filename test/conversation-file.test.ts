// The conversations' file: a record appended per change, read back last-record-wins, compacted
// when it holds four times the live keys, a torn last line skipped, the older one-object format read.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../src/conversation/store.js';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the conversations file', () => {
  it('appends one record a change (the file grows by that record, not by the whole), and a new store reads the last of each key', () => {
    const file = join(dir, 'a.jsonl');
    const s = new FileStore<{ n: number }>(file);
    for (let i = 0; i < 300; i++) s.write(`c${i}`, { n: i });
    const before = statSync(file).size;
    s.write('c5', { n: 500 });
    expect(statSync(file).size - before).toBe(Buffer.byteLength(JSON.stringify(['c5', { n: 500 }])) + 1);
    s.delete('c7');
    const again = new FileStore<{ n: number }>(file);
    expect(again.read('c5')).toEqual({ n: 500 });
    expect(again.read('c7')).toBeUndefined();
    expect(again.read('c299')).toEqual({ n: 299 });
  });

  it('is compacted to one record a key once it holds four times as many (and at least 1,000)', () => {
    const file = join(dir, 'b.jsonl');
    const s = new FileStore<number>(file);
    for (let i = 0; i < 1001; i++) s.write(`k${i % 10}`, i);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(20);
    const again = new FileStore<number>(file);
    for (let k = 0; k < 10; k++) expect(again.read(`k${k}`)).toBe(1000 - ((1000 - k) % 10));
  });

  it('skips a line torn by a crash, and writes the next record on a line of its own', () => {
    const file = join(dir, 'c.jsonl');
    new FileStore<number>(file).write('a', 1);
    appendFileSync(file, '["b", {"trunc');
    const s = new FileStore<number>(file);
    expect(s.read('a')).toBe(1);
    s.write('c', 3);
    const again = new FileStore<number>(file);
    expect([again.read('a'), again.read('b'), again.read('c')]).toEqual([1, undefined, 3]);
  });

  it('reads a file of the older format (one JSON object) and rewrites it as records at the first change', () => {
    const file = join(dir, 'd.json');
    writeFileSync(file, JSON.stringify({ x: 1, y: 2 }));
    const s = new FileStore<number>(file);
    expect(s.read('y')).toBe(2);
    s.write('z', 3);
    expect(readFileSync(file, 'utf8').startsWith('[')).toBe(true);
    const again = new FileStore<number>(file);
    expect([again.read('x'), again.read('y'), again.read('z')]).toEqual([1, 2, 3]);
  });
});
