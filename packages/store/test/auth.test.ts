import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, hashPasswordSync, verifyPassword } from '../src/passwords.js';
import { SecretKeyError, loadOrCreateSecretKey } from '../src/sqlite/secret-key.js';
import { SqliteTokenStore } from '../src/sqlite/tokens.js';
import { SqliteUpdateLog } from '../src/sqlite/update-log.js';
import { TokenIssuer } from '../src/token-issuer.js';
import { invalidUserNameReason } from '../src/users.js';

let dir: string;
let store: SqliteUpdateLog;
let records: SqliteTokenStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-auth-'));
  store = SqliteUpdateLog.open(path.join(dir, 'glossa.db'));
  records = new SqliteTokenStore(store.db);
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

  it.each([['gold'], ['shared'], [''], ['-x'], ['a/b'], ['x'.repeat(65)]])('refuses the user name %j', (name) => {
    expect(invalidUserNameReason(name)).toBeDefined();
  });
});

describe('tokens', () => {
  const always = (): boolean => true;

  it('issues tokens that verify until revoked', async () => {
    const tokens = new TokenIssuer(records, loadOrCreateSecretKey(dir));
    const issued = await tokens.issue('alice', 'api', null);
    const verified = await tokens.verify(issued.token, always);
    expect(verified).toEqual({ ok: true, value: { id: issued.id, user: 'alice', kind: 'api', expires: null } });
    expect((await tokens.list()).map((t) => t.id)).toEqual([issued.id]);
    expect(await tokens.revoke(issued.id)).toBe(true);
    expect(await tokens.revoke(issued.id)).toBe(false);
    expect(await tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: revoked`] });
  });

  it('refuses an expired token', async () => {
    let now = 1_000_000;
    const tokens = new TokenIssuer(records, loadOrCreateSecretKey(dir), () => now);
    const issued = await tokens.issue('alice', 'session', 1000);
    expect((await tokens.verify(issued.token, always)).ok).toBe(true);
    now += 1000;
    expect(await tokens.verify(issued.token, always)).toEqual({ ok: false, errors: [`token ${issued.id}: expired`] });
  });

  it('refuses a token of a user that no longer exists', async () => {
    const tokens = new TokenIssuer(records, loadOrCreateSecretKey(dir));
    const issued = await tokens.issue('alice', 'api', null);
    expect((await tokens.verify(issued.token, () => false)).ok).toBe(false);
  });

  it.each([
    ['not prefixed', (t: string) => t.slice(7), /starting with "glossa_"/],
    ['without a signature', (t: string) => t.split('.')[0] as string, /malformed/],
    ['with a flipped signature character', (t: string) => t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.at(-1), /bad signature/],
    ['with an extra part', (t: string) => `${t}.x`, /malformed/],
  ])('refuses a token %s', async (_what, tamper, reason) => {
    const tokens = new TokenIssuer(records, loadOrCreateSecretKey(dir));
    const result = await tokens.verify(tamper((await tokens.issue('alice', 'api', null)).token), always);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(reason);
  });

  it('throws on misuse', async () => {
    expect(() => new TokenIssuer(records, Buffer.alloc(8))).toThrow(RangeError);
    const tokens = new TokenIssuer(records, loadOrCreateSecretKey(dir));
    expect(() => tokens.issue('alice', 'api', 0)).toThrow(RangeError);
  });
});

describe('what the stores tell of', () => {
  it('gives the token string at once and its record once awaited; a record that cannot be stored rejects the await', async () => {
    const tokens = new TokenIssuer(records, loadOrCreateSecretKey(dir));
    const pending = tokens.issue('alice', 'api', null);
    expect(pending.token).toMatch(/^glossa_/);
    expect(JSON.parse(JSON.stringify(pending))).toEqual({ id: pending.id, user: 'alice', kind: 'api', expires: null, token: pending.token });
    const issued = await pending;
    expect(issued).toEqual({ id: pending.id, user: 'alice', kind: 'api', expires: null, token: pending.token });
    expect('then' in issued).toBe(false);
    expect((await tokens.get(issued.id))?.revoked).toBeNull();
    store.db.exec('DROP TABLE tokens');
    await expect(tokens.issue('alice', 'api', null)).rejects.toThrow(/no such table/);
  });

  it('reads the signing key only when a token is first issued or checked', async () => {
    let reads = 0;
    const tokens = new TokenIssuer(records, () => {
      reads++;
      return loadOrCreateSecretKey(dir);
    });
    await expect(stat(path.join(dir, 'secret.key'))).rejects.toThrow();
    expect(await tokens.list()).toEqual([]);
    expect(reads).toBe(0);
    const { token } = await tokens.issue('alice', 'api', null);
    expect((await tokens.verify(token, () => true)).ok).toBe(true);
    expect(reads).toBe(1);
    expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
  });
});
