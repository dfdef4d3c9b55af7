/**
 * `copyData`: everything one store holds copied into another, empty one, of
 * any backend (a data directory to a PostgreSQL database, or back): every
 * room, project and document, user with roles and password hash, token
 * record, and the token signing key (so issued tokens still verify). Each
 * room is then read back from both and compared by state vector and
 * decoded content; a difference fails the copy naming the room.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import type { DataDir } from './data-dir.js';
import { PostgresDataDir } from './postgres/data-dir.js';
import { SECRET_KEY_FILE } from './sqlite/secret-key.js';
import { SqliteDataDir } from './sqlite/data-dir.js';

/** What `copyData` copied. */
export interface CopySummary {
  readonly projects: number;
  readonly documents: number;
  readonly rooms: number;
  readonly users: number;
  readonly tokens: number;
}

/** One step of a copy, as `copyData` reports it: what it copies, how many of them are done, of how many. */
export interface CopyProgress {
  readonly stage: 'projects' | 'rooms' | 'users' | 'tokens' | 'verify';
  readonly done: number;
  readonly total: number;
}

/** The copy's target holds data already, or a room read back differs. */
export class CopyError extends Error {
  override readonly name = 'CopyError';
}

/** Whether `data` holds nothing: no project, room, user or token. */
async function isEmpty(data: DataDir): Promise<boolean> {
  const [projects, rooms, users, tokens] = await Promise.all([
    data.catalog.listProjects(),
    data.updates.listRooms(),
    data.users.listUsers(),
    data.tokens.list({ includeSessions: true }),
  ]);
  return projects.length + rooms.length + users.length + tokens.length === 0;
}

/** Stores `key` as the signing key of `data`. */
async function setSigningKey(data: DataDir, key: Uint8Array): Promise<void> {
  const hex = Buffer.from(key).toString('hex');
  if (data instanceof SqliteDataDir) writeFileSync(path.join(data.location, SECRET_KEY_FILE), `${hex}\n`, { mode: 0o600 });
  else if (data instanceof PostgresDataDir) await data.pool.query("UPDATE settings SET value = $1 WHERE key = 'secret_key'", [hex]);
  else throw new TypeError('copyData: the target is neither a data directory nor a PostgreSQL database');
}

/** A room's stored state as a doc: its state vector and its encoded state, to compare. */
async function roomState(data: DataDir, room: string): Promise<{ vector: string; state: string }> {
  const doc = new Y.Doc();
  const stored = await data.updates.load(room);
  if (stored !== null) Y.applyUpdate(doc, stored);
  const result = { vector: Buffer.from(Y.encodeStateVector(doc)).toString('hex'), state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('hex') };
  doc.destroy();
  return result;
}

/**
 * Copies everything `from` holds into `to`, which must be empty, then
 * verifies every room. Calls `onProgress` as it goes.
 *
 * @throws CopyError when `to` holds data or a room differs after the copy.
 */
export async function copyData(from: DataDir, to: DataDir, onProgress: (progress: CopyProgress) => void = () => undefined): Promise<CopySummary> {
  if (!(await isEmpty(to))) throw new CopyError(`${to.location} holds data already; copy into an empty data directory or database`);
  await setSigningKey(to, from.tokens.signingKey());

  const projects = await from.catalog.listProjects();
  let documents = 0;
  for (const [i, project] of projects.entries()) {
    await to.catalog.createProject(project);
    for (const document of await from.catalog.listDocuments(project.id)) {
      await to.catalog.addDocument(document);
      documents++;
    }
    onProgress({ stage: 'projects', done: i + 1, total: projects.length });
  }

  const rooms = await from.updates.listRooms();
  for (const [i, room] of rooms.entries()) {
    const state = await from.updates.load(room);
    if (state !== null) await to.updates.append(room, state);
    if ((i + 1) % 50 === 0 || i + 1 === rooms.length) onProgress({ stage: 'rooms', done: i + 1, total: rooms.length });
  }

  const users = await from.users.listUsers();
  for (const [i, user] of users.entries()) {
    const hash = await from.users.passwordHash(user.name);
    if (hash === undefined) continue;
    await to.users.addUser(user.name, hash, user.created);
    for (const [project, role] of Object.entries(user.roles)) await to.users.setRole(user.name, project, role);
    onProgress({ stage: 'users', done: i + 1, total: users.length });
  }

  const tokens = await from.tokens.list({ includeSessions: true });
  for (const [i, token] of tokens.entries()) {
    await to.tokens.records.insert(token);
    onProgress({ stage: 'tokens', done: i + 1, total: tokens.length });
  }

  for (const [i, room] of rooms.entries()) {
    const [source, target] = await Promise.all([roomState(from, room), roomState(to, room)]);
    if (source.vector !== target.vector) throw new CopyError(`room "${room}": the copy's state vector differs from the source's`);
    if (source.state !== target.state) throw new CopyError(`room "${room}": the copy's content differs from the source's`);
    if ((i + 1) % 50 === 0 || i + 1 === rooms.length) onProgress({ stage: 'verify', done: i + 1, total: rooms.length });
  }
  return { projects: projects.length, documents, rooms: rooms.length, users: users.length, tokens: tokens.length };
}
