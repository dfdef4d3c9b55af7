/**
 * `glossa recommender add|list|remove`: configurations stored through the
 * data directory's recommender store, pattern files and gazetteers checked
 * against the schema and copied in, and bad input refused with a message
 * naming the flag, file, line or label, changing nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDir } from '@glossa/store';
import { importCorpusFixture, runGlossa, writeUnder, type Run } from './support/run-cli.js';

let cwd: string;

beforeEach(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-recommender-'));
  expect((await importCorpusFixture(cwd)).code).toBe(0);
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

async function storedConfigs(): Promise<unknown> {
  const data = openDataDir(path.join(cwd, '.glossa'), { create: false });
  try {
    return (await data.recommenders.list('policy')).map(({ name, kind, config }) => ({ name, kind, config }));
  } finally {
    await data.close();
  }
}

describe('glossa recommender', () => {
  it('adds recommenders of every kind, lists them as a table and as JSON, and removes one', async () => {
    writeUnder(cwd, 'rules.jsonl', '{"label": "militarization", "pattern": [{"LOWER": "national"}, {"LOWER": "guard"}]}\n');
    writeUnder(cwd, 'places.tsv', 'National Guard\tmilitarization\n');
    expect(await glossa('recommender', 'add', 'strings', '--project', 'policy', '--kind', 'string-match', '--file', 'places.tsv')).toEqual({
      code: 0,
      stdout: 'Added string-match recommender strings to policy.\n',
      stderr: '',
    });
    expect((await glossa('recommender', 'add', 'rules', '--project', 'policy', '--kind', 'patterns', '--file', 'rules.jsonl')).code).toBe(0);
    expect((await glossa('recommender', 'add', 'themes', '--project', 'policy', '--kind', 'passage-classifier', '--labels', 'militarization,drug-policy')).code).toBe(0);
    expect((await glossa('recommender', 'add', 'remote', '--project', 'policy', '--kind', 'labelstudio', '--url', 'http://127.0.0.1:9090')).code).toBe(0);
    const table = await glossa('recommender', 'list', '--project', 'policy');
    expect(table.stdout).toBe(
      'remote\tlabelstudio\tevery label\thttp://127.0.0.1:9090\n' +
        'rules\tpatterns\tevery label\trules.jsonl\n' +
        'strings\tstring-match\tevery label\tplaces.tsv\n' +
        'themes\tpassage-classifier\tmilitarization,drug-policy\n',
    );
    const json = JSON.parse((await glossa('recommender', 'list', '--project', 'policy', '--json')).stdout) as { name: string; config: unknown }[];
    expect(json.find((r) => r.name === 'strings')?.config).toEqual({ file: { name: 'places.tsv', text: 'National Guard\tmilitarization\n' } });
    expect(await glossa('recommender', 'remove', 'rules', '--project', 'policy')).toEqual({ code: 0, stdout: 'Removed recommender rules from policy.\n', stderr: '' });
    expect(((await storedConfigs()) as { name: string }[]).map((r) => r.name)).toEqual(['remote', 'strings', 'themes']);
  });

  it('says so when a project has none', async () => {
    expect((await glossa('recommender', 'list', '--project', 'policy')).stdout).toBe('Project policy has no recommenders.\n');
  });

  /** [case, argv, message, exit code, files to write first] */
  const cases: [string, string[], RegExp, number, Record<string, string>?][] = [
    ['no action', ['recommender'], /glossa recommender: expected add, list or remove\n/, 2],
    ['an unknown action', ['recommender', 'train'], /expected add, list or remove, got "train"/, 2],
    ['a missing name', ['recommender', 'add', '--project', 'policy', '--kind', 'tagger'], /glossa recommender add: expected a recommender NAME/, 2],
    ['a missing project', ['recommender', 'add', 'x', '--kind', 'tagger'], /glossa recommender add: --project is required/, 2],
    ['a missing kind', ['recommender', 'add', 'x', '--project', 'policy'], /glossa recommender add: --kind is required/, 2],
    ['an unknown kind', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'crf'], /unknown --kind "crf"; expected one of string-match, patterns, passage-classifier, tagger, http, labelstudio/, 2],
    ['a bad name', ['recommender', 'add', 'a/b', '--project', 'policy', '--kind', 'tagger'], /recommender name "a\/b" must be 1–64 characters/, 2],
    ['an unknown project', ['recommender', 'add', 'x', '--project', 'nope', '--kind', 'tagger'], /glossa recommender add: unknown project "nope"; expected one of policy/, 1],
    ['an unknown label', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'tagger', '--labels', 'militarization,weather'], /recommender "x": labels: unknown label "weather"; expected one of /, 1],
    ['empty labels', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'tagger', '--labels', 'militarization,'], /bad --labels "militarization,"/, 2],
    ['a patterns recommender without a file', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'patterns'], /a patterns recommender needs a pattern file/, 1],
    ['a missing file', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'patterns', '--file', 'gone.jsonl'], /cannot read --file gone\.jsonl: no such file/, 1],
    [
      'a pattern file with an unsupported key',
      ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'patterns', '--file', 'p.jsonl'],
      /recommender "x": p\.jsonl:2: pattern\[0\]\.POS: unsupported/,
      1,
      { 'p.jsonl': '{"label": "militarization", "pattern": "army"}\n{"label": "militarization", "pattern": [{"POS": "NOUN"}]}\n' },
    ],
    ['a pattern with an unknown label', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'patterns', '--file', 'p.jsonl'], /p\.jsonl:1: .*unknown label "weather"/, 1, { 'p.jsonl': '{"label": "weather", "pattern": "rain"}\n' }],
    ['a gazetteer line without a label', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'string-match', '--file', 'g.tsv'], /recommender "x": g\.tsv:1: /, 1, { 'g.tsv': 'army\n' }],
    ['a file for a learning recommender', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'tagger', '--file', 'g.tsv'], /a tagger recommender learns from annotations and takes no file/, 1, { 'g.tsv': 'army\tmilitarization\n' }],
    ['an http recommender without a URL', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'http'], /a http recommender needs a url/, 1],
    ['a URL that is not http', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'http', '--url', 'file:///etc/passwd'], /url: expected an http:\/\/ or https:\/\/ URL, got "file:\/\/\/etc\/passwd"/, 1],
    ['a URL with credentials', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'labelstudio', '--url', 'http://u:p@host/'], /the URL must not hold credentials/, 1],
    ['a URL for a built-in kind', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'tagger', '--url', 'http://host/'], /a tagger recommender takes no url/, 1],
    ['add flags on list', ['recommender', 'list', '--project', 'policy', '--kind', 'tagger'], /glossa recommender list: --kind only applies to add/, 2],
    ['json on add', ['recommender', 'add', 'x', '--project', 'policy', '--kind', 'tagger', '--json'], /--json only applies to list/, 2],
    ['removing an unknown recommender', ['recommender', 'remove', 'x', '--project', 'policy'], /glossa recommender remove: project "policy" has no recommender "x"/, 1],
  ];

  it.each(cases)('refuses %s and stores nothing', async (_case, argv, stderr, code, files = {}) => {
    for (const [name, content] of Object.entries(files)) writeUnder(cwd, name, content);
    const run = await glossa(...argv);
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(await storedConfigs()).toEqual([]);
  });

  it('refuses a name already taken in the project', async () => {
    expect((await glossa('recommender', 'add', 'x', '--project', 'policy', '--kind', 'tagger')).code).toBe(0);
    const again = await glossa('recommender', 'add', 'x', '--project', 'policy', '--kind', 'string-match');
    expect(again.stderr).toMatch(/project "policy" already has a recommender named "x"; remove it first or choose another name/);
    expect(again.code).toBe(1);
    expect(await storedConfigs()).toEqual([{ name: 'x', kind: 'tagger', config: {} }]);
  });
});
