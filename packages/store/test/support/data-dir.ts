/**
 * Test support for stored projects: a data directory in a new temporary
 * folder, a snapshot of every row it stores (to show that a refused
 * operation changed nothing), a project's documents read back, and rows
 * written or damaged directly in storage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach } from 'vitest';
import { formatIssue, type CorpusDocument } from '@glossa/formats';
import { exportDocuments, type ExportOptions } from '../../src/project-store.js';
import { StorageLoadError, openDataDir, type DataDir, type SqliteStore } from '../../src/storage/index.js';

/**
 * Gives each test a new data directory in a temporary folder: opened before
 * each test and handed to `onOpen`, closed and removed after it. Call it once
 * at the top level of a test file.
 */
export function dataDirPerTest(prefix: string, onOpen: (data: DataDir) => void): void {
  let dir: string | undefined;
  let data: DataDir | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    data = openDataDir(dir);
    onOpen(data);
  });
  afterEach(async () => {
    await data?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    data = undefined;
    dir = undefined;
  });
}

/** Every stored row of a data directory's database (room updates, projects, documents), in a stable order. */
export function storedRows(db: Database.Database): unknown {
  return {
    updates: db.prepare('SELECT id, room, hex(data) AS data FROM updates ORDER BY id').all(),
    projects: db.prepare('SELECT * FROM projects ORDER BY id').all(),
    documents: db.prepare('SELECT * FROM documents ORDER BY project, id').all(),
  };
}

/** Every document of `project` as `exportDocuments` reads it back; throws when the project or a layer is unknown. */
export async function exportedDocuments(data: DataDir, project: string, options: ExportOptions = {}): Promise<CorpusDocument[]> {
  const opened = exportDocuments(data, project, options);
  if (!opened.ok) throw new Error(opened.errors.map(formatIssue).join('; '));
  const docs: CorpusDocument[] = [];
  for await (const doc of opened.value.documents) docs.push(doc);
  return docs;
}

/** The room's stored state in a new Y.Doc; an empty doc when the room is missing or unreadable. */
export function storedDoc(store: SqliteStore, room: string): Y.Doc {
  const doc = new Y.Doc();
  try {
    const state = store.loadSync(room);
    if (state !== null) Y.applyUpdate(doc, state);
  } catch (error) {
    if (!(error instanceof StorageLoadError)) throw error;
  }
  return doc;
}

/** Appends one update row made by `change` on the room's current state (none when it changes nothing). */
export function appendChange(store: SqliteStore, room: string, change: (doc: Y.Doc) => void): void {
  const doc = storedDoc(store, room);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  change(doc);
  doc.destroy();
  if (updates.length > 0) store.appendSync(room, Y.mergeUpdates(updates));
}

/** Overwrites the bytes of the room's newest row in place, keeping its id, its checksum and the room's row count. */
export function corruptInPlace(store: SqliteStore, room: string): void {
  const row = store.db.prepare<[string], { id: number; data: Uint8Array }>('SELECT id, data FROM updates WHERE room = ? ORDER BY id DESC LIMIT 1').get(room);
  if (row === undefined) throw new Error(`room ${room} has no rows`);
  const bytes = Uint8Array.from(row.data);
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
  store.db.prepare('UPDATE updates SET data = ? WHERE id = ?').run(bytes, row.id);
}
