/**
 * @internal `@glossa/store/testing`: what tests outside this package need
 * to set up or inspect a data directory below its contracts: every stored
 * row (to show that a refused operation changed nothing), rows damaged or
 * rewritten in place (a flipped bit, a schema changed by hand, a token
 * expired early), and a room read or changed as a Y.Doc. The helpers that
 * reach below the contracts work on the embedded SQLite backend only. Not a
 * public API: nothing but tests imports it.
 */
import * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import type { DataDir } from './data-dir.js';
import type { BackgroundCheckpointer } from './sqlite/checkpointer.js';
import { SqliteDataDir } from './sqlite/data-dir.js';
import { StorageLoadError } from './update-log.js';

/** One stored update row as the embedded backend keeps it. */
export interface StoredRow {
  readonly id: number;
  readonly data: Uint8Array;
  readonly crc: number;
}

function sqlite(data: DataDir): SqliteDataDir {
  if (!(data instanceof SqliteDataDir)) throw new TypeError('this test helper reaches into the embedded SQLite backend; the data directory given is another backend');
  return data;
}

/** The value of a pragma of the data directory's database (`synchronous`, `wal_autocheckpoint`…). */
export function storagePragma(data: DataDir, pragma: string): unknown {
  return sqlite(data).updates.db.pragma(pragma, { simple: true });
}

/** The worker that runs the database's WAL checkpoints, when it was opened with one. */
export function backgroundCheckpointer(data: DataDir): BackgroundCheckpointer | null {
  return sqlite(data).updates.checkpointer;
}

/** Every stored row of a data directory (room updates, projects, documents), in a stable order. */
export function storedRows(data: DataDir): unknown {
  const { db } = sqlite(data).updates;
  return {
    updates: db.prepare('SELECT id, room, hex(data) AS data FROM updates ORDER BY id').all(),
    projects: db.prepare('SELECT * FROM projects ORDER BY id').all(),
    documents: db.prepare('SELECT * FROM documents ORDER BY project, id').all(),
  };
}

/** The update rows of one room, by id, as stored (bytes and checksum). */
export function roomRows(data: DataDir, room: string): StoredRow[] {
  return sqlite(data).updates.db.prepare<[string], StoredRow>('SELECT id, data, crc FROM updates WHERE room = ? ORDER BY id').all(room);
}

/** Changes the stored checksum of row `id`, so the row no longer matches it. */
export function breakChecksum(data: DataDir, id: number): void {
  sqlite(data).updates.db.prepare('UPDATE updates SET crc = crc + 1 WHERE id = ?').run(id);
}

/** Overwrites the bytes of the room's newest row in place, keeping its id, its checksum and the room's row count. */
export function corruptInPlace(data: DataDir, room: string): void {
  const { db } = sqlite(data).updates;
  const row = db.prepare<[string], { id: number; data: Uint8Array }>('SELECT id, data FROM updates WHERE room = ? ORDER BY id DESC LIMIT 1').get(room);
  if (row === undefined) throw new Error(`room ${room} has no rows`);
  const bytes = Uint8Array.from(row.data);
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
  db.prepare('UPDATE updates SET data = ? WHERE id = ?').run(bytes, row.id);
}

/** Rewrites a project's schema in place, as no operation of the catalog does. */
export function rewriteProjectSchema(data: DataDir, project: string, schema: LabelSchema): void {
  sqlite(data).updates.db.prepare('UPDATE projects SET schema = ? WHERE id = ?').run(JSON.stringify(schema), project);
}

/** Rewrites a token's stored expiry (ms since the epoch), leaving the token string as it was issued. */
export function rewriteTokenExpiry(data: DataDir, id: string, expires: number): void {
  sqlite(data).updates.db.prepare('UPDATE tokens SET expires = ? WHERE id = ?').run(expires, id);
}

/** The room's stored state in a new Y.Doc; an empty doc when the room is missing or unreadable. */
export async function storedDoc(data: DataDir, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  try {
    const state = await data.updates.load(room);
    if (state !== null) Y.applyUpdate(doc, state);
  } catch (error) {
    if (!(error instanceof StorageLoadError)) throw error;
  }
  return doc;
}

/** Appends one update row made by `change` on the room's current state (none when it changes nothing). */
export async function appendChange(data: DataDir, room: string, change: (doc: Y.Doc) => void): Promise<void> {
  const doc = await storedDoc(data, room);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  change(doc);
  doc.destroy();
  if (updates.length > 0) await data.updates.append(room, Y.mergeUpdates(updates));
}
