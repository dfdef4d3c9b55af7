import { describe, expect, it } from 'vitest';
import { roomAccess, strongerRole, type Role, type RoomAccess, type RoomTarget } from '../src/roles.js';

const content: RoomTarget = { kind: 'content' };
const layer = (id: string): RoomTarget => ({ kind: 'layer', layer: id });

describe('roomAccess', () => {
  const rows: [Role | undefined, 'shared' | 'independent', RoomTarget, RoomAccess][] = [
    ['admin', 'independent', content, 'write'],
    ['admin', 'independent', layer('bob'), 'write'],
    ['curator', 'shared', content, 'write'],
    ['curator', 'shared', layer('gold'), 'write'],
    ['curator', 'independent', layer('bob'), 'read'],
    ['curator', 'shared', layer('shared'), 'read'],
    ['annotator', 'shared', content, 'read'],
    ['annotator', 'shared', layer('alice'), 'write'],
    ['annotator', 'shared', layer('shared'), 'write'],
    ['annotator', 'shared', layer('gold'), 'read'],
    ['annotator', 'shared', layer('bob'), 'read'],
    ['annotator', 'independent', content, 'read'],
    ['annotator', 'independent', layer('alice'), 'write'],
    ['annotator', 'independent', layer('bob'), 'none'],
    ['annotator', 'independent', layer('shared'), 'none'],
    ['annotator', 'independent', layer('gold'), 'none'],
    ['viewer', 'independent', layer('bob'), 'read'],
    ['viewer', 'shared', content, 'read'],
    [undefined, 'shared', content, 'none'],
  ];
  it.each(rows)('%s in a %s project, %j (user alice) → %s', (role, mode, target, expected) => {
    expect(roomAccess(role, mode, target, 'alice')).toBe(expected);
  });
});

describe('strongerRole', () => {
  it.each([
    ['viewer', 'admin', 'admin'],
    ['curator', 'annotator', 'curator'],
    [undefined, 'viewer', 'viewer'],
    ['annotator', undefined, 'annotator'],
  ] as const)('of %s and %s is %s', (a, b, expected) => {
    expect(strongerRole(a, b)).toBe(expected);
  });
});
