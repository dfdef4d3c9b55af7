import { describe, expect, it } from 'vitest';
import {
  PROJECT_MODES,
  ROLES,
  canCurate,
  canEditText,
  defaultAnnotationLayer,
  isProjectMode,
  isRole,
  layerAccess,
  roomAccess,
  roomTarget,
  scopeTrainingLayers,
  strongerRole,
  suggestionScope,
  type Role,
  type RoomAccess,
  type RoomTarget,
} from '../src/access.js';
import { parseRoom, parseSuggestionRoom } from '../src/rooms.js';

const content: RoomTarget = { kind: 'content' };
const layer = (id: string): RoomTarget => ({ kind: 'layer', layer: id });
const suggestions = (scope: string): RoomTarget => ({ kind: 'suggestions', scope });

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
    // Suggestion rooms: read-only for everyone who may see them; the server alone writes them.
    ['admin', 'shared', suggestions('shared'), 'read'],
    ['admin', 'independent', suggestions('bob'), 'read'],
    ['admin', 'independent', suggestions('gold'), 'read'],
    ['curator', 'shared', suggestions('shared'), 'read'],
    ['curator', 'independent', suggestions('gold'), 'read'],
    ['curator', 'independent', suggestions('bob'), 'read'],
    ['annotator', 'shared', suggestions('shared'), 'read'],
    ['annotator', 'shared', suggestions('alice'), 'none'],
    ['annotator', 'shared', suggestions('bob'), 'none'],
    ['annotator', 'shared', suggestions('gold'), 'none'],
    ['annotator', 'independent', suggestions('alice'), 'read'],
    ['annotator', 'independent', suggestions('bob'), 'none'],
    ['annotator', 'independent', suggestions('shared'), 'none'],
    ['annotator', 'independent', suggestions('gold'), 'none'],
    ['viewer', 'shared', suggestions('shared'), 'none'],
    ['viewer', 'independent', suggestions('alice'), 'none'],
    [undefined, 'shared', suggestions('shared'), 'none'],
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

describe('what the views derive from roomAccess', () => {
  const roles = [...ROLES, undefined];
  it.each(roles)('%s: text editing and curation follow the content and gold rows of the table', (role) => {
    expect(canEditText(role)).toBe(role === 'admin' || role === 'curator');
    expect(canCurate(role)).toBe(role === 'admin' || role === 'curator');
  });

  it('layerAccess is roomAccess for a layer room', () => {
    for (const role of roles) {
      for (const mode of PROJECT_MODES) {
        for (const layer of ['gold', 'shared', 'alice', 'bob']) {
          expect(layerAccess(role, mode, layer, 'alice')).toBe(roomAccess(role, mode, { kind: 'layer', layer }, 'alice'));
        }
      }
    }
  });

  it.each([
    ['admin', 'shared', 'shared'],
    ['admin', 'independent', 'alice'],
    ['annotator', 'shared', 'shared'],
    ['annotator', 'independent', 'alice'],
    ['curator', 'independent', 'gold'],
    ['viewer', 'shared', null],
    [undefined, 'shared', null],
  ] as const)('%s in a %s project annotates into %s by default, a layer it may write', (role, mode, expected) => {
    const layer = defaultAnnotationLayer(role, mode, 'alice');
    expect(layer).toBe(expected);
    if (layer !== null) expect(layerAccess(role, mode, layer, 'alice')).toBe('write');
  });

  it('knows the roles and modes, and nothing else', () => {
    expect(ROLES.every((r) => isRole(r))).toBe(true);
    expect(PROJECT_MODES.every((m) => isProjectMode(m))).toBe(true);
    for (const value of ['Admin', '', 'owner', 1, null, undefined, 'Shared']) {
      expect(isRole(value)).toBe(false);
      expect(isProjectMode(value)).toBe(false);
    }
  });
});

describe('suggestion scopes', () => {
  it('no role may write a suggestion room, whatever the scope', () => {
    for (const role of [...ROLES, undefined]) {
      for (const mode of PROJECT_MODES) {
        for (const scope of ['shared', 'gold', 'alice', 'bob']) expect(roomAccess(role, mode, suggestions(scope), 'alice')).not.toBe('write');
      }
    }
  });

  it.each([
    ['admin', 'shared', 'shared'],
    ['admin', 'independent', 'alice'],
    ['annotator', 'shared', 'shared'],
    ['annotator', 'independent', 'alice'],
    ['curator', 'shared', 'gold'],
    ['curator', 'independent', 'gold'],
    ['viewer', 'shared', null],
    [undefined, 'independent', null],
  ] as const)('%s in a %s project is shown the %s scope, which they may read', (role, mode, expected) => {
    const scope = suggestionScope(role, mode, 'alice');
    expect(scope).toBe(expected);
    if (scope !== null) expect(roomAccess(role, mode, suggestions(scope), 'alice')).toBe('read');
  });

  it("an annotator of an independent project reads only a scope trained on their own layer and gold, never another annotator's", () => {
    for (const scope of ['shared', 'gold', 'alice', 'bob', 'carol']) {
      if (roomAccess('annotator', 'independent', suggestions(scope), 'alice') === 'none') continue;
      expect(scopeTrainingLayers(scope)).toEqual(['alice', 'gold']);
    }
    expect(scopeTrainingLayers('shared')).toEqual(['shared', 'gold']);
    expect(scopeTrainingLayers('gold')).toEqual(['gold']);
  });

  it('turns parsed room names into access targets', () => {
    expect(roomTarget(parseRoom('p/d') as NonNullable<ReturnType<typeof parseRoom>>)).toEqual(content);
    expect(roomTarget(parseRoom('p/d/layers/bob') as NonNullable<ReturnType<typeof parseRoom>>)).toEqual(layer('bob'));
    expect(roomTarget(parseSuggestionRoom('p/d/suggestions/bob') as NonNullable<ReturnType<typeof parseSuggestionRoom>>)).toEqual(suggestions('bob'));
  });
});
