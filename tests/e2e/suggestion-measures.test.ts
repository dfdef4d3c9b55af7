/**
 * The dashboard's suggestion measures in the browser: after a scripted
 * session (one suggestion accepted by Alice, one rejected by Bob), a
 * curator's dashboard shows the acceptance counts per recommender, label
 * and user, each recommender's precision, recall and F1 against the gold
 * layer, and its learning curve as a chart and a table, with the figures
 * the server computes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { layerRoom, readSuggestionEntries, suggestionFeedback, suggestionRoom, writeAcceptedSuggestion, writeFeedback } from '@glossa/collab';
import { recordIncidents } from './support/browser.js';
import { createAnnotatedProject, jsonlSpans } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const G1 = 'The army patrols the city. The guard waits at the gate.';
const G2 = 'The army and the guard met the mayor.';
const OPEN = 'An army came; a guard stayed; the army left.';

const app = useWorkbench(async (server) => {
  const gold = (text: string) => jsonlSpans(text, [
    { annotator: 'gold', quote: 'army', label: 'militarization' },
    { annotator: 'gold', quote: 'guard', label: 'police-professionalization' },
  ]);
  await createAnnotatedProject(server, 'learn', 'shared', [
    { id: 'g1', text: G1, spans: gold(G1) },
    { id: 'g2', text: G2, spans: gold(G2) },
    { id: 'open', text: OPEN, spans: [] },
  ]);
  for (const [name, role] of [['alice', 'annotator'], ['bob', 'annotator'], ['cora', 'curator']] as const) await server.addUser(name, role, 'learn');
  await server.server.data.recommenders.add({ project: 'learn', name: 'strings', kind: 'string-match', config: {} });
  await server.server.suggestions?.sync('learn');
  await server.server.suggestions?.idle();

  // The scripted session, in the stored shared layer of "open": Alice accepts the first "army", Bob rejects "guard".
  const { data } = server.server;
  const suggestions = new Y.Doc();
  Y.applyUpdate(suggestions, (await data.updates.load(suggestionRoom('learn', 'open', 'shared'))) ?? new Uint8Array());
  const entries = readSuggestionEntries(suggestions).entries;
  const army = entries.find((e) => e.label === 'militarization');
  const guard = entries.find((e) => e.label === 'police-professionalization');
  if (army === undefined || guard === undefined) throw new Error(`expected suggestions on "open", got ${JSON.stringify(entries.map((e) => e.label))}`);
  const layer = new Y.Doc();
  const updates: Uint8Array[] = [];
  layer.on('update', (u: Uint8Array) => updates.push(u));
  writeAcceptedSuggestion(layer, army, { start: army.start, end: army.end }, { id: 'accepted-army', by: 'alice', at: 1, quote: 'army' });
  writeFeedback(layer, guard.key, suggestionFeedback(guard, { action: 'rejected', by: 'bob', at: 2, quote: 'guard' }));
  await data.updates.append(layerRoom('learn', 'open', 'shared'), Y.mergeUpdates(updates));
  // The session changes what is shown (the accepted span is no longer suggested): let the engine settle on it.
  await server.server.suggestions?.sync('learn');
  await server.server.suggestions?.idle();
});

interface Counts {
  shown: number;
  accepted: number;
  rejected: number;
  corrected: number;
  acceptedRate: number | null;
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${app.server.url}${path}`, { headers: { Authorization: `Bearer ${app.server.adminToken}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('suggestion measures in the dashboard', () => {
  it('shows the acceptance counts, the figures against gold and the learning curve the server computes', async () => {
    const stats = await api<{ byRecommender: Record<string, Counts>; byLabel: Record<string, Counts>; byUser: Record<string, Counts> }>('/api/projects/learn/suggestions/stats');
    // The scripted session's decisions, exactly.
    expect(stats.byUser['alice']).toMatchObject({ accepted: 1, rejected: 0 });
    expect(stats.byUser['bob']).toMatchObject({ accepted: 0, rejected: 1 });
    expect(stats.byRecommender['strings']).toMatchObject({ accepted: 1, rejected: 1, corrected: 0 });
    expect(stats.byLabel['militarization']).toMatchObject({ accepted: 1, rejected: 0 });
    expect(stats.byLabel['police-professionalization']).toMatchObject({ accepted: 0, rejected: 1 });
    const measures = await api<{ recommenders: { recommender: string; micro: { exact: { precision: number; recall: number; f1: number } }; curve: { annotations: number; exact: { f1: number } }[] }[] }>('/api/projects/learn/suggestions/measures');
    const strings = measures.recommenders[0];
    if (strings === undefined) throw new Error('no recommender measured');

    const { page } = await app.signIn('cora');
    const incidents = recordIncidents(page);
    await page.goto(`${app.server.url}/#/projects/learn/dashboard`);
    const section = page.getByTestId('suggestion-measures');
    await section.getByTestId('recommender-gold').waitFor();

    const cells = (table: string, row: string) => section.getByTestId(table).locator(`tr[data-row="${row}"] td`).allTextContents();
    // The counts the server gives now, with the dashboard loaded: suggestions shown may change while the engine reruns.
    const current = await api<{ byRecommender: Record<string, Counts>; byLabel: Record<string, Counts>; byUser: Record<string, Counts> }>('/api/projects/learn/suggestions/stats');
    const shown = (c: Counts): string[] => [String(c.shown), String(c.accepted), String(c.rejected), String(c.corrected), c.acceptedRate === null ? '—' : `${(100 * c.acceptedRate).toFixed(1)}%`];
    for (const [table, group] of [['acceptance-by-recommender', current.byRecommender], ['acceptance-by-label', current.byLabel], ['acceptance-by-user', current.byUser]] as const) {
      for (const [name, counts] of Object.entries(group)) expect(await cells(table, name), `${table} ${name}`).toEqual(shown(counts));
    }
    const exact = strings.micro.exact;
    expect((await cells('recommender-gold', 'strings')).slice(0, 3)).toEqual([exact.precision, exact.recall, exact.f1].map((v) => v.toFixed(2)));

    expect(strings.curve.length).toBeGreaterThan(0);
    await section.getByTestId('learning-curve').locator('polyline').waitFor();
    expect(await section.getByTestId('learning-curve').locator('circle').count()).toBe(strings.curve.filter((p) => p.exact.f1 !== null).length);
    for (const point of strings.curve) expect(await cells('learning-curve-table', `strings@${point.annotations}`)).toEqual([String(point.annotations), point.exact.f1 === null ? '—' : point.exact.f1.toFixed(2)]);
    expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
  });
});
