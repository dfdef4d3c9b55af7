/**
 * Acceptance: `glossa import` and `POST /api/projects/:p/import` go through
 * the one import pipeline, so the same bytes give the same stored documents
 * (a byte-order mark, CRLF, emoji and combining marks included); `glossa
 * export` and `GET /api/projects/:p/export` go through the one export
 * pipeline, so the same request gives byte-identical files and the same
 * loss report, in every export format.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFormatNames, getFormat, type CorpusDocument } from '@glossa/formats';
import { GlossaServer, type LogContext, type Logger } from '@glossa/server';
import { hashPasswordSync, openDataDir, readProjectDocuments, type DataDir } from '@glossa/store';
import { CORPUS_FIXTURE, runGlossa } from '../packages/cli/test/support/run-cli.js';
import { readTarFiles } from './support/tar.js';

const BOM = '\ufeff';

/** Files imported through both pipelines: name and bytes. */
const IMPORTS: readonly [string, string, Uint8Array][] = [
  ['a .txt with a byte-order mark, CRLF, emoji and combining marks', 'bom.txt', utf8(`${BOM}Ban 😀 all; Cafe\u0301\r\n\r\nשלום 👩‍👩‍👧\r\n`)],
  ['a .txt with lone CRs and no final line break', 'old-mac.txt', utf8('first\rsecond\r\rthird')],
  ['a native JSONL with a byte-order mark, CRLF in its texts and spans of two annotators', 'two.jsonl', utf8(`${BOM}${jsonlLine('j1', 'Army 😀 patrols\r\nCafe\u0301 police', [[0, 4, 'militarization', 'alice'], [7, 14, 'militarization', 'bob']])}\n`)],
  ['a native JSONL with CRLF line ends between its records', 'crlf.jsonl', utf8(`${jsonlLine('k1', 'one', [])}\r\n${jsonlLine('k2', 'two 😀', [[4, 5, 'militarization', 'carol']])}\r\n`)],
];

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** One native JSONL record; spans `[start, end, label, annotator]` in code points. */
function jsonlLine(id: string, text: string, spans: readonly [number, number, string, string][]): string {
  return JSON.stringify({ id, text, spans: spans.map(([start, end, label, annotator]) => ({ start, end, label, annotator })) });
}

let root: string;
let server: GlossaServer;
let baseUrl: string;
let adminToken: string;
const infos: { message: string; context: LogContext }[] = [];

/** A data directory for the CLI side, and one the server serves. */
let cliData: string;
let serverData: string;

async function glossa(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runGlossa(root, argv);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'glossa-pipelines-'));
  cliData = path.join(root, 'cli-data');
  serverData = path.join(root, 'server-data');
  // Both projects start the same way, from the CLI test corpus (the seed schema), so REST imports into an existing project.
  writeFileSync(path.join(root, 'corpus.jsonl'), readFileSync(CORPUS_FIXTURE));
  for (const data of [cliData, serverData]) {
    const seeded = await glossa('import', 'corpus.jsonl', '--project', 'policy', '--mode', 'independent', '--data', data);
    expect(seeded.code).toBe(0);
  }
  const logger: Logger = { info: (message, context) => void infos.push({ message, context: context ?? {} }), warn: () => undefined, error: () => undefined };
  server = new GlossaServer({ dataDir: serverData, port: 0, logger });
  await server.users.addUser('root', hashPasswordSync('root-password'));
  await server.users.setRole('root', '*', 'admin');
  adminToken = (await server.tokens.issue('root', 'api', null)).token;
  baseUrl = `http://127.0.0.1:${await server.start()}`;
});

afterAll(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The documents of `project` as stored in a data directory, without creation times (each import has its own). */
async function storedDocuments(data: DataDir, project: string): Promise<CorpusDocument[]> {
  const read = await readProjectDocuments(data, project);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const docs: CorpusDocument[] = [];
  for await (const doc of read.value.documents) docs.push({ ...doc, spans: doc.spans.map((span) => ({ ...span, created: 0 })) });
  return docs;
}

describe('one import pipeline', () => {
  it.each(IMPORTS)('stores %s the same through the CLI and through REST', async (_what, name, bytes) => {
    const project = `in-${name.replace(/\W/g, '-')}`;
    // A project of the same schema on both sides: REST imports into existing projects only.
    for (const data of [cliData, serverData]) expect((await glossa('import', 'corpus.jsonl', '--project', project, '--data', data)).code).toBe(0);
    writeFileSync(path.join(root, name), bytes);
    const cli = await glossa('import', name, '--project', project, '--data', cliData);
    expect(cli.stderr).toBe('');
    const format = name.endsWith('.txt') ? 'txt' : 'jsonl';
    const res = await fetch(`${baseUrl}/api/projects/${project}/import?format=${format}&name=${name}`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` }, body: Buffer.from(bytes) });
    expect(res.status).toBe(201);

    const fromCli = openDataDir(cliData, { create: false });
    try {
      const cliDocs = await storedDocuments(fromCli, project);
      const restDocs = await storedDocuments(server.data, project);
      expect(restDocs).toEqual(cliDocs);
      if (name === 'bom.txt') expect(restDocs.find((d) => d.id === 'bom')?.text.startsWith(BOM)).toBe(true);
    } finally {
      await fromCli.close();
    }
  });

  it('refuses bytes that are not UTF-8 through both, naming the byte', async () => {
    writeFileSync(path.join(root, 'latin.txt'), Uint8Array.from([0x61, 0xe9, 0x62]));
    const cli = await glossa('import', 'latin.txt', '--project', 'policy', '--data', cliData);
    expect(cli.stderr).toMatch(/latin\.txt: invalid UTF-8 at byte offset 1/);
    const res = await fetch(`${baseUrl}/api/projects/policy/import?name=latin.txt`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` }, body: Uint8Array.from([0x61, 0xe9, 0x62]) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/latin\.txt: invalid UTF-8 at byte offset 1/);
  });
});

