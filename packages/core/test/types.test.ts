import { describe, expect, it } from 'vitest';
import { fail, ok } from '@glossa/core';

describe('Result helpers', () => {
  it('tags values and errors', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail(['x'])).toEqual({ ok: false, errors: ['x'] });
  });
});
