/**
 * The contracts every storage backend implements (`UpdateLog`, `Catalog`,
 * `UserStore`, `TokenStore` through `TokenIssuer`), run against each backend
 * of `support/backends.ts` through the public `DataDir` alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import { CatalogConflictError, UnknownProjectError } from '../src/catalog.js';
import type { DataDir } from '../src/data-dir.js';
import type { RevocationEvent } from '../src/tokens.js';
import { StorageLoadError } from '../src/update-log.js';
import { UnknownUserError, UserExistsError } from '../src/users.js';
import { BACKENDS, type BackendLocation } from './support/backends.js';
import { textEdits, textOf } from './support/text-edits.js';

const update = (word: string): Uint8Array => textEdits([word]).updates[0]!;
const schema: LabelSchema = { version: 1, name: 'test', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

/** Resolves once `predicate` holds after an event of `subscribe`, checked on each. */
function eventually<E>(subscribe: (listener: (event: E) => void) => () => void, predicate: (events: readonly E[]) => boolean): { events: E[]; done: Promise<void> } {
  const events: E[] = [];
  const done = new Promise<void>((resolve) => {
    const stop = subscribe((event) => {
      events.push(event);
      if (predicate(events)) {
        stop();
        resolve();
      }
    });
  });
  return { events, done };
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('the %s backend', (_name, backend) => {
  let at: BackendLocation;
  let data: DataDir;

  beforeEach(async () => {
    at = await backend.create();
    data = await at.open();
  });

  afterEach(async () => {
    await at.cleanup();
  });

  describe('update log', () => {
    it('loads null for a room that was never stored', async () => {
      expect(await data.updates.load('p/unknown')).toBeNull();
      expect(await data.updates.updateCount('p/unknown')).toBe(0);
      expect(await data.updates.roomVersion('p/unknown')).toEqual({ rows: 0, maxId: 0 });
    });

    it('merges the appended updates of a room on load, keeping rooms apart', async () => {
      const { updates, text } = textEdits(['alpha ', 'beta ', 'gamma']);
      for (const u of updates) await data.updates.append('p/d', u);
      await data.updates.append('p/other', update('in other'));
      expect(await data.updates.updateCount('p/d')).toBe(3);
      expect(textOf(await data.updates.load('p/d'))).toBe(text);
      expect(textOf(await data.updates.load('p/other'))).toBe('in other');
    });

    it('appends a batch of several rooms in one call, and writes nothing of a batch that holds a bad entry', async () => {
      const a = textEdits(['one ', 'two']);
      await data.updates.appendBatch([
        { room: 'p/a', update: a.updates[0]! },
        { room: 'p/b', update: update('three') },
        { room: 'p/a', update: a.updates[1]! },
      ]);
      await data.updates.appendBatch([]);
      expect(textOf(await data.updates.load('p/a'))).toBe('one two');
      expect(textOf(await data.updates.load('p/b'))).toBe('three');
      await expect(data.updates.appendBatch([{ room: 'p/c', update: update('x') }, { room: '', update: update('y') }])).rejects.toThrow(TypeError);
      expect(await data.updates.listRooms()).toEqual(['p/a', 'p/b']);
    });

    it('lists rooms and their versions by prefix, in code point order', async () => {
      const u = update('x');
      const rooms = ['p/d', 'p/d/layers/alice', 'p/d/layers/shared', 'p/d2', 'p/d2/layers/bob', 'q/d', 'p/dé', 'p/D', 'p/d_'];
      for (const room of rooms) await data.updates.append(room, u);
      await data.updates.append('p/d', u);
      expect(await data.updates.listRooms()).toEqual([...rooms].sort());
      expect(await data.updates.listRooms('p/d/')).toEqual(['p/d/layers/alice', 'p/d/layers/shared']);
      expect(await data.updates.listRooms('p/d2')).toEqual(['p/d2', 'p/d2/layers/bob']);
      expect(await data.updates.listRooms('p/d_')).toEqual(['p/d_']);
      expect(await data.updates.listRooms('r/')).toEqual([]);
      const versions = await data.updates.roomVersions('p/d2');
      expect(versions.map((v) => [v.room, v.rows])).toEqual([
        ['p/d2', 1],
        ['p/d2/layers/bob', 1],
      ]);
      expect(await data.updates.roomVersion('p/d')).toEqual({ rows: 2, maxId: expect.any(Number) as number });
    });

    it('deletes a room and only that room', async () => {
      await data.updates.append('p/a', update('x'));
      await data.updates.append('p/a', update('y'));
      await data.updates.append('p/b', update('z'));
      await data.updates.delete('p/a');
      await data.updates.delete('p/never');
      expect(await data.updates.load('p/a')).toBeNull();
      expect(await data.updates.listRooms()).toEqual(['p/b']);
    });

    it('compacts a room into one row holding the same state, under a larger id', async () => {
      const { updates, text } = textEdits(['a', 'b', 'c', 'd', 'e']);
      for (const u of updates) await data.updates.append('p/d', u);
      const before = await data.updates.roomVersion('p/d');
      await data.updates.compact('p/d');
      const after = await data.updates.roomVersion('p/d');
      expect(after.rows).toBe(1);
      expect(after.maxId).toBeGreaterThan(before.maxId);
      expect(textOf(await data.updates.load('p/d'))).toBe(text);
      await data.updates.compact('p/d');
      expect(await data.updates.roomVersion('p/d')).toEqual(after);
      await data.updates.compact('p/never');
      expect(await data.updates.load('p/never')).toBeNull();
    });

    it('replaces the rows with a snapshot only when the room has the expected number of rows', async () => {
      const { updates, text } = textEdits(['a', 'b', 'c']);
      for (const u of updates.slice(0, 2)) await data.updates.append('p/d', u);
      const snapshot = (await data.updates.load('p/d'))!;
      await data.updates.append('p/d', updates[2]!);
      expect(await data.updates.replaceWithSnapshot('p/d', snapshot, 2)).toBe(false);
      expect(await data.updates.updateCount('p/d')).toBe(3);
      expect(await data.updates.replaceWithSnapshot('p/d', (await data.updates.load('p/d'))!, 3)).toBe(true);
      expect(await data.updates.updateCount('p/d')).toBe(1);
      expect(textOf(await data.updates.load('p/d'))).toBe(text);
      await expect(data.updates.replaceWithSnapshot('p/d', snapshot, -1)).rejects.toThrow(RangeError);
    });

    it('keeps what was committed across closing and reopening', async () => {
      await data.updates.append('p/d', update('durable'));
      await data.close();
      expect(data.isOpen).toBe(false);
      const again = await at.open();
      expect(textOf(await again.updates.load('p/d'))).toBe('durable');
    });

    it('reads the rows another store committed after an id, in id order, and the snapshot of a compaction that merged unread rows', async () => {
      const { updates, text } = textEdits(['a', 'b', 'c', 'd']);
      const other = await at.open();
      await other.updates.append('p/d', updates[0]!);
      await other.updates.append('p/d', updates[1]!);
      await data.updates.append('p/other', updates[0]!);
      const first = await data.updates.readAfter('p/d', 0);
      expect(first.map((row) => [...row.update])).toEqual([[...updates[0]!], [...updates[1]!]]);
      expect(first[0]!.id).toBeLessThan(first[1]!.id);
      const lastSeen = first[1]!.id;
      expect(await data.updates.readAfter('p/d', lastSeen)).toEqual([]);

      await other.updates.append('p/d', updates[2]!);
      await other.updates.compact('p/d');
      await other.updates.append('p/d', updates[3]!);
      const next = await data.updates.readAfter('p/d', lastSeen);
      expect(next).toHaveLength(2);
      expect(next.every((row) => row.id > lastSeen)).toBe(true);
      const reader = new Y.Doc();
      for (const row of [...first, ...next]) Y.applyUpdate(reader, row.update);
      expect(reader.getText('t').toString()).toBe(text);
      await expect(data.updates.readAfter('p/d', -1)).rejects.toThrow(RangeError);
    });

    it('tells of each commit of appended updates, with its rooms, once it is committed', async () => {
      const { updates } = textEdits(['a', 'b']);
      const seen: { rooms: string[]; rows: number }[] = [];
      const remotes: boolean[] = [];
      const stop = data.updates.onCommit((rooms, remote) => {
        remotes.push(remote);
        if (rooms === null) return;
        void data.updates.updateCount('p/a').then((rows) => seen.push({ rooms: [...rooms].sort(), rows }));
      });
      await data.updates.append('p/a', updates[0]!);
      await data.updates.appendBatch([
        { room: 'p/b', update: updates[0]! },
        { room: 'p/a', update: updates[1]! },
      ]);
      await data.updates.appendBatch([]);
      await data.updates.compact('p/a');
      stop();
      await data.updates.append('p/c', updates[0]!);
      await data.updates.updateCount('p/a');
      expect(seen.map((s) => s.rooms)).toEqual([['p/a'], ['p/a', 'p/b']]);
      expect(seen.map((s) => s.rows).every((rows) => rows >= 1)).toBe(true);
      expect(remotes).toEqual([false, false]);
    });

    it.runIf(backend.reportsOtherProcesses)('tells of the commits of other stores on the same data', async () => {
      const other = await at.open();
      const heard = eventually<{ rooms: ReadonlySet<string> | null; remote: boolean }>(
        (listener) => data.updates.onCommit((rooms, remote) => listener({ rooms, remote })),
        (events) => events.some(({ rooms }) => rooms?.has('p/b') === true),
      );
      await other.updates.append('p/a', update('a'));
      await other.updates.appendBatch([{ room: 'p/b', update: update('b') }]);
      await heard.done;
      expect(heard.events.flatMap(({ rooms }) => (rooms === null ? [] : [...rooms]))).toEqual(['p/a', 'p/b']);
      expect(heard.events.every(({ remote }) => remote)).toBe(true);
      expect(textOf(await data.updates.load('p/b'))).toBe('b');
    });

    it('refuses a corrupt row with a StorageLoadError naming the room and the row, and keeps the rows', async () => {
      const { updates } = textEdits(['first ', 'second']);
      for (const u of updates) await data.updates.append('proj/broken-doc', u);
      await data.updates.append('proj/healthy', update('fine'));
      await at.sql(data, "UPDATE updates SET crc = crc + 1 WHERE room = 'proj/broken-doc'");
      const error = await data.updates.load('proj/broken-doc').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageLoadError);
      expect((error as StorageLoadError).room).toBe('proj/broken-doc');
      expect((error as StorageLoadError).message).toMatch(/cannot load room "proj\/broken-doc": row \d+: checksum mismatch/);
      await expect(data.updates.readAfter('proj/broken-doc', 0)).rejects.toBeInstanceOf(StorageLoadError);
      await expect(data.updates.compact('proj/broken-doc')).rejects.toBeInstanceOf(StorageLoadError);
      expect(await data.updates.updateCount('proj/broken-doc')).toBe(2);
      expect(textOf(await data.updates.load('proj/healthy'))).toBe('fine');
    });

    it('throws StorageLoadError, never an empty doc, when the database fails', async () => {
      await data.updates.append('proj/healthy', update('fine'));
      await at.sql(data, 'DROP TABLE updates');
      await expect(data.updates.load('proj/healthy')).rejects.toThrow(/cannot load room "proj\/healthy"/);
    });

    it('rejects misuse with TypeErrors, and calls after close', async () => {
      await expect(data.updates.load('')).rejects.toThrow(TypeError);
      await expect(data.updates.append('p/d', 'text' as unknown as Uint8Array)).rejects.toThrow(TypeError);
      await expect(data.updates.listRooms(3 as unknown as string)).rejects.toThrow(TypeError);
      await data.close();
      await expect(data.updates.append('p/d', update('x'))).rejects.toThrow();
      await data.close();
    });
  });

  describe('catalog', () => {
    it('creates, reads and lists projects', async () => {
      const made = await data.catalog.createProject({ id: 'policy', mode: 'independent', schema, baseUrl: 'https://example.org/p/', created: 5 });
      await data.catalog.createProject({ id: 'alpha', mode: 'shared', schema });
      expect(await data.catalog.getProject('policy')).toEqual(made);
      expect(made).toEqual({ id: 'policy', mode: 'independent', schema, baseUrl: 'https://example.org/p/', created: 5 });
      expect((await data.catalog.listProjects()).map((p) => p.id)).toEqual(['alpha', 'policy']);
      expect(await data.catalog.getProject('nope')).toBeUndefined();
      await expect(data.catalog.createProject({ id: 'policy', mode: 'shared', schema })).rejects.toThrow(CatalogConflictError);
      await expect(data.catalog.createProject({ id: 'p', mode: 'solo' as 'shared', schema })).rejects.toThrow(/shared, independent/);
    });

    it('adds, replaces, lists and removes documents', async () => {
      await data.catalog.createProject({ id: 'p', mode: 'shared', schema });
      await data.catalog.addDocument({ project: 'p', id: 'b', meta: { source: 'b.txt' }, created: 1 });
      await data.catalog.addDocument({ project: 'p', id: 'a', title: 'A' });
      expect(await data.catalog.getDocument('p', 'b')).toEqual({ project: 'p', id: 'b', meta: { source: 'b.txt' }, created: 1 });
      expect((await data.catalog.listDocuments('p')).map((d) => d.id)).toEqual(['a', 'b']);
      await expect(data.catalog.addDocument({ project: 'p', id: 'a' })).rejects.toThrow(CatalogConflictError);
      await data.catalog.addDocument({ project: 'p', id: 'a', title: 'A2' }, { replace: true });
      expect((await data.catalog.getDocument('p', 'a'))?.title).toBe('A2');
      await expect(data.catalog.addDocument({ project: 'q', id: 'a' })).rejects.toThrow(UnknownProjectError);
      expect(await data.catalog.removeDocument('p', 'a')).toBe(true);
      expect(await data.catalog.removeDocument('p', 'a')).toBe(false);
      expect((await data.catalog.listDocuments('p')).map((d) => d.id)).toEqual(['b']);
      expect(await data.catalog.removeProject('p')).toBe(true);
      expect(await data.catalog.removeProject('p')).toBe(false);
      expect(await data.catalog.listDocuments('p')).toEqual([]);
    });

    it.each([
      ['empty', '', RangeError],
      ['with a slash', 'a/b', RangeError],
      ['dot-dot', '..', RangeError],
      ['too long', 'x'.repeat(129), RangeError],
      ['not a string', 42, TypeError],
    ] as const)('refuses a project or document id that is %s', async (_what, id, type) => {
      await expect(data.catalog.createProject({ id: id as string, mode: 'shared', schema })).rejects.toThrow(type);
      await data.catalog.createProject({ id: 'ok', mode: 'shared', schema });
      await expect(data.catalog.addDocument({ project: 'ok', id: id as string })).rejects.toThrow(type);
      expect(await data.catalog.listDocuments('ok')).toEqual([]);
    });

    const room = (doc: string, layer?: string): string => (layer === undefined ? `p/${doc}` : `p/${doc}/layers/${layer}`);

    it('writes a new project with its documents and rooms in one transaction, and tells of the rooms', async () => {
      const told: string[] = [];
      data.updates.onCommit((rooms) => told.push(...(rooms ?? [])));
      const written = await data.catalog.writeDocuments({
        project: 'p',
        create: { id: 'p', mode: 'shared', schema, created: 3 },
        replace: false,
        documents: [
          { document: { project: 'p', id: 'a', meta: { source: 'a.txt' }, created: 3 }, rooms: [{ room: room('a'), update: update('A') }, { room: room('a', 'x'), update: update('ax') }] },
          { document: { project: 'p', id: 'b', created: 3 }, rooms: [{ room: room('b'), update: update('B') }] },
        ],
      });
      expect(written).toEqual({ replaced: [] });
      expect(await data.catalog.getProject('p')).toEqual({ id: 'p', mode: 'shared', schema, created: 3 });
      expect((await data.catalog.listDocuments('p')).map((d) => d.id)).toEqual(['a', 'b']);
      expect(await data.updates.listRooms('p/')).toEqual(['p/a', 'p/a/layers/x', 'p/b']);
      expect(told.sort()).toEqual(['p/a', 'p/a/layers/x', 'p/b']);
    });

    it('replaces a document, dropping its old rooms, only when asked', async () => {
      await data.catalog.writeDocuments({ project: 'p', create: { id: 'p', mode: 'shared', schema }, replace: false, documents: [{ document: { project: 'p', id: 'a' }, rooms: [{ room: room('a'), update: update('old') }, { room: room('a', 'x'), update: update('x') }] }] });
      const before = await data.updates.roomVersions('p/');
      const again = { project: 'p', documents: [{ document: { project: 'p', id: 'a', title: 'new' }, rooms: [{ room: room('a'), update: update('new') }] }] };
      await expect(data.catalog.writeDocuments({ ...again, replace: false })).rejects.toThrow(CatalogConflictError);
      expect(await data.updates.roomVersions('p/')).toEqual(before);
      expect(await data.catalog.writeDocuments({ ...again, replace: true })).toEqual({ replaced: ['a'] });
      expect(await data.updates.listRooms('p/')).toEqual(['p/a']);
      expect(textOf(await data.updates.load('p/a'))).toBe('new');
      expect((await data.catalog.getDocument('p', 'a'))?.title).toBe('new');
    });

    it.each([
      ['a project to create that exists', { create: { id: 'p', mode: 'shared' as const, schema } }, CatalogConflictError],
      ['a project that does not exist', { project: 'q', documents: [{ document: { project: 'q', id: 'z' }, rooms: [{ room: 'q/z', update: update('z') }] }] }, UnknownProjectError],
      ['a document of another project', { documents: [{ document: { project: 'q', id: 'z' }, rooms: [] }] }, RangeError],
      ['a bad document id', { documents: [{ document: { project: 'p', id: 'a b' }, rooms: [{ room: 'p/z', update: update('z') }] }] }, RangeError],
    ])('writes nothing for %s', async (_what, change, error) => {
      await data.catalog.createProject({ id: 'p', mode: 'shared', schema });
      await data.updates.append('p/kept', update('kept'));
      const before = await data.updates.roomVersions('');
      const write = { project: 'p', replace: false, documents: [{ document: { project: 'p', id: 'a' }, rooms: [{ room: room('a'), update: update('a') }] }], ...change };
      await expect(data.catalog.writeDocuments(write)).rejects.toThrow(error);
      expect(await data.updates.roomVersions('')).toEqual(before);
      expect(await data.catalog.listDocuments('p')).toEqual([]);
    });

    it('reads a project version that every write to the project changes', async () => {
      expect(await data.catalog.projectVersion('p')).toBeUndefined();
      await data.catalog.writeDocuments({ project: 'p', create: { id: 'p', mode: 'shared', schema }, replace: false, documents: [{ document: { project: 'p', id: 'a' }, rooms: [{ room: room('a'), update: update('a') }] }] });
      await data.updates.append('q/a', update('elsewhere'));
      const first = await data.catalog.projectVersion('p');
      expect(first?.documents).toEqual(['a']);
      expect(first?.rooms.map((r) => r.room)).toEqual(['p/a']);
      await data.updates.append('p/a', update('more'));
      const second = await data.catalog.projectVersion('p');
      expect(second).not.toEqual(first);
      await data.catalog.removeDocument('p', 'a');
      expect((await data.catalog.projectVersion('p'))?.documents).toEqual([]);
    });
  });

  describe('users', () => {
    it('stores users with one role per project and combines them with the role for every project', async () => {
      await data.users.addUser('alice', 'h', 7);
      await data.users.setRole('alice', 'p1', 'annotator');
      await data.users.setRole('alice', 'p2', 'viewer');
      await data.users.setRole('alice', 'p1', 'curator');
      expect(await data.users.getUser('alice')).toEqual({ name: 'alice', created: 7, roles: { p1: 'curator', p2: 'viewer' } });
      expect(await data.users.roleIn('alice', 'p3')).toBeUndefined();
      await data.users.setRole('alice', '*', 'annotator');
      expect(await data.users.roleIn('alice', 'p3')).toBe('annotator');
      expect(await data.users.roleIn('alice', 'p1')).toBe('curator');
      await data.users.addUser('Bob', 'h');
      expect((await data.users.listUsers()).map((u) => [u.name, Object.keys(u.roles).length])).toEqual([
        ['Bob', 0],
        ['alice', 3],
      ]);
      expect(await data.users.hasUser('alice')).toBe(true);
      expect(await data.users.removeUser('alice')).toBe(true);
      expect(await data.users.removeUser('alice')).toBe(false);
      expect(await data.users.getUser('alice')).toBeUndefined();
      expect(await data.users.hasUser('alice')).toBe(false);
      expect(await data.users.roleIn('alice', 'p1')).toBeUndefined();
    });

    it('throws named errors on misuse', async () => {
      await data.users.addUser('bob', 'h');
      await expect(data.users.addUser('bob', 'h')).rejects.toThrow(UserExistsError);
      await expect(data.users.setRole('ghost', 'p', 'viewer')).rejects.toThrow(UnknownUserError);
      await expect(data.users.setPasswordHash('ghost', 'h')).rejects.toThrow(UnknownUserError);
      await expect(data.users.addUser('no spaces', 'h')).rejects.toThrow(RangeError);
      await expect(data.users.setRole('bob', '', 'viewer')).rejects.toThrow(RangeError);
    });

    it('tells of removed users and changed roles, not of new users or passwords', async () => {
      const changed: string[] = [];
      data.users.onUserChanged((user) => changed.push(user));
      await data.users.addUser('alice', 'h');
      await data.users.setPasswordHash('alice', 'h2');
      expect(await data.users.passwordHash('alice')).toBe('h2');
      await data.users.setRole('alice', 'p', 'viewer');
      expect(await data.users.removeRole('alice', 'p')).toBe(true);
      expect(await data.users.removeRole('alice', 'p')).toBe(false);
      await data.users.removeUser('alice');
      await data.users.removeUser('alice');
      expect(changed).toEqual(['alice', 'alice', 'alice']);
    });

    it.runIf(backend.reportsOtherProcesses)('tells of another store’s user changes', async () => {
      const other = await at.open();
      await other.users.addUser('carol', 'h');
      const heard = eventually<string>(
        (listener) => data.users.onUserChanged(listener),
        (events) => events.length === 2,
      );
      await other.users.setRole('carol', 'p', 'viewer');
      await other.users.removeUser('carol');
      await heard.done;
      expect(heard.events).toEqual(['carol', 'carol']);
    });
  });

  describe('tokens', () => {
    const always = (): boolean => true;

    it('issues tokens that verify until revoked, and lists them newest first', async () => {
      const issued = await data.tokens.issue('alice', 'api', null);
      expect(await data.tokens.verify(issued.token, always)).toEqual({ ok: true, value: { id: issued.id, user: 'alice', kind: 'api', expires: null } });
      const session = await data.tokens.issue('alice', 'session', 60_000);
      await data.tokens.issue('bob', 'api', null);
      expect((await data.tokens.list({ user: 'alice' })).map((t) => t.id)).toEqual([issued.id]);
      expect((await data.tokens.list({ user: 'alice', includeSessions: true })).map((t) => t.id).sort()).toEqual([issued.id, session.id].sort());
      expect(await data.tokens.list()).toHaveLength(2);
      expect(await data.tokens.revoke(issued.id)).toBe(true);
      expect(await data.tokens.revoke(issued.id)).toBe(false);
      expect(await data.tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: revoked`] });
      expect((await data.tokens.get(issued.id))?.revoked).toEqual(expect.any(Number));
    });

    it('verifies on another store of the same data a token this one issued', async () => {
      const issued = await data.tokens.issue('alice', 'api', null);
      const other = await at.open();
      expect((await other.tokens.verify(issued.token, always)).ok).toBe(true);
    });

    it('refuses a token whose row was deleted, even when correctly signed', async () => {
      const issued = await data.tokens.issue('alice', 'api', null);
      await at.sql(data, 'DELETE FROM tokens');
      expect(await data.tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: unknown token`] });
    });

    it('tells of revocations, and re-checks claims without the token string', async () => {
      const events: RevocationEvent[] = [];
      const stop = data.tokens.onRevoked((event) => events.push(event));
      const first = await data.tokens.issue('alice', 'api', null);
      const second = await data.tokens.issue('alice', 'session', 60_000);
      expect(await data.tokens.recheck(first, always)).toEqual({ ok: true, value: first });
      await data.tokens.revoke(first.id);
      await data.tokens.revoke(first.id);
      expect(await data.tokens.recheck(first, always)).toEqual({ ok: false, errors: [`token ${first.id}: revoked`] });
      expect(await data.tokens.revokeAllOf('alice')).toBe(1);
      stop();
      await data.tokens.revokeAllOf('bob');
      expect(events).toEqual([{ kind: 'token', id: first.id }, { kind: 'user', user: 'alice' }]);
      expect(await data.tokens.recheck(second, always)).toEqual({ ok: false, errors: [`token ${second.id}: revoked`] });
    });

    it.runIf(backend.reportsOtherProcesses)('tells of another store’s revocations', async () => {
      const other = await at.open();
      const issued = await other.tokens.issue('alice', 'api', null);
      const heard = eventually<RevocationEvent>(
        (listener) => data.tokens.onRevoked(listener),
        (events) => events.length === 2,
      );
      await other.tokens.revoke(issued.id);
      await other.tokens.revokeAllOf('alice');
      await heard.done;
      expect(heard.events).toEqual([{ kind: 'token', id: issued.id }, { kind: 'user', user: 'alice' }]);
    });
  });
});
