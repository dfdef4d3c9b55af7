import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSchema } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { SHORTCUT_GROUPS, pageAction } from '../src/shortcuts.js';
import type { KeyPress } from '../src/shortcuts.js';
import { workbenchBindings } from '../src/editor/workbench-keymap.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const schema = ((): LabelSchema => {
  const parsed = parseSchema(JSON.parse(readFileSync(new URL('../../../seeds/schema.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error('the seed schema does not parse');
  return parsed.value;
})();

const rows = SHORTCUT_GROUPS.flatMap((group) => group.shortcuts);

function press(key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress {
  return { key, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...modifiers };
}

describe('the list of keys', () => {
  it('lists every editor binding but the label hotkeys', () => {
    const listed = new Set(rows.flatMap((row) => row.bindings ?? []));
    const hotkeys = new Set([...schema.labels, ...(schema.relationLabels ?? [])].flatMap((label) => (label.hotkey === undefined ? [] : [label.hotkey])));
    const bindings = Object.keys(workbenchBindings({ schema, canAnnotate: () => true, canChange: () => true, canChangeRelation: () => true, actions: { undo: () => true, redo: () => true, annotateAll: () => true } }));
    expect(bindings.filter((key) => !hotkeys.has(key) && !listed.has(key))).toEqual([]);
    expect([...listed].filter((key) => !bindings.includes(key))).toEqual([]);
  });

  it('is in the README, row by row', () => {
    const missing = rows.filter((row) => !README.includes(`| ${row.keys} |`)).map((row) => row.keys);
    expect(missing).toEqual([]);
  });

  it('runs each page-wide key from its row, and nothing for other keys', () => {
    expect(pageAction(press('?', { shiftKey: true }))).toBe('help');
    expect(pageAction(press('f', { ctrlKey: true }))).toBe('find');
    expect(pageAction(press('F', { metaKey: true }))).toBe('find');
    expect(pageAction(press('F3'))).toBe('find-next');
    expect(pageAction(press('g', { ctrlKey: true }))).toBe('find-next');
    expect(pageAction(press('F3', { shiftKey: true }))).toBe('find-previous');
    expect(pageAction(press('G', { ctrlKey: true, shiftKey: true }))).toBe('find-previous');
    expect(pageAction(press('m', { altKey: true }))).toBe('toggle-done');
    expect(pageAction(press('PageDown', { altKey: true }))).toBe('next-document');
    expect(pageAction(press('PageUp', { altKey: true }))).toBe('previous-document');
    for (const other of [press('f'), press('m'), press('PageDown'), press('f', { altKey: true }), press('?', { ctrlKey: true })]) expect(pageAction(other)).toBeNull();
  });
});
