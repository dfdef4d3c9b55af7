/**
 * `glossa recommender add --kind http|labelstudio --url …` then `glossa
 * suggest --json`: the external model server (served by the test over real
 * HTTP) learns the project's annotations and its suggestions are printed in
 * code points and written into the suggestion rooms; a backend that cannot
 * be reached fails the run naming the recommender and the call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSuggestionEntries, suggestionRoom } from '@glossa/collab';
import { openDataDir } from '@glossa/store';
import { glossaBackend, labelStudioBackend, type Backend } from '../../server/test/support/model-backends.js';
import { runGlossa, writeUnder, type Run } from './support/run-cli.js';

let cwd: string;
const backends: Backend[] = [];

/** "army" is annotated once, in n1's shared layer; n2 starts with an emoji, so code points and UTF-16 differ there. */
const CORPUS = [
  { id: 'n1', text: 'The army patrols Lima. The army left.', spans: [{ start: 4, end: 8, label: 'militarization' }] },
  { id: 'n2', text: '😀 An army came to Lima.', spans: [] },
]
  .map((d) => JSON.stringify(d))
  .join('\n');

beforeEach(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-external-'));
  writeUnder(cwd, 'news.jsonl', `${CORPUS}\n`);
  expect((await glossa('import', 'news.jsonl', '--project', 'news', '--mode', 'shared')).code).toBe(0);
});

afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
  rmSync(cwd, { recursive: true, force: true });
});

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

describe('glossa suggest with an external model server', () => {
  for (const kind of ['http', 'labelstudio'] as const) {
    it(`prints and stores the suggestions of a ${kind} backend`, async () => {
      const backend = await (kind === 'http' ? glossaBackend() : labelStudioBackend());
      backends.push(backend);
      expect(await glossa('recommender', 'add', 'remote', '--project', 'news', '--kind', kind, '--url', backend.url)).toMatchObject({ code: 0 });
      const run = await glossa('suggest', '--project', 'news', '--json');
      expect(run.stderr).toMatch(/remote: trained for shared on 1 annotated document/);
      expect(run.code).toBe(0);
      const score = kind === 'http' ? 0.8 : 0.6;
      expect(run.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
        { doc: 'n1', start: 27, end: 31, label: 'militarization', score, recommender: 'remote', scope: 'shared' },
        { doc: 'n2', start: 5, end: 9, label: 'militarization', score, recommender: 'remote', scope: 'shared' },
      ]);
      const data = openDataDir(path.join(cwd, '.glossa'), { create: false });
      try {
        const room = new Y.Doc();
        const state = await data.updates.load(suggestionRoom('news', 'n2', 'shared'));
        if (state !== null) Y.applyUpdate(room, state);
        expect(readSuggestionEntries(room).entries.map((e) => [e.label, e.recommender, e.score])).toEqual([['militarization', 'remote', score]]);
      } finally {
        await data.close();
      }
    });
  }

  it('fails naming the recommender and the call when the backend cannot be reached, and runs the others', async () => {
    const backend = await glossaBackend();
    const url = backend.url;
    await backend.close();
    expect((await glossa('recommender', 'add', 'gone', '--project', 'news', '--kind', 'http', '--url', url)).code).toBe(0);
    expect((await glossa('recommender', 'add', 'strings', '--project', 'news', '--kind', 'string-match')).code).toBe(0);
    const run = await glossa('suggest', '--project', 'news', '--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/glossa suggest: recommender gone failed: recommender gone: POST \/v1\/train: .*ECONNREFUSED/);
    expect(run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { recommender: string }).recommender)).toEqual(['strings', 'strings']);
  });

  it('refuses a url that is not http(s), naming the flag', async () => {
    const run = await glossa('recommender', 'add', 'remote', '--project', 'news', '--kind', 'labelstudio', '--url', 'file:///etc/passwd');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/recommender "remote": url: expected an http:\/\/ or https:\/\/ URL/);
  });
});
