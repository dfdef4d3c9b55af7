/**
 * A model's provenance through the dataset formats: a suggestion accepted
 * in a layer is an annotation with source `model:<recommender>`, the
 * model's score and version; exporting the project as JSONL, W3C and
 * Label Studio keeps them (Label Studio in `predictions[]` with `score` and
 * `model_version`), and importing each export into a new project gives the
 * same annotation with the same provenance.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { layerRoom, localOrigin, readAnnotationEntries, readSuggestionEntries, suggestionRoom, writeAcceptedSuggestion } from '@glossa/collab';
import { openDataDir, type DataDir } from '@glossa/store';
import { runGlossa, writeUnder, type Run } from './support/run-cli.js';

let cwd: string;

/** "army" is annotated once, in n1's shared layer; n2 starts with an emoji, so code points and UTF-16 differ there. */
const CORPUS = [
  { id: 'n1', text: 'The army patrols Lima. The army left.', spans: [{ start: 4, end: 8, label: 'militarization' }] },
  { id: 'n2', text: '😀 An army came to Lima.', spans: [] },
]
  .map((d) => JSON.stringify(d))
  .join('\n');

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

async function withData<T>(fn: (data: DataDir) => Promise<T>): Promise<T> {
  const data = openDataDir(path.join(cwd, '.glossa'), { create: false });
  try {
    return await fn(data);
  } finally {
    await data.close();
  }
}

async function stored(data: DataDir, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const state = await data.updates.load(room);
  if (state !== null) Y.applyUpdate(doc, state);
  return doc;
}

let modelVersion = '';

beforeEach(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-provenance-'));
  writeUnder(cwd, 'news.jsonl', `${CORPUS}\n`);
  expect((await glossa('import', 'news.jsonl', '--project', 'news', '--mode', 'shared')).code).toBe(0);
  expect((await glossa('recommender', 'add', 'strings', '--project', 'news', '--kind', 'string-match')).code).toBe(0);
  expect((await glossa('suggest', '--project', 'news')).code).toBe(0);
  // Bob accepts the suggestion on n2 ("army") in the shared layer.
  await withData(async (data) => {
    const [entry] = readSuggestionEntries(await stored(data, suggestionRoom('news', 'n2', 'shared'))).entries;
    if (entry === undefined) throw new Error('no suggestion on n2');
    modelVersion = entry.modelVersion;
    const layer = await stored(data, layerRoom('news', 'n2', 'shared'));
    const before = Y.encodeStateVector(layer);
    writeAcceptedSuggestion(layer, entry, { start: entry.start, end: entry.end }, { id: 'accepted-1', by: 'bob', at: 5, quote: 'army' }, localOrigin('bob'));
    await data.updates.append(layerRoom('news', 'n2', 'shared'), Y.encodeStateAsUpdate(layer, before));
  });
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('model provenance through exports', () => {
  it.each([
    ['jsonl', 'out.jsonl'],
    ['w3c', 'out.jsonld'],
    ['labelstudio', 'out.json'],
  ])('%s keeps source, score and model version, and reads them back', async (format, file) => {
    const run = await glossa('export', '--project', 'news', '--format', format, '--out', file);
    expect(run.code).toBe(0);
    const text = readFileSync(path.join(cwd, file), 'utf8');
    if (format === 'jsonl') {
      const n2 = text.split('\n').map((l) => (l === '' ? undefined : (JSON.parse(l) as { id: string; spans: unknown[] }))).find((d) => d?.id === 'n2');
      expect(n2?.spans).toEqual([{ id: 'accepted-1', start: 5, end: 9, label: 'militarization', author: 'bob', source: 'model:strings', score: 1, modelVersion }]);
    }
    if (format === 'w3c') expect(text).toMatch(new RegExp(`"glossa:source":"model:strings".*"glossa:score":1.*"glossa:modelVersion":"${modelVersion}"`));
    if (format === 'labelstudio') {
      const tasks = JSON.parse(text) as { data: { doc_id: string }; predictions?: { model_version: string; score?: number; result: { id: string; value: { start: number; end: number } }[] }[] }[];
      const n2 = tasks.find((t) => t.data.doc_id === 'n2');
      expect(n2?.predictions).toEqual([{ model_version: `strings@${modelVersion}`, score: 1, result: [expect.objectContaining({ id: 'accepted-1', value: expect.objectContaining({ start: 5, end: 9 }) as unknown })] }]);
      expect(tasks.find((t) => t.data.doc_id === 'n1')?.predictions).toBeUndefined();
    }

    expect((await glossa('import', file, '--project', 'copy', '--mode', 'shared', '--format', format)).code).toBe(0);
    await withData(async (data) => {
      const entries = readAnnotationEntries(await stored(data, layerRoom('copy', 'n2', 'shared'))).entries;
      expect(entries.map((e) => ({ id: e.annotation.id, source: e.annotation.source, quote: e.quote, model: e.model }))).toEqual([
        { id: 'accepted-1', source: 'model', quote: 'army', model: { recommender: 'strings', score: 1, modelVersion } },
      ]);
      const human = readAnnotationEntries(await stored(data, layerRoom('copy', 'n1', 'shared'))).entries;
      expect(human.map((e) => e.model)).toEqual([undefined]);
    });
  });
});
