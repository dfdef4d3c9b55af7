/**
 * Relations and discontinuous spans from files into rooms and from rooms
 * into every export: a JSONL or brat import writes them into the layer rooms, an
 * edit made in a room (a span deleted by a client that does not delete its
 * relations, a span's text deleted) leaves relations dangling, and the
 * brat and JSONL exports carry the live relations and fragments and count
 * the dangling ones in their loss report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseSchemaJson, type LabelSchema } from '@glossa/core';
import { ANNOTATIONS_MAP, contentRoom, editContentText, layerRoom, resolveLayer } from '@glossa/collab';
import { MemorySink, type ExportReport } from '@glossa/formats';
import { importFiles, openData, openProjectExport, readProjectDocuments, type DataDir } from '@glossa/store';

const schema: LabelSchema = {
  version: 1,
  name: 'relations',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'measure', name: 'Measure', description: 'A policy measure.', color: '#81b29a' },
    { id: 'budget', name: 'Budget', description: 'A budget line.', color: '#e07a5f' },
    { id: 'force', name: 'Force', description: 'An armed force.', color: '#f2cc8f' },
  ],
  documentLabels: [],
  relationLabels: [
    { id: 'funded-by', name: 'Funded by', description: 'Paid from.', directed: true, sourceLabels: ['measure'], targetLabels: ['budget'], color: '#3d405b' },
    { id: 'same', name: 'Same', description: 'The same thing.', directed: false, color: '#5f797b' },
  ],
};

// Offsets in code points: "The patrol (m1) is funded by line 4 (b1); the National … Guard (g1) and the army (f1) …"
const TEXT = 'The patrol is funded by line 4. The National and local Guard, the army.';
const at = (s: string, from = 0): [number, number] => {
  const i = TEXT.indexOf(s, from);
  return [i, i + s.length];
};
const [m1s, m1e] = at('patrol');
const [b1s, b1e] = at('line 4');
const [nats, nate] = at('National');
const [gus, gue] = at('Guard');
const [fs, fe] = at('army');
const LINE = JSON.stringify({
  id: 'd1',
  text: TEXT,
  spans: [
    { id: 'm1', start: m1s, end: m1e, label: 'measure', annotator: 'ana' },
    { id: 'b1', start: b1s, end: b1e, label: 'budget', annotator: 'ana' },
    { id: 'g1', start: nats, end: gue, fragments: [[nats, nate], [gus, gue]], label: 'force', annotator: 'ana' },
    { id: 'f1', start: fs, end: fe, label: 'force', annotator: 'ana' },
  ],
  relations: [
    { id: 'r1', from: 'm1', to: 'b1', label: 'funded-by', annotator: 'ana' },
    { id: 'r2', from: 'g1', to: 'f1', label: 'same', directed: false, annotator: 'ana' },
  ],
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function exportWith(data: DataDir, format: string): Promise<{ files: Map<string, string>; report: ExportReport }> {
  const opened = await openProjectExport(data, 'p', { format });
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
  const sink = new MemorySink();
  const report = await opened.value.run(sink);
  return { files: new Map([...sink.files].map(([name, bytes]) => [name, new TextDecoder().decode(bytes)])), report };
}

/** Applies `edit` to a stored room and stores the change as an update. */
async function editRoom(data: DataDir, room: string, edit: (doc: Y.Doc) => void): Promise<void> {
  const doc = new Y.Doc();
  const state = await data.updates.load(room);
  if (state === null) throw new Error(`no room ${room}`);
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  edit(doc);
  await data.updates.append(room, Y.encodeStateAsUpdate(doc, before));
}

async function loadRoom(data: DataDir, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const state = await data.updates.load(room);
  if (state !== null) Y.applyUpdate(doc, state);
  return doc;
}