/** Every file under `dir` (relative, `/`-separated) with its bytes, reports left out. */
function filesUnder(dir: string, prefix = ''): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    if (statSync(path.join(dir, rel)).isDirectory()) for (const [file, bytes] of filesUnder(dir, rel)) files.set(file, bytes);
    else if (!name.endsWith('.report.json')) files.set(rel, readFileSync(path.join(dir, rel)));
  }
  return files;
}

/** The losses of a report as `kind:count`, comma-separated, as the server logs them. */
function lossSummary(losses: readonly { kind: string; count: number }[]): string {
  return losses.map((loss) => `${loss.kind}:${loss.count}`).join(',');
}

// The CLI exports from the data directory the server serves (as it may while the server runs), so both read the same rows.
describe('one export pipeline', () => {
  beforeAll(async () => {
    // A gold layer, and a text with a byte-order mark, CRLF and an emoji.
    const gold = jsonlLine('g1', `${BOM}Gold 😀 text\r\nover two lines`, [[0, 4, 'militarization', 'gold'], [5, 6, 'militarization', 'alice']]);
    const res = await fetch(`${baseUrl}/api/projects/policy/import?name=gold.jsonl`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` }, body: `${gold}\n` });
    expect(res.status).toBe(201);
  });

  it.each(exportFormatNames)('gives the same bytes and the same loss report for format %s', async (format) => {
    const adapter = getFormat(format);
    const out = path.join(root, 'out', format);
    mkdirSync(out, { recursive: true });
    // A tar holds the folder form, which the CLI writes at a path ending in /.
    const target = `out/${format}/policy`;
    const cli = await glossa('export', '--project', 'policy', '--format', format, '--out', `${target}/`, '--data', serverData);
    expect(cli.code).toBe(0);
    const cliFiles = filesUnder(path.join(root, target));
    const report = JSON.parse(readFileSync(path.join(root, `${target}.report.json`), 'utf8')) as { losses: { kind: string; count: number }[]; documents: number; spans: number };

    infos.length = 0;
    const res = await fetch(`${baseUrl}/api/projects/policy/export?format=${format}&archive=tar`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    const restFiles = readTarFiles(new Uint8Array(await res.arrayBuffer()));

    expect([...restFiles.keys()].sort()).toEqual([...cliFiles.keys()].sort());
    for (const [name, bytes] of cliFiles) expect(Buffer.from(restFiles.get(name) ?? []).equals(Buffer.from(bytes)), `${format}: ${name}`).toBe(true);
    const exported = infos.find((entry) => entry.message === 'project exported');
    expect(exported?.context).toMatchObject({ format, documents: report.documents, spans: report.spans, lost: lossSummary(report.losses) });

    // Without a tar, a file format is the one file the CLI writes at a file path.
    if (adapter?.kind !== 'file') return;
    const file = `out/${format}/policy${adapter.extension ?? ''}`;
    expect((await glossa('export', '--project', 'policy', '--format', format, '--out', file, '--data', serverData)).code).toBe(0);
    const single = await fetch(`${baseUrl}/api/projects/policy/export?format=${format}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(single.headers.get('content-disposition')).toBe(`attachment; filename="${path.basename(file)}"`);
    expect(Buffer.from(await single.arrayBuffer()).equals(readFileSync(path.join(root, file))), `${format}: one file`).toBe(true);
  });

  it('keeps every layer apart in the native JSONL of both, the gold layer beside the others', async () => {
    const res = await fetch(`${baseUrl}/api/projects/policy/export`, { headers: { Authorization: `Bearer ${adminToken}` } });
    const rest = await res.text();
    const cli = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', '-', '--data', serverData);
    expect(rest).toBe(cli.stdout);
    const gold = rest
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; text: string; spans: { annotator?: string }[] })
      .find((doc) => doc.id === 'g1');
    expect(gold?.text.startsWith(BOM)).toBe(true);
    expect(gold?.spans.map((s) => s.annotator ?? 'shared').sort()).toEqual(['alice', 'gold']);
  });
});
