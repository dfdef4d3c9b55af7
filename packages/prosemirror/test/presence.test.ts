// @vitest-environment happy-dom
import { describe, it, expect } from 'vitest';
import { buildRemoteCursor, buildRemoteSelection, presenceName } from '../src/index.js';

describe('remote presence', () => {
  it('puts a user name into a text node, never markup', () => {
    const caret = buildRemoteCursor({ name: '<img src=x onerror=alert(1)>', color: '#12ab34' }, 7);
    expect(caret.querySelector('img')).toBeNull();
    expect(caret.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(caret.style.getPropertyValue('--glossa-user-color')).toBe('#12ab34');
  });

  it.each([
    ['a CSS injection', 'red; background: url(x)'],
    ['a short hex color', '#abc'],
    ['a non-string', 42],
  ])('replaces %s in the color with the fallback', (_name, color) => {
    expect(buildRemoteSelection({ name: 'Ana', color })).toEqual({
      class: 'glossa-remote-selection',
      style: '--glossa-user-color: #9e9e9e',
    });
  });

  it('names users without a name by client id and shortens long names', () => {
    expect(presenceName({}, 12)).toBe('User 12');
    expect(presenceName({ name: 'x'.repeat(100) }, 1)).toHaveLength(64);
  });
});