describe('relations and fragments between files, rooms and exports', () => {
  it('imports them into the layer room, and exports them through JSONL and brat', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'glossa-relations-'));
    dirs.push(dir);
    const data = await openData(path.join(dir, 'data'));
    try {
      const imported = await importFiles(data, [{ format: 'jsonl', files: [{ path: 'c.jsonl', bytes: new TextEncoder().encode(LINE + '\n') }] }], { project: 'p', schema, now: 5 });
      expect(imported.ok).toBe(true);
      const layer = await loadRoom(data, layerRoom('p', 'd1', 'ana'));
      const content = await loadRoom(data, contentRoom('p', 'd1'));
      const resolved = resolveLayer(layer, content);
      expect(resolved.relations.live.map((r) => [r.id, r.from, r.to, r.label, r.directed])).toEqual([
        ['r1', 'm1', 'b1', 'funded-by', true],
        ['r2', 'g1', 'f1', 'same', false],
      ]);
      expect(resolved.spans.find((s) => s.id === 'g1')?.fragments).toEqual([[nats, nate], [gus, gue]]);

      const jsonl = await exportWith(data, 'jsonl');
      expect(jsonl.report.losses).toEqual([]);
      const line = JSON.parse(jsonl.files.get('p.jsonl') ?? '{}') as { spans: { id: string; fragments?: number[][] }[]; relations: { id: string; from: string; to: string; label: string }[] };
      expect(line.spans.find((s) => s.id === 'g1')?.fragments).toEqual([[nats, nate], [gus, gue]]);
      expect(line.relations.map((r) => [r.id, r.from, r.to, r.label])).toEqual([
        ['r1', 'm1', 'b1', 'funded-by'],
        ['r2', 'g1', 'f1', 'same'],
      ]);

      const brat = await exportWith(data, 'brat');
      expect(brat.report.losses).toEqual([]);
      const ann = [...brat.files].find(([name]) => name.endsWith('.ann'))?.[1] ?? '';
      expect(ann).toMatch(new RegExp(`^T\\d+\\tforce ${nats} ${nate};${gus} ${gue}\\tNational Guard$`, 'm'));
      expect(ann).toMatch(/^R\d+\tfunded-by Arg1:T\d+ Arg2:T\d+$/m);
      expect(ann).toMatch(/^\*\tsame T\d+ T\d+$/m);
    } finally {
      await data.close();
    }
  });

  it('counts the relations an edit in the rooms left dangling in the loss report, and exports the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'glossa-relations-'));
    dirs.push(dir);
    const data = await openData(path.join(dir, 'data'));
    try {
      const imported = await importFiles(data, [{ format: 'jsonl', files: [{ path: 'c.jsonl', bytes: new TextEncoder().encode(LINE + '\n') }] }], { project: 'p', schema, now: 5 });
      expect(imported.ok).toBe(true);
      // A client that knows nothing of relations deletes m1; another deletes the army's text.
      await editRoom(data, layerRoom('p', 'd1', 'ana'), (doc) => doc.getMap(ANNOTATIONS_MAP).delete('m1'));
      await editRoom(data, contentRoom('p', 'd1'), (doc) => editContentText(doc, fs, fe - fs, ''));

      const orphans: string[] = [];
      const read = await readProjectDocuments(data, 'p', { onOrphan: (issue) => orphans.push(issue.field ?? '') });
      if (!read.ok) throw new Error(JSON.stringify(read.errors));
      for await (const doc of read.value.documents) expect(doc.relations?.map((r) => r.id)).toEqual(['r1', 'r2']);
      expect(orphans).toEqual(['layer ana: annotation f1']);

      for (const format of ['jsonl', 'brat']) {
        const { files, report } = await exportWith(data, format);
        expect(report.losses.map((l) => [l.kind, l.count]), format).toEqual([['dangling-relation', 2]]);
        const written = [...files.values()].join('\n');
        expect(written).not.toMatch(/funded-by|"relations"|\tsame /);
        expect(written).toMatch(format === 'brat' ? /force \d+ \d+;\d+ \d+/ : /"fragments"/);
      }
    } finally {
      await data.close();
    }
  });

  it('imports brat with fragments, R and * lines into the layer room, and exports them back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'glossa-relations-'));
    dirs.push(dir);
    const data = await openData(path.join(dir, 'data'));
    const fixture = new URL('../../formats/test/fixtures/relations/', import.meta.url);
    const parsed = parseSchemaJson(readFileSync(new URL('schema.json', fixture), 'utf8'));
    if (!parsed.ok) throw new Error('the fixture schema does not parse');
    const bratSchema = parsed.value;
    try {
      const files = ['policy.ann', 'policy.txt'].map((name) => ({ path: name, bytes: readFileSync(new URL(`brat/${name}`, fixture)) }));
      const imported = await importFiles(data, [{ format: 'brat', files }], { project: 'p', schema: bratSchema, now: 5 });
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
      const [layerName] = imported.value.layers;
      const layer = await loadRoom(data, layerRoom('p', 'policy', layerName as string));
      const content = await loadRoom(data, contentRoom('p', 'policy'));
      const resolved = resolveLayer(layer, content);
      // Three R lines and one equivalence, live; T1 in two pieces.
      expect(resolved.relations.live.map((r) => [r.label, r.directed]).sort()).toEqual([
        ['funded-by', true],
        ['funded-by', true],
        ['funded-by', true],
        ['same-as', false],
      ]);
      expect(resolved.spans.filter((s) => s.fragments !== undefined).map((s) => s.fragments)).toEqual([[[4, 12], [23, 28]]]);
      const brat = await exportWith(data, 'brat');
      expect(brat.report.losses.filter((l) => ['relation', 'dangling-relation', 'fragment'].includes(l.kind))).toEqual([]);
      const ann = [...brat.files].find(([name]) => name.endsWith('.ann'))?.[1] ?? '';
      expect(ann.match(/^R\d+\tfunded-by /gm)).toHaveLength(3);
      expect(ann).toMatch(/^\*\tsame-as T\d+ T\d+$/m);
      expect(ann).toMatch(/^T\d+\tmeasure 4 12;23 28\tNational Guard$/m);
    } finally {
      await data.close();
    }
  });
});
