/**
 * The checks every imported document passes before anything is written:
 * well-formed text, valid document and layer ids, spans and document labels
 * valid against the project's schema. Problems are issues naming the file,
 * the record and the field.
 */
import { validateDocumentLabels, validateSpans, type LabelSchema } from '@glossa/core';
import { isRoomId } from '@glossa/collab';
import type { CorpusDocument, CorpusSpan, FormatIssue } from '@glossa/formats';

/** What a valid project, document or layer id is, for messages. */
export const ID_EXPECTATION = "1–128 characters of letters, digits, '.', '_' and '-', starting with a letter, digit or '_'";

/** The layers a document has spans or document labels in, sorted. */
export function layersOf(doc: CorpusDocument): string[] {
  const layers = new Set<string>(doc.spans.map((s) => s.layer));
  for (const [layer, labels] of Object.entries(doc.labels)) if (Object.keys(labels).length > 0) layers.add(layer);
  return [...layers].sort();
}

/**
 * The UTF-16 offset of the first unpaired surrogate of `text`, or -1. Yjs
 * stores text as UTF-8, which cannot hold one: it would come back as U+FFFD.
 */
export function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (code >= 0xdc00 && code <= 0xdfff) return i;
  }
  return -1;
}

/** `unpaired surrogate U+D800 at code point 2; …` for the first unpaired surrogate of `text` at UTF-16 offset `at`. */
export function loneSurrogateMessage(text: string, at: number): string {
  const codePoint = Array.from(text.slice(0, at)).length;
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  return `unpaired surrogate U+${unit} at code point ${codePoint}; expected well-formed Unicode text`;
}

/** Checks one document against the schema (ids, text, layer names, spans, document labels), adding what is wrong to `issues`. */
export function checkDocument(doc: CorpusDocument, file: string, schema: LabelSchema, issues: FormatIssue[]): void {
  const record = doc.id;
  const lone = firstLoneSurrogate(doc.text);
  if (lone >= 0) issues.push({ file, record, field: 'text', message: loneSurrogateMessage(doc.text, lone) });
  if (!isRoomId(doc.id)) {
    issues.push({ file, record, field: 'id', message: `${JSON.stringify(doc.id)} is not a valid document id; expected ${ID_EXPECTATION}` });
  }
  for (const layer of layersOf(doc)) {
    if (!isRoomId(layer)) issues.push({ file, record, field: 'annotator', message: `${JSON.stringify(layer)} is not a valid layer name; expected ${ID_EXPECTATION}` });
  }
  const byLayer = new Map<string, CorpusSpan[]>();
  for (const span of doc.spans) byLayer.set(span.layer, [...(byLayer.get(span.layer) ?? []), span]);
  for (const [layer, spans] of byLayer) {
    for (const error of validateSpans(doc.text, spans, schema)) {
      issues.push({ file, record, field: `layer ${layer}: spans[${error.index}]`, message: error.message });
    }
  }
  for (const [layer, labels] of Object.entries(doc.labels)) {
    for (const error of validateDocumentLabels(labels, schema)) issues.push({ file, record, field: `layer ${layer}: labels`, message: error.message });
  }
}
