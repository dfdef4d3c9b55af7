/**
 * Acceptance: per-user login backoff on `POST /api/login`. After the free
 * attempts a name is locked (429 with Retry-After) even for the right
 * password, whatever address the guesses come from; other names, and API
 * tokens of the locked user, keep working; unknown names behave like known
 * ones. Password logins are also limited per client address (a burst of 10,
 * then 1 per second), separately for each address.
 */
import { request } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { serverPerTest, type TestServer } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';

let ts: TestServer;

function login(name: string, password: string): Promise<Response> {
  return fetch(`${ts.baseUrl}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }) });
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('on %s', (_backend, backend) => {
  const { start } = serverPerTest(backend);

  beforeEach(async () => {
    ts = await start({ loginBackoff: { freeAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000, forgetAfterMs: 3_600_000 } });
  });

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

  /** `POST /api/login` with an empty JSON object (a 400 that costs no password check) from a loopback `localAddress`. */
  function loginAttemptFrom(localAddress: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${ts.baseUrl}/api/login`, { method: 'POST', localAddress, agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end('{}');
    });
  }

  describe('login rate per address', () => {
    it('refuses a burst from one address with 429 rate_limited while another address still gets through', async () => {
      const first = await loginAttemptFrom('127.0.0.2');
      expect(first.status).toBe(400);
      let limited: { status: number; body: string } | undefined;
      for (let i = 0; i < 30 && limited === undefined; i++) {
        const attempt = await loginAttemptFrom('127.0.0.2');
        if (attempt.status === 429) limited = attempt;
        else expect(attempt.status).toBe(400);
      }
      expect(limited).toBeDefined();
      expect((JSON.parse(limited?.body ?? '{}') as { error: { code: string } }).error.code).toBe('rate_limited');
      expect((await loginAttemptFrom('127.0.0.3')).status).toBe(400);
      expect((await loginAttemptFrom('127.0.0.2')).status).toBe(429);
    });
  });
});
