/**
 * The browser benchmark's workload: a 1 MB text from the seed corpus,
 * 10,000 annotations from a fixed seed, and the Yjs docs holding them, as
 * the files the page loads.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { createContentDoc, createRelation, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { seededRandom } from '../harness.js';
import type { BenchFixture } from './protocol.js';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Size of the benchmark document in UTF-16 code units. */
export const TEXT_SIZE = 1_000_000;
/** Number of seeded annotations. */
export const ANNOTATIONS = 10_000;
/** Number of seeded relations (in /layer-related.bin, beside the same annotations). */
export const RELATIONS = 1_000;

/** The seed texts repeated up to `TEXT_SIZE`, cut at a paragraph break. */
async function benchText(): Promise<string> {
  const dir = path.join(root, 'seeds');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.txt')).sort();
  const seeds = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  let text = '';
  for (let i = 0; text.length < TEXT_SIZE; i++) text += (text === '' ? '' : '\n') + (seeds[i % seeds.length] as string).trimEnd();
  const cut = text.lastIndexOf('\n', TEXT_SIZE);
  return text.slice(0, cut > 0 ? cut : TEXT_SIZE);
}

/** Whether `offset` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return offset > 0 && offset < text.length && code >= 0xdc00 && code <= 0xdfff;
}

/** 10,000 annotations from a fixed seed: 3 to 60 code units long, overlapping and nested by chance. */
function benchSpans(text: string): SpanAnnotation[] {
  const random = seededRandom(20_240_611);
  const labels = ['org', 'place', 'policy'];
  const spans: SpanAnnotation[] = [];
  while (spans.length < ANNOTATIONS) {
    let start = Math.floor(random() * (text.length - 80));
    let end = start + 3 + Math.floor(random() * 58);
    if (splitsPair(text, start)) start--;
    if (splitsPair(text, end)) end++;
    spans.push({
      id: `a${spans.length}`,
      start,
      end,
      label: labels[spans.length % labels.length] as string,
      author: 'bench',
      status: 'proposed',
      note: '',
      created: 0,
      source: 'import',
    });
  }
  return spans;
}

/**
 * 1,000 relations from a fixed seed between annotations near each other in
 * the text (an annotation and one of the twenty that start after it), as
 * relations in a document are: one per ten annotations.
 */
export function benchRelations(spans: readonly SpanAnnotation[]): { from: string; to: string }[] {
  const random = seededRandom(20_261_207);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const relations: { from: string; to: string }[] = [];
  const step = Math.floor(sorted.length / RELATIONS);
  for (let i = 0; relations.length < RELATIONS; i += step) {
    const at = i % sorted.length;
    const from = sorted[at] as SpanAnnotation;
    const to = sorted[Math.min(sorted.length - 1, at + 1 + Math.floor(random() * 20))] as SpanAnnotation;
    if (from.id !== to.id) relations.push({ from: from.id, to: to.id });
  }
  return relations;
}

/** Word ranges after `from` to annotate, one per measurement. */
function wordRanges(text: string, from: number, count: number): [number, number][] {
  const ranges: [number, number][] = [];
  const word = /[\p{L}\p{N}]{4,}/gu;
  word.lastIndex = from;
  for (let match = word.exec(text); match !== null && ranges.length < count; match = word.exec(text)) {
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** Builds the fixture (with `annotateCount` word ranges to annotate) and the Yjs updates the pages load. */
export async function buildWorkload(annotateCount: number): Promise<{ fixture: BenchFixture; files: Map<string, Uint8Array> }> {
  const text = await benchText();
  const spans = benchSpans(text);
  const middle = spans.filter((span) => span.start > text.length / 2).sort((a, b) => a.start - b.start)[0] as SpanAnnotation;
  const fixture: BenchFixture = {
    text,
    spans,
    caret: middle.start,
    annotateRanges: wordRanges(text, middle.start + 200, annotateCount),
    relations: RELATIONS,
  };
  const content = createContentDoc(text);
  const layer = new Y.Doc();
  writeAnnotations(layer, content, spans);
  // The same layer with relations.
  const related = new Y.Doc();
  Y.applyUpdate(related, Y.encodeStateAsUpdate(layer));
  related.transact(() => {
    for (const relation of benchRelations(spans)) createRelation(related, { ...relation, label: 'funds', author: 'bench', created: 0, source: 'import' });
  });
  const files = new Map<string, Uint8Array>([
    ['/fixture.json', new TextEncoder().encode(JSON.stringify(fixture))],
    ['/content.bin', Y.encodeStateAsUpdate(content)],
    ['/layer.bin', Y.encodeStateAsUpdate(layer)],
    ['/layer-related.bin', Y.encodeStateAsUpdate(related)],
    ['/layer-empty.bin', Y.encodeStateAsUpdate(new Y.Doc())],
  ]);
  return { fixture, files };
}

