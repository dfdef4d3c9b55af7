import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabelSchema } from '@glossa/core';
import { UnknownProjectError } from '../src/catalog.js';
import { RecommenderExistsError, type JsonObject } from '../src/recommenders.js';
import { DATABASE_FILE, openDataDir, type SqliteDataDir } from '../src/sqlite/data-dir.js';
import { applyMigrations } from '../src/sqlite/migrations.js';

const schema: LabelSchema = { version: 1, name: 'test', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

let dir: string;
let data: SqliteDataDir;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'glossa-recommenders-'));
  data = openDataDir(dir);
  await data.catalog.createProject({ id: 'policy', mode: 'shared', schema });
});

afterEach(async () => {
  if (data.isOpen) await data.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RecommenderStore on SQLite', () => {
  it('adds, lists by name, gets and removes a project’s recommenders, telling of each change', async () => {
    const changed: string[] = [];
    data.recommenders.onRecommendersChanged((project) => changed.push(project));
    const config: JsonObject = { caseInsensitive: true, labels: ['place'], nested: { n: 1.5, off: null } };
    const added = await data.recommenders.add({ project: 'policy', name: 'strings', kind: 'string-match', config }, 1000);
    await data.recommenders.add({ project: 'policy', name: 'passages', kind: 'passage-classifier', config: {} }, 2000);
    expect(added).toEqual({ project: 'policy', name: 'strings', kind: 'string-match', config, created: 1000 });
    expect((await data.recommenders.list('policy')).map((r) => r.name)).toEqual(['passages', 'strings']);
    expect(await data.recommenders.get('policy', 'strings')).toEqual(added);
    expect(await data.recommenders.list('other')).toEqual([]);
    expect(await data.recommenders.remove('policy', 'strings')).toBe(true);
    expect(await data.recommenders.remove('policy', 'strings')).toBe(false);
    expect(await data.recommenders.get('policy', 'strings')).toBeUndefined();
    expect(changed).toEqual(['policy', 'policy', 'policy']);
  });

  it('keeps configurations across reopening the data directory', async () => {
    await data.recommenders.add({ project: 'policy', name: 'rules', kind: 'patterns', config: { file: { name: 'p.jsonl', text: '{"label":"place","pattern":"Lima"}\n' } } });
    await data.close();
    data = openDataDir(dir);
    expect((await data.recommenders.get('policy', 'rules'))?.config).toEqual({ file: { name: 'p.jsonl', text: '{"label":"place","pattern":"Lima"}\n' } });
  });

  it('refuses a taken name, an unknown project, a bad name, kind or configuration, and stores nothing then', async () => {
    await data.recommenders.add({ project: 'policy', name: 'strings', kind: 'string-match', config: {} });
    await expect(data.recommenders.add({ project: 'policy', name: 'strings', kind: 'tagger', config: {} })).rejects.toBeInstanceOf(RecommenderExistsError);
    await expect(data.recommenders.add({ project: 'nope', name: 'x', kind: 'tagger', config: {} })).rejects.toBeInstanceOf(UnknownProjectError);
    await expect(data.recommenders.add({ project: 'policy', name: 'a b', kind: 'tagger', config: {} })).rejects.toThrow(/recommender name "a b" must be/);
    await expect(data.recommenders.add({ project: 'policy', name: 'x', kind: 'Tagger!', config: {} })).rejects.toThrow(/recommender kind "Tagger!"/);
    await expect(data.recommenders.add({ project: 'policy', name: 'x', kind: 'tagger', config: [] as unknown as JsonObject })).rejects.toThrow(/expected a JSON object/);
    await expect(data.recommenders.add({ project: 'policy', name: 'x', kind: 'tagger', config: { threshold: Number.NaN } })).rejects.toThrow(/recommender config\.threshold: expected a finite number/);
    expect((await data.recommenders.list('policy')).map((r) => r.name)).toEqual(['strings']);
  });

  it('goes with its project', async () => {
    await data.recommenders.add({ project: 'policy', name: 'strings', kind: 'string-match', config: {} });
    data.updates.db.prepare('DELETE FROM projects WHERE id = ?').run('policy');
    expect(await data.recommenders.list('policy')).toEqual([]);
  });
});

describe('migrations', () => {
  it('gives a database written before the recommenders table that table once, and records it', async () => {
    await data.close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.exec('DROP TABLE recommenders; DELETE FROM migrations');
    db.close();
    data = openDataDir(dir);
    await data.recommenders.add({ project: 'policy', name: 'strings', kind: 'string-match', config: {} });
    const ids = data.updates.db.prepare<[], { id: string }>('SELECT id FROM migrations').all().map((row) => row.id);
    expect(ids).toEqual(['0001-recommenders']);
    expect(applyMigrations(data.updates.db, [{ id: '0001-recommenders', sql: 'SELECT nothing' }])).toEqual([]);
  });

  it('leaves nothing half-done when a migration fails', () => {
    const db = data.updates.db;
    expect(() => applyMigrations(db, [{ id: 'broken', sql: 'CREATE TABLE half (x INTEGER); NOT SQL' }])).toThrow();
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare("SELECT 1 FROM migrations WHERE id = 'broken'").get()).toBeUndefined();
  });
});
