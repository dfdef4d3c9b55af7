/**
 * Suggestions in the workbench, end to end: annotator A labels a string in
 * a shared project; within a few seconds both A's and B's editors show the
 * server's suggestions on its other occurrences; B accepts one and rejects
 * another with the keyboard; the accepted one is an annotation with its
 * model source and score, the rejected one does not come back after the
 * recommender retrains. In an independent project B sees nothing learned
 * from A's layer.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { layerRoom, readAnnotationEntries, readSuggestionEntries, suggestionRoom } from '@glossa/collab';
import { REPO_ROOT } from './support/build.js';
import { hoverText, openDocument, recordIncidents, selectText } from './support/browser.js';
import { useWorkbench } from './support/workbench.js';

/** How soon suggestions learned from one annotation must reach both editors (the promise of the live loop). */
const SUGGESTION_MS = 5_000;
const DOC = 'guard';
const TEXT = [
  'The National Guard patrols the city centre.',
  'Residents asked whether the National Guard would stay.',
  'The mayor met the National Guard commander on Monday.',
  'By Friday the National Guard had left the city.',
].join('\n');

const app = useWorkbench(async (server) => {
  const doc = { name: `${DOC}.txt`, text: TEXT };
  await server.createProject('team', 'shared', [doc]);
  await server.createProject('solo', 'independent', [doc]);
  for (const [name, project] of [['alice', 'team'], ['bob', 'team'], ['carol', 'solo'], ['dave', 'solo']] as const) await server.addUser(name, 'annotator', project);
  for (const project of ['team', 'solo']) {
    await server.server.data.recommenders.add({ project, name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync(project);
  }
});

async function storedRoom(room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const state = await app.server.server.data.updates.load(room);
  if (state !== null) Y.applyUpdate(doc, state);
  return doc;
}

const suggestionsOn = (page: Page, text: string) => page.locator('.glossa-suggestion', { hasText: text });

describe('suggestions in a shared project', () => {
  it('reach both editors, are decided by keyboard, keep their model and score when accepted, and stay away when rejected', async () => {
    const alice = await app.signIn('alice');
    const bob = await app.signIn('bob');
    const incidents = [recordIncidents(alice.page), recordIncidents(bob.page)];
    await Promise.all([openDocument(alice.page, app.server.url, 'team', DOC, 'Residents asked'), openDocument(bob.page, app.server.url, 'team', DOC, 'Residents asked')]);

    await selectText(alice.page, 'National Guard');
    await alice.page.keyboard.press('1');
    // The three other occurrences are suggested to both, within seconds.
    for (const page of [alice.page, bob.page]) await expect.poll(() => suggestionsOn(page, 'National Guard').count(), { timeout: SUGGESTION_MS }).toBe(3);

    // The hover card says which recommender suggests it and how sure it is; the panel counts it.
    await hoverText(suggestionsOn(bob.page, 'National Guard').first());
    await bob.page.getByTestId('hover-suggestion').filter({ hasText: 'Suggested Militarization' }).filter({ hasText: 'score 1.00, by strings' }).waitFor();
    await bob.page.getByTestId('suggestion-panel').filter({ hasText: 'strings (3)' }).waitFor();
    mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
    await bob.page.screenshot({ path: path.join(REPO_ROOT, 'docs/suggestions.png') });

    // Bob, by keyboard: the next suggestion from the top, accept; the next one, reject.
    await bob.page.locator('.ProseMirror p').first().click({ position: { x: 2, y: 5 } });
    await bob.page.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => bob.page.locator('.glossa-suggestion-selected').count()).toBeGreaterThan(0);
    await bob.page.keyboard.press('Alt+a');
    await expect.poll(() => suggestionsOn(bob.page, 'National Guard').count()).toBe(2);
    await bob.page.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => bob.page.locator('.glossa-suggestion-selected').count()).toBeGreaterThan(0);
    await bob.page.keyboard.press('Alt+r');
    // Rejecting "National Guard" as militarization hides that label on that text for him.
    await expect.poll(() => suggestionsOn(bob.page, 'National Guard').count()).toBe(0);

    // The accepted suggestion is an annotation of the shared layer with the model's source and score.
    await expect
      .poll(async () => readAnnotationEntries(await storedRoom(layerRoom('team', DOC, 'shared'))).entries.filter((e) => e.annotation.source === 'model').map((e) => ({ author: e.annotation.author, quote: e.quote, model: e.model })))
      .toEqual([{ author: 'bob', quote: 'National Guard', model: expect.objectContaining({ recommender: 'strings', score: 1 }) }]);

    // More annotations retrain the recommender; the rejected text and label never come back.
    await selectText(alice.page, 'mayor');
    await alice.page.keyboard.press('2');
    await app.server.server.suggestions?.idle();
    const room = readSuggestionEntries(await storedRoom(suggestionRoom('team', DOC, 'shared'))).entries;
    expect(room.filter((e) => e.label === 'militarization')).toEqual([]);
    await expect.poll(() => suggestionsOn(alice.page, 'National Guard').count()).toBe(0);
    expect(await suggestionsOn(bob.page, 'National Guard').count()).toBe(0);
    for (const page of incidents) expect(page).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    await alice.context.close();
    await bob.context.close();
  });
});

describe('suggestions in an independent project', () => {
  it('show an annotator nothing learned from another annotator’s layer', async () => {
    const carol = await app.signIn('carol');
    const dave = await app.signIn('dave');
    await Promise.all([openDocument(carol.page, app.server.url, 'solo', DOC, 'Residents asked'), openDocument(dave.page, app.server.url, 'solo', DOC, 'Residents asked')]);
    await selectText(carol.page, 'National Guard');
    await carol.page.keyboard.press('1');
    await expect.poll(() => suggestionsOn(carol.page, 'National Guard').count(), { timeout: SUGGESTION_MS }).toBe(3);
    await app.server.server.suggestions?.idle();
    expect(await dave.page.locator('.glossa-suggestion').count()).toBe(0);
    expect(readSuggestionEntries(await storedRoom(suggestionRoom('solo', DOC, 'dave'))).entries).toEqual([]);
    await carol.context.close();
    await dave.context.close();
  });
});
