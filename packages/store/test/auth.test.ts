import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/storage/index.js';
import { generatePassword, hashPassword, hashPasswordSync, verifyPassword } from '../src/passwords.js';
import { SecretKeyError, loadOrCreateSecretKey } from '../src/secret-key.js';
import { TokenIssuer } from '../src/tokens.js';
import { UnknownUserError, UserExistsError, UserStore, invalidUserNameReason } from '../src/users.js';

let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-auth-'));
  store = SqliteStore.open(path.join(dir, 'glossa.db'));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = hashPasswordSync('correct horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse', b)).toBe(true);
    expect(await verifyPassword('correct hors', a)).toBe(false);
  });

  it.each([['', 'empty'], ['md5$abc', 'another scheme'], ['scrypt$0$8$1$AA$AA', 'a zero cost'], ['scrypt$16384$8$1$AA$', 'an empty hash']])(
    'refuses a stored hash that is %s',
    async (stored) => {
      expect(await verifyPassword('x', stored)).toBe(false);
    },
  );

  it('generates distinct passwords of 20 characters', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('secret key', () => {
  it('is created once with mode 0600 and then reused', async () => {
    const first = loadOrCreateSecretKey(dir);
    expect(first.length).toBe(32);
    expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecretKey(dir).equals(first)).toBe(true);
  });

  it('refuses a secret file that is too short', async () => {
    await writeFile(path.join(dir, 'secret.key'), 'abcd');
    expect(() => loadOrCreateSecretKey(dir)).toThrow(SecretKeyError);
  });
});

describe('users', () => {
  it('stores users with one role per project and combines them with the role for every project', () => {
    const users = new UserStore(store.db);
    users.addUser('alice', 'h');
    users.setRole('alice', 'p1', 'annotator');
    users.setRole('alice', 'p2', 'viewer');
    users.setRole('alice', 'p1', 'curator');
    expect(users.getUser('alice')?.roles).toEqual({ p1: 'curator', p2: 'viewer' });
    expect(users.roleIn('alice', 'p3')).toBeUndefined();
    users.setRole('alice', '*', 'annotator');
    expect(users.roleIn('alice', 'p3')).toBe('annotator');
    expect(users.roleIn('alice', 'p1')).toBe('curator');
    expect(users.roleIn('alice', 'p2')).toBe('annotator');
    expect(users.removeUser('alice')).toBe(true);
    expect(users.getUser('alice')).toBeUndefined();
    expect(users.roleIn('alice', 'p1')).toBeUndefined();
  });

  it('throws named errors on misuse', () => {
    const users = new UserStore(store.db);
    users.addUser('bob', 'h');
    expect(() => users.addUser('bob', 'h')).toThrow(UserExistsError);
    expect(() => users.setRole('ghost', 'p', 'viewer')).toThrow(UnknownUserError);
    expect(() => users.addUser('no spaces', 'h')).toThrow(RangeError);
  });

  it.each([['gold'], ['shared'], [''], ['-x'], ['a/b'], ['x'.repeat(65)]])('refuses the user name %j', (name) => {
    expect(invalidUserNameReason(name)).toBeDefined();
  });
});

describe('tokens', () => {
  const always = (): boolean => true;

  it('issues tokens that verify until revoked', () => {
    const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir));
    const issued = tokens.issue('alice', 'api', null);
    const verified = tokens.verify(issued.token, always);
    expect(verified).toEqual({ ok: true, value: { id: issued.id, user: 'alice', kind: 'api', expires: null } });
    expect(tokens.list().map((t) => t.id)).toEqual([issued.id]);
    expect(tokens.revoke(issued.id)).toBe(true);
    expect(tokens.revoke(issued.id)).toBe(false);
    expect(tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: revoked`] });
  });

  it('refuses an expired token', () => {
    let now = 1_000_000;
    const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir), () => now);
    const issued = tokens.issue('alice', 'session', 1000);
    expect(tokens.verify(issued.token, always).ok).toBe(true);
    now += 1000;
    expect(tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: expired`] });
  });

  it('refuses a token of a user that no longer exists', () => {
    const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir));
    const issued = tokens.issue('alice', 'api', null);
    expect(tokens.verify(issued.token, () => false).ok).toBe(false);
  });

  it.each([
    ['not prefixed', (t: string) => t.slice(7), /starting with "glossa_"/],
    ['without a signature', (t: string) => t.split('.')[0] as string, /malformed/],
    ['with a flipped signature character', (t: string) => t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.at(-1), /bad signature/],
    ['with an extra part', (t: string) => `${t}.x`, /malformed/],
  ])('refuses a token %s', (_what, tamper, reason) => {
    const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir));
    const result = tokens.verify(tamper(tokens.issue('alice', 'api', null).token), always);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(reason);
  });

  it('refuses a token whose row was deleted, even when correctly signed', () => {
    const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir));
    const issued = tokens.issue('alice', 'api', null);
    store.db.prepare('DELETE FROM tokens').run();
    expect(tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: unknown token`] });
  });

  it('throws on misuse', () => {
    expect(() => new TokenIssuer(store.db, Buffer.alloc(8))).toThrow(RangeError);
    const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir));
    expect(() => tokens.issue('alice', 'api', 0)).toThrow(RangeError);
  });
});
