import { describe, expect, it } from 'vitest';
import { LABEL_NAMES_ON_SPANS, readFlag, writeFlag } from '../src/view-settings.js';

/** A Storage-like map, optionally refusing every call as a browser that blocks storage does. */
function storage(refuse = false): Pick<Storage, 'getItem' | 'setItem'> & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => {
      if (refuse) throw new Error('SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key, value) => {
      if (refuse) throw new Error('QuotaExceededError');
      items.set(key, value);
    },
  };
}

describe('view settings', () => {
  it('keeps a flag per browser under its name and reads the default until it is set', () => {
    const store = storage();
    expect(readFlag(LABEL_NAMES_ON_SPANS, store)).toBe(false);
    expect(writeFlag(LABEL_NAMES_ON_SPANS, true, store)).toBe(true);
    expect(store.items.get('glossa:setting:label-names-on-spans')).toBe('true');
    expect(readFlag(LABEL_NAMES_ON_SPANS, store)).toBe(true);
    store.items.set('glossa:setting:label-names-on-spans', 'garbage');
    expect(readFlag(LABEL_NAMES_ON_SPANS, store)).toBe(false);
  });

  it('falls back to the default when the browser refuses storage', () => {
    const store = storage(true);
    expect(writeFlag(LABEL_NAMES_ON_SPANS, true, store)).toBe(false);
    expect(readFlag(LABEL_NAMES_ON_SPANS, store)).toBe(false);
    expect(readFlag(LABEL_NAMES_ON_SPANS, undefined)).toBe(false);
  });
});
