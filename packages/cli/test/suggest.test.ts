/**
 * `glossa suggest`, `glossa suggest evaluate` and `glossa suggest stats`
 * over a data directory: suggestions written into the suggestion rooms or
 * as proposed annotations of a layer, JSON lines in code points, cross-
 * validation against a layer, the counts of a scripted session exactly, and
 * bad input refused naming the flag, project, document or recommender.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { layerRoom, localOrigin, readAnnotationEntries, readSuggestionEntries, suggestionFeedback, suggestionRoom, writeFeedback, type SuggestionEntry } from '@glossa/collab';
import { hashPasswordSync, openDataDir, type DataDir } from '@glossa/store';
import { runGlossa, writeUnder, type Run } from './support/run-cli.js';

let cwd: string;

/** Three documents of a shared project; "army" is annotated once, in n1's shared layer. */
const CORPUS = [
  { id: 'n1', text: 'The army patrols Lima. The army left.', spans: [{ start: 4, end: 8, label: 'militarization' }] },
  { id: 'n2', text: '😀 An army came to Lima.', spans: [] },
  { id: 'n3', text: 'Nothing here.', spans: [] },
]
  .map((d) => JSON.stringify(d))
  .join('\n');

beforeEach(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-suggest-'));
  writeUnder(cwd, 'news.jsonl', `${CORPUS}\n`);
  expect((await glossa('import', 'news.jsonl', '--project', 'news', '--mode', 'shared')).code).toBe(0);
  expect((await glossa('recommender', 'add', 'strings', '--project', 'news', '--kind', 'string-match')).code).toBe(0);
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

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

async function storedDoc(data: DataDir, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const state = await data.updates.load(room);
  if (state !== null) Y.applyUpdate(doc, state);
  return doc;
}

describe('glossa suggest', () => {
  it('writes suggestions into the suggestion rooms and prints them as JSON lines in code points', async () => {
    const run = await glossa('suggest', '--project', 'news', '--json');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { doc: 'n1', start: 27, end: 31, label: 'militarization', score: 1, recommender: 'strings', scope: 'shared' },
      { doc: 'n2', start: 5, end: 9, label: 'militarization', score: 1, recommender: 'strings', scope: 'shared' },
    ]);
    expect(run.stderr).toMatch(/strings: trained for shared on 1 annotated document/);
    await withData(async (data) => {
      const room = await storedDoc(data, suggestionRoom('news', 'n2', 'shared'));
      expect(readSuggestionEntries(room).entries.map((e) => [e.label, e.recommender])).toEqual([['militarization', 'strings']]);
    });
    // Running again changes nothing; --min-score and --doc select.
    expect((await glossa('suggest', '--project', 'news', '--doc', 'n2', '--min-score', '1', '--json')).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('with --into writes proposed annotations with the model’s provenance, once', async () => {
    const run = await glossa('suggest', '--project', 'news', '--into', 'shared');
    expect(run).toMatchObject({ code: 0, stdout: 'strings: 2 suggestions written as proposed annotations of layer shared\n' });
    expect((await glossa('suggest', '--project', 'news', '--into', 'shared')).stdout).toBe('strings: 0 suggestions written as proposed annotations of layer shared\n');
    await withData(async (data) => {
      const layer = await storedDoc(data, layerRoom('news', 'n2', 'shared'));
      const [entry] = readAnnotationEntries(layer).entries;
      expect(entry?.annotation).toMatchObject({ label: 'militarization', status: 'proposed', source: 'model', author: 'strings' });
      expect(entry?.model).toMatchObject({ recommender: 'strings', score: 1 });
      expect(entry?.quote).toBe('army');
    });
  });

  /** [case, argv, message, exit code] */
  const cases: [string, string[], RegExp, number][] = [
    ['a missing project', ['suggest'], /glossa suggest: --project is required/, 2],
    ['an unknown project', ['suggest', '--project', 'nope'], /glossa suggest: unknown project "nope"; expected one of news/, 1],
    ['an unknown recommender', ['suggest', '--project', 'news', '--recommender', 'crf'], /unknown recommender "crf" in project "news"; expected one of strings/, 1],
    ['an unknown document', ['suggest', '--project', 'news', '--doc', 'n9'], /unknown document "n9" in project "news"/, 1],
    ['a score out of range', ['suggest', '--project', 'news', '--min-score', '1.5'], /bad --min-score "1\.5"; expected a number from 0 to 1/, 2],
    ['a bad layer', ['suggest', '--project', 'news', '--into', 'a/b'], /--into "a\/b" is not a layer id/, 1],
    ['an unknown subcommand', ['suggest', 'train', '--project', 'news'], /unexpected argument "train"/, 2],
    ['evaluate without gold', ['suggest', 'evaluate', '--project', 'news'], /glossa suggest evaluate: --gold is required/, 2],
    ['evaluate against an unknown layer', ['suggest', 'evaluate', '--project', 'news', '--gold', 'gold'], /unknown layer "gold" in project "news"; expected one of shared/, 1],
    ['evaluate with one fold', ['suggest', 'evaluate', '--project', 'news', '--gold', 'shared', '--folds', '1'], /bad --folds "1"; expected a whole number of at least 2/, 2],
    ['stats of an unknown project', ['suggest', 'stats', '--project', 'nope'], /glossa suggest stats: unknown project "nope"/, 1],
  ];

  it.each(cases)('refuses %s', async (_case, argv, stderr, code) => {
    const run = await glossa(...argv);
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
  });

  it('refuses a project without recommenders', async () => {
    expect((await glossa('recommender', 'remove', 'strings', '--project', 'news')).code).toBe(0);
    expect((await glossa('suggest', '--project', 'news')).stderr).toMatch(/project "news" has no recommenders; add one with glossa recommender add/);
  });
});

describe('glossa suggest evaluate', () => {
  it('cross-validates each recommender against a layer, per label and pooled', async () => {
    writeUnder(cwd, 'more.jsonl', `${JSON.stringify({ id: 'n4', text: 'The army again.', spans: [{ start: 4, end: 8, label: 'militarization' }] })}\n`);
    expect((await glossa('import', 'more.jsonl', '--project', 'news')).code).toBe(0);
    const run = await glossa('suggest', 'evaluate', '--project', 'news', '--gold', 'shared', '--folds', '2', '--json');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as { recommender: string; folds: number; documents: number; labels: { label: string; exact: { f1: number | null } }[] }[];
    // Each of n1 and n4 annotates "army" once; trained on one, the matcher finds it in the other, and n1's second "army" is an unannotated occurrence.
    expect(report).toMatchObject({ recommender: 'strings', folds: 2, documents: 2 });
    expect(report?.labels.map((l) => [l.label, l.exact.f1])).toEqual([['militarization', 0.8]]);
  });
});

describe('glossa suggest stats', () => {
  it('counts a scripted session exactly: shown per member of the scope, the latest decision of each user counting', async () => {
    await withData(async (data) => {
      for (const [name, role] of [['ana', 'annotator'], ['ben', 'annotator'], ['vic', 'viewer']] as const) {
        await data.users.addUser(name, hashPasswordSync(`${name}-password`));
        await data.users.setRole(name, 'news', role);
      }
    });
    expect((await glossa('suggest', '--project', 'news')).code).toBe(0);
    // Two suggestions in the shared scope (n1's second "army", n2's "army"), both shown to ana and ben (not to the viewer).
    await withData(async (data) => {
      const entryOf = async (doc: string): Promise<SuggestionEntry> => {
        const [entry] = readSuggestionEntries(await storedDoc(data, suggestionRoom('news', doc, 'shared'))).entries;
        if (entry === undefined) throw new Error(`no suggestion in ${doc}`);
        return entry;
      };
      const decide = async (doc: string, by: string, action: 'accepted' | 'rejected' | 'corrected', at: number): Promise<void> => {
        const entry = await entryOf(doc);
        const room = layerRoom('news', doc, 'shared');
        const layer = await storedDoc(data, room);
        const before = Y.encodeStateVector(layer);
        writeFeedback(layer, entry.key, suggestionFeedback(entry, { action, by, at, quote: 'army' }), localOrigin(by));
        await data.updates.append(room, Y.encodeStateAsUpdate(layer, before));
      };
      await decide('n1', 'ana', 'rejected', 1);
      await decide('n1', 'ana', 'accepted', 2); // changed her mind: the later decision counts
      await decide('n2', 'ana', 'corrected', 3);
      await decide('n2', 'ben', 'rejected', 4);
    });
    const run = await glossa('suggest', 'stats', '--project', 'news', '--json');
    expect(run.code).toBe(0);
    const stats = JSON.parse(run.stdout) as { total: unknown; byUser: Record<string, unknown>; byRecommender: Record<string, unknown> };
    expect(stats.total).toEqual({ shown: 4, accepted: 1, rejected: 1, corrected: 1, acceptedRate: 0.25, rejectedRate: 0.25, correctedRate: 0.25 });
    expect(stats.byUser).toEqual({
      ana: { shown: 2, accepted: 1, rejected: 0, corrected: 1, acceptedRate: 0.5, rejectedRate: 0, correctedRate: 0.5 },
      ben: { shown: 2, accepted: 0, rejected: 1, corrected: 0, acceptedRate: 0, rejectedRate: 0.5, correctedRate: 0 },
    });
    expect(Object.keys(stats.byRecommender)).toEqual(['strings']);
    const text = await glossa('suggest', 'stats', '--project', 'news');
    expect(text.stdout).toContain('  all: shown 4, accepted 1 (25.0%), rejected 1 (25.0%), corrected 1 (25.0%)\n');
  });
});
