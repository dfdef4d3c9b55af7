/**
 * Which document to annotate next: a project's documents ranked for a
 * suggestion scope by expected usefulness (`rankDocuments` of
 * `@glossa/suggest`: uncertainty of the scope's suggestions × novelty
 * against the documents the scope's training layers already annotate).
 */
import * as Y from 'yjs';
import { readSuggestionEntries, scopeTrainingLayers, suggestionRoom } from '@glossa/collab';
import type { DataDir } from '@glossa/store';
import { rankDocuments, type DocumentToRank, type RankedDocument } from '@glossa/suggest';
import { ProjectCorpus } from './project-corpus.js';

/** A project's documents for one scope: those left to annotate, most useful first, and those annotated. */
export interface DocumentRanking {
  readonly scope: string;
  /** Documents no training layer of the scope annotates yet, most useful first. */
  readonly ranked: readonly RankedDocument[];
  /** Documents a training layer of the scope annotates, sorted. */
  readonly annotated: readonly string[];
}

async function suggestionScores(data: DataDir, room: string): Promise<number[]> {
  const state = await data.updates.load(room);
  if (state === null) return [];
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readSuggestionEntries(doc).entries.map((e) => e.score);
  } finally {
    doc.destroy();
  }
}

/** Ranks the documents of `project` for `scope` (see the module comment). */
export async function rankProjectDocuments(data: DataDir, project: string, scope: string): Promise<DocumentRanking> {
  const corpus = new ProjectCorpus(data, project);
  const documents: DocumentToRank[] = [];
  for (const id of await corpus.documents()) {
    const content = await corpus.content(id);
    if (content === null) continue;
    let annotated = false;
    for (const layer of scopeTrainingLayers(scope)) if ((await corpus.layer(id, layer)).spans.length > 0) annotated = true;
    documents.push({ id, text: content.text, annotated, scores: await suggestionScores(data, suggestionRoom(project, id, scope)) });
  }
  corpus.clear();
  return { scope, ranked: rankDocuments(documents), annotated: documents.filter((d) => d.annotated).map((d) => d.id).sort() };
}
