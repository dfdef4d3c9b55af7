/**
 * A data directory through `@glossa/store` alone, as a script or the CLI
 * uses it (no server): a project imported, read back after the directory is
 * closed and opened again, exported, and the export imported into a second
 * directory gives the same documents and the same export bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabelSchema } from '@glossa/core';
import { MemorySink, type CorpusDocument } from '@glossa/formats';
import { importFiles, openData, openProjectExport, readProjectDocuments, type DataDir } from '@glossa/store';

const schema: LabelSchema = {
  version: 1,
  name: 'round trip',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'place', name: 'Place', description: 'A place.', color: '#81b29a' },
    { id: 'force', name: 'Force', description: 'An armed force.', color: '#e07a5f' },
  ],
  documentLabels: [{ id: 'kind', name: 'Kind', choice: 'single', values: ['news', 'interview'] }],
};

/** Native JSONL in its canonical form (what the export writes back), offsets in code points. */
const CORPUS =
  [
    '{"id":"a","text":"The army 😀 patrols Lima\\r\\nCafe\u0301 closed","spans":[{"id":"s1","start":4,"end":8,"label":"force","annotator":"alice","status":"accepted","note":"clear"},{"id":"s2","start":19,"end":23,"label":"place","annotator":"bob"}],"annotatorLabels":{"alice":{"kind":"news"}},"meta":{"title":"Patrols"}}',
    '{"id":"b","text":"שלום and nothing else","spans":[{"id":"s1","start":0,"end":4,"label":"place","annotator":"gold","status":"rejected"}]}',
  ].join('\n') + '\n';

const dirs: string[] = [];
beforeEach(() => {
  dirs.length = 0;
});
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'glossa-round-trip-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}

async function documents(data: DataDir, project: string): Promise<CorpusDocument[]> {
  const read = await readProjectDocuments(data, project);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const docs: CorpusDocument[] = [];
  for await (const doc of read.value.documents) docs.push(doc);
  return docs;
}

async function exportJsonl(data: DataDir, project: string): Promise<string> {
  const opened = await openProjectExport(data, project, { format: 'jsonl' });
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
  const sink = new MemorySink();
  const report = await opened.value.run(sink);
  expect(report.losses).toEqual([]);
  return new TextDecoder().decode(sink.files.get(`${project}.jsonl`));
}

describe('a data directory through @glossa/store alone', () => {
  it('imports a project, reads it back after reopening, and exports what it imported', async () => {
    const dir = newDir();
    const first = await openData(dir);
    try {
      const imported = await importFiles(
        first,
        [
          { format: 'jsonl', files: [{ path: 'corpus.jsonl', bytes: new TextEncoder().encode(CORPUS) }] },
          { format: 'txt', files: [{ path: 'note.txt', bytes: new TextEncoder().encode('\ufeffA note\r\n') }] },
        ],
        { project: 'trip', mode: 'independent', schema, now: 5 },
      );
      expect(imported).toEqual({ ok: true, value: { project: 'trip', projectCreated: true, documents: ['a', 'b', 'note'], replaced: [], spans: 3, layers: ['alice', 'bob', 'gold'] } });
    } finally {
      await first.close();
    }

    const again = await openData(dir, { create: false });
    try {
      const docs = await documents(again, 'trip');
      expect(docs.map((d) => d.id)).toEqual(['a', 'b', 'note']);
      expect(docs[2]?.text).toBe('\ufeffA note\r\n');
      expect(docs[0]?.spans.map((s) => [s.layer, docs[0]?.text.slice(s.start, s.end), s.status, s.created])).toEqual([
        ['alice', 'army', 'accepted', 5],
        ['bob', 'Lima', 'proposed', 5],
      ]);
      const exported = await exportJsonl(again, 'trip');
      expect(exported).toBe(CORPUS + '{"id":"note","text":"\ufeffA note\\r\\n","spans":[],"meta":{"source":"note.txt"}}\n');

      const copy = await openData(newDir());
      try {
        const reimported = await importFiles(copy, [{ format: 'jsonl', files: [{ path: 'trip.jsonl', bytes: new TextEncoder().encode(exported) }] }], { project: 'trip', mode: 'independent', schema, now: 5 });
        expect(reimported.ok).toBe(true);
        expect(await documents(copy, 'trip')).toEqual(docs);
        expect(await exportJsonl(copy, 'trip')).toBe(exported);
      } finally {
        await copy.close();
      }
    } finally {
      await again.close();
    }
  });
});
