/**
 * `importFiles`: files of any importable format into a project, all or
 * nothing, with messages naming the file as the user gave it.
 */
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '@glossa/core';
import { formatIssue, type CorpusDocument, type ImportFile } from '@glossa/formats';
import { FILE_IMPORT_FORMATS } from '../src/import-sources.js';
import { importFiles } from '../src/project-import.js';
import type { SqliteDataDir } from '../src/sqlite/data-dir.js';
import { storedRows } from '../src/testing.js';
import { dataDirPerTest, readDocuments } from './support/data-dir.js';

let data: SqliteDataDir;
dataDirPerTest('glossa-import-files-', (opened) => (data = opened));

const schema: LabelSchema = {
  version: 1,
  name: 'test schema',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'HATE', name: 'Hate', description: 'Hateful text.', color: '#ff8888' },
    { id: 'SPAM', name: 'Spam', description: 'Spam.', color: '#88ff88' },
  ],
  documentLabels: [],
};

function file(filePath: string, content: string | Uint8Array): ImportFile {
  return { path: filePath, bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content };
}

function dump(): unknown {
  return storedRows(data);
}

function exported(project: string): Promise<CorpusDocument[]> {
  return readDocuments(data, project);
}

describe('importFiles', () => {
  it('reads every importable format the formats package has', () => {
    expect([...FILE_IMPORT_FORMATS].sort()).toEqual(['brat', 'conll', 'doccano', 'html', 'jsonl', 'labelstudio', 'md', 'txt', 'w3c', 'webanno']);
  });

  it('merges one CoNLL file per annotator into one document with a layer each', async () => {
    const alice = file('corpus.alice.conll', '-DOCSTART- -X- -X- O\n\nBan -X- _ B-HATE\nall -X- _ I-HATE\nspam -X- _ O\n');
    const bob = file('corpus.bob.conll', '-DOCSTART- -X- -X- O\n\nBan -X- _ O\nall -X- _ O\nspam -X- _ B-SPAM\n');
    const result = await importFiles(data, [{ format: 'conll', root: 'exports', files: [alice, bob] }], { project: 'p', schema });
    expect(result.ok && result.value).toMatchObject({ documents: ['corpus-1'], spans: 2, layers: ['alice', 'bob'] });
    const [doc] = await exported('p');
    expect(doc?.spans.map((s) => `${s.layer} ${doc.text.slice(s.start, s.end)} ${s.label}`)).toEqual(['alice Ban all HATE', 'bob spam SPAM']);
  });

  it('refuses the same document id twice when the layers collide or the texts differ', async () => {
    const line = (id: string, text: string, annotator: string): string => JSON.stringify({ id, text, spans: [{ start: 0, end: 1, label: 'HATE', annotator }] }) + '\n';
    const before = dump();
    const result = await importFiles(
      data,
      [
        { format: 'jsonl', root: 'one', files: [file('a.jsonl', line('d', 'Ban', 'alice'))] },
        { format: 'jsonl', root: 'two', files: [file('a.jsonl', line('d', 'Ban', 'alice'))] },
        { format: 'jsonl', root: 'three', files: [file('b.jsonl', line('d', 'Bun', 'bob'))] },
      ],
      { project: 'p', schema },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map(formatIssue)).toEqual([
        'two/a.jsonl: record d: id: document "d" appears twice in this import (first in one/a.jsonl); expected unique ids',
        'three/b.jsonl: record d: id: document "d" appears twice in this import (first in one/a.jsonl); expected unique ids',
      ]);
    }
    expect(dump()).toEqual(before);
  });

  it('merges the same document from several annotators\' JSONL files', async () => {
    const line = (annotator: string, label: string): string => JSON.stringify({ id: 'd', text: 'Ban all spam', spans: [{ start: 0, end: 3, label, annotator }] }) + '\n';
    const result = await importFiles(data, [{ format: 'jsonl', files: [file('alice.jsonl', line('alice', 'HATE')), file('bob.jsonl', line('bob', 'SPAM'))] }], { project: 'p', schema });
    expect(result.ok && result.value).toMatchObject({ documents: ['d'], spans: 2, layers: ['alice', 'bob'] });
  });

  it('keeps a .txt file exactly, CRLF and byte-order mark included', async () => {
    const text = '\ufeffBan 😀 all\r\nCafe\u0301; שלום\r\n';
    const result = await importFiles(data, [{ format: 'txt', root: 'in', files: [file('note.txt', text)] }], { project: 'p', schema });
    expect(result.ok).toBe(true);
    const [doc] = await exported('p');
    expect(doc).toMatchObject({ id: 'note', text, meta: { source: 'note.txt' } });
  });

  it('names files as <root>/<path> in messages and writes nothing', async () => {
    const before = dump();
    const result = await importFiles(
      data,
      [
        { format: 'brat', root: 'exports/brat/', files: [file('alice/d.txt', 'a😀b'), file('alice/d.ann', 'T1\tHATE 0 2\tab')] },
        { format: 'jsonl', root: 'exports', files: [file('c.jsonl', '{"id":"c","text":"abc","spans":[{"start":0,"end":9,"label":"HATE"}]}\n')] },
      ],
      { project: 'p', schema },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const messages = result.errors.map(formatIssue);
      expect(messages[0]).toMatch(/^exports\/brat\/alice\/d\.ann:1: text: text 'ab' does not match/);
      expect(messages[1]).toMatch(/^exports\/c\.jsonl:1: spans\[0\]\.end: /);
    }
    expect(dump()).toEqual(before);
  });

  it.each(['txt', 'jsonl', 'conll'])('refuses a %s file over the size limit', async (format) => {
    const result = await importFiles(data, [{ format, files: [file(`big.${format}`, 'x'.repeat(101))] }], { project: 'p', schema, maxBytes: 100 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map(formatIssue)).toEqual([`big.${format}: file is 101 bytes, over the import limit of 100 bytes`]);
    expect(await data.catalog.getProject('p')).toBeUndefined();
  });

  it('refuses files that hold no documents', async () => {
    const result = await importFiles(data, [{ format: 'jsonl', files: [file('empty.jsonl', '\n')] }], { project: 'p', schema });
    expect(result).toEqual({ ok: false, errors: [{ message: 'the files hold no documents; expected at least one document' }] });
    expect(await data.catalog.getProject('p')).toBeUndefined();
  });

  it('throws a RangeError for a format that cannot import', async () => {
    await expect(importFiles(data, [{ format: 'csv', files: [file('a.csv', 'x')] }], { project: 'p', schema })).rejects.toThrow(RangeError);
  });
});
