/**
 * Acceptance: per-user login backoff on `POST /api/login`. After the free
 * attempts a name is locked (429 with Retry-After) even for the right
 * password, whatever address the guesses come from; other names, and API
 * tokens of the locked user, keep working; unknown names behave like known
 * ones.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { serverPerTest, type TestServer } from '../packages/server/test/support/server-harness.js';

const { start } = serverPerTest();
let ts: TestServer;

beforeEach(async () => {
  ts = await start({ loginBackoff: { freeAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000, forgetAfterMs: 3_600_000 } });
});

function login(name: string, password: string): Promise<Response> {
  return fetch(`${ts.baseUrl}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }) });
}

describe('login backoff per user', () => {
  it.each([
    ['a known user', 'alice'],
    ['an unknown name', 'ghost'],
  ])('locks %s after the free attempts, with Retry-After', async (_what, name) => {
    for (let i = 0; i < 3; i++) expect((await login(name, 'wrong')).status).toBe(401);
    expect((await login(name, 'wrong')).status).toBe(401);
    const locked = await login(name, `${name}-pw`);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await locked.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'login_locked', message: expect.stringMatching(new RegExp(`"${name}"`)) });
  });

  it('leaves other users and the locked user’s API tokens alone', async () => {
    for (let i = 0; i < 4; i++) await login('alice', 'wrong');
    expect((await login('alice', 'alice-pw')).status).toBe(429);
    expect((await login('bob', 'bob-pw')).status).toBe(200);
    const me = await fetch(`${ts.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${ts.token('alice')}` } });
    expect(me.status).toBe(200);
  });

  it('keeps no backoff record of a name that cannot be a user name, however long', async () => {
    const name = 'x'.repeat(30_000);
    for (let i = 0; i < 6; i++) {
      const res = await login(name, 'wrong');
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    }
  });

  it('starts over after a successful login', async () => {
    for (let i = 0; i < 3; i++) await login('alice', 'wrong');
    expect((await login('alice', 'alice-pw')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login('alice', 'wrong')).status).toBe(401);
  });
});
