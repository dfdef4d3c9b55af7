import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from '../src/route.js';
import { readSchemaJson } from '../src/admin/project-admin.js';
import { tokenState } from '../src/admin/token-admin.js';
import { rolesText } from '../src/admin/user-admin.js';

describe('the routes of the guidelines and administration', () => {
  it.each<[string, Route]>([
    ['#/projects/policy/guidelines', { name: 'guidelines', project: 'policy' }],
    ['#/projects/a%20b/guidelines', { name: 'guidelines', project: 'a b' }],
    ['#/admin', { name: 'admin' }],
    ['#/admin/users', { name: 'projects' }],
  ])('reads %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('writes the hashes it reads', () => {
    for (const route of [{ name: 'guidelines', project: 'a/b c' }, { name: 'admin' }] as const) expect(parseRoute(routeHash(route))).toEqual(route);
  });
});

describe('administration helpers', () => {
  it('says what a user may do, every project first named as such', () => {
    expect(rolesText({ policy: 'annotator', '*': 'admin' })).toBe('policy: annotator; every project: admin');
    expect(rolesText({})).toBe('no role');
  });

  it('tells valid, expired and revoked tokens apart', () => {
    const token = { id: 't', user: 'u', kind: 'api', created: 0, expires: null, revoked: null };
    expect(tokenState(token, 10)).toBe('valid');
    expect(tokenState({ ...token, expires: 10 }, 10)).toBe('expired');
    expect(tokenState({ ...token, expires: 11 }, 10)).toBe('valid');
    expect(tokenState({ ...token, revoked: 5 }, 10)).toBe('revoked');
  });

  it('reads a schema as JSON or names the problem', () => {
    expect(readSchemaJson('{"version": 1}')).toEqual({ ok: true, value: { version: 1 } });
    const bad = readSchemaJson('{"version": 1,}');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toMatch(/^The label schema is not JSON: /);
  });
});
