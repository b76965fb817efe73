import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteWriter, type AtomicWriter, type SnapshotReader } from './sqlite-writer.js';

describe('the SQLite writer thread', () => {
  let dir: string;
  let file: string;
  let reader: SqliteDatabase.Database;
  let writer: AtomicWriter;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yixiang-writer-'));
    file = path.join(dir, 'db.sqlite');
    reader = new SqliteDatabase(file);
    reader.pragma('journal_mode = WAL');
    reader.exec('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0); CREATE TABLE items (v TEXT NOT NULL)');
    writer = openSqliteWriter(file, ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000']);
  });

  afterEach(async () => {
    await writer.close();
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a script as one transaction, visible to another connection once it resolves', async () => {
    const result = await writer.run([
      { sql: 'UPDATE counter SET n = n + ? WHERE id = 1 AND n = ? RETURNING n', parameters: [2, 0], guard: true },
      { sql: 'INSERT INTO items (v) VALUES (?), (?)', parameters: ['a', 'b'] },
    ]);
    expect(result).toEqual({ conflict: false, results: [[{ n: 2 }], 2] });
    expect(reader.prepare('SELECT count(*) AS c FROM items').get()).toEqual({ c: 2 });
  });

  it('rolls the whole script back when a guard finds no row', async () => {
    const result = await writer.run([
      { sql: 'INSERT INTO items (v) VALUES (?)', parameters: ['early'] },
      { sql: 'UPDATE counter SET n = n + 1 WHERE id = 1 AND n = ? RETURNING n', parameters: [99], guard: true },
    ]);
    expect(result).toEqual({ conflict: true });
    expect(reader.prepare('SELECT count(*) AS c FROM items').get()).toEqual({ c: 0 });
  });

  it('rejects with the SQLite error and rolls back, and keeps working afterwards', async () => {
    await expect(writer.run([{ sql: 'INSERT INTO items (v) VALUES (?)', parameters: ['x'] }, { sql: 'INSERT INTO items (v) VALUES (?)', parameters: [null] }])).rejects.toThrow(/NOT NULL/);
    expect(reader.prepare('SELECT count(*) AS c FROM items').get()).toEqual({ c: 0 });
    await writer.run([{ sql: 'INSERT INTO items (v) VALUES (?)', parameters: ['y'] }]);
    expect(reader.prepare('SELECT count(*) AS c FROM items').get()).toEqual({ c: 1 });
  });
});

describe('the SQLite snapshot reader thread', () => {
  let dir: string;
  let file: string;
  let main: SqliteDatabase.Database;
  let snapshot: SnapshotReader;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yixiang-reader-'));
    file = path.join(dir, 'db.sqlite');
    main = new SqliteDatabase(file);
    main.pragma('journal_mode = WAL');
    main.exec("CREATE TABLE items (v TEXT NOT NULL); INSERT INTO items VALUES ('a'), ('b'), ('c')");
    snapshot = openSqliteWriter(file, ['query_only = ON', 'busy_timeout = 5000']);
  });

  afterEach(async () => {
    await snapshot.close();
    main.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each step with its rows, seeing what the main connection committed', async () => {
    const [all, counted] = await snapshot.read([
      { sql: 'SELECT v FROM items WHERE v <> ? ORDER BY v', parameters: ['b'] },
      { sql: 'SELECT count(*) AS c FROM items', parameters: [] },
    ]);
    expect(all).toEqual([{ v: 'a' }, { v: 'c' }]);
    expect(counted).toEqual([{ c: 3 }]);
    main.exec("INSERT INTO items VALUES ('d')");
    expect(await snapshot.read([{ sql: 'SELECT count(*) AS c FROM items', parameters: [] }])).toEqual([[{ c: 4 }]]);
  });

  it('reads while the main connection holds an open write transaction, and cannot write itself', async () => {
    main.exec("BEGIN IMMEDIATE; INSERT INTO items VALUES ('uncommitted')");
    expect(await snapshot.read([{ sql: 'SELECT count(*) AS c FROM items', parameters: [] }])).toEqual([[{ c: 3 }]]);
    main.exec('COMMIT');
    await expect(snapshot.read([{ sql: "INSERT INTO items VALUES ('x')", parameters: [] }])).rejects.toThrow(/readonly|read-only|query_only/i);
  });

  it('refuses reads once closed', async () => {
    await snapshot.close();
    await expect(snapshot.read([{ sql: 'SELECT 1 AS one', parameters: [] }])).rejects.toThrow(/closed/);
  });
});
