/**
 * What a scope's recommender learns from and what of its predictions is
 * kept: the one place both the engine and `glossa suggest` read it.
 */
import type { LabeledSpan, TextDocument } from '@glossa/core';
import { scopeTrainingLayers } from '@glossa/collab';
import { dropAnnotated, dropRejected, type Suggestion, type TrainingExample } from '@glossa/suggest';
import type { CorpusLayer, ProjectCorpus } from './project-corpus.js';

/** A scope's training examples, and the text of every document (the ones to predict). */
export interface ScopeExamples {
  readonly examples: TrainingExample[];
  readonly documents: TextDocument[];
}

/**
 * The examples of `scope`: per document, the spans of the scope's training
 * layers (`scopeTrainingLayers`: its own layer and gold) with the given
 * labels, duplicates across layers once; documents without such spans are
 * not examples (nobody annotated them yet), but they are predicted.
 */
export async function scopeExamples(corpus: ProjectCorpus, docs: readonly string[], scope: string, labels: ReadonlySet<string>): Promise<ScopeExamples> {
  const examples: TrainingExample[] = [];
  const documents: TextDocument[] = [];
  for (const doc of docs) {
    // Cached rooms resolve at once: let the relay's other work run between documents.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const content = await corpus.content(doc);
    if (content === null) continue;
    documents.push({ id: doc, text: content.text });
    const spans: LabeledSpan[] = [];
    const seen = new Set<string>();
    for (const layer of scopeTrainingLayers(scope)) {
      for (const span of (await corpus.layer(doc, layer)).spans) {
        const key = `${span.start}:${span.end}:${span.label}`;
        if (!labels.has(span.label) || seen.has(key)) continue;
        seen.add(key);
        spans.push({ start: span.start, end: span.end, label: span.label });
      }
    }
    if (spans.length > 0) examples.push({ document: { id: doc, text: content.text }, spans });
  }
  return { examples, documents };
}

/**
 * What is kept of a document's predictions for a layer: the configured
 * labels, at least `minScore`, none whose text and label were rejected in
 * the layer, none a same-label span of the layer already overlaps.
 */
export function keptSuggestions(predicted: readonly Suggestion[], text: string, layer: CorpusLayer, labels: ReadonlySet<string>, minScore = 0): Suggestion[] {
  const kept = predicted.filter((s) => labels.has(s.label) && s.score >= minScore);
  return dropAnnotated(dropRejected(kept, text, layer.rejected), layer.spans);
}
