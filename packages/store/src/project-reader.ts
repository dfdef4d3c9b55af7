/**
 * Reading a stored project back as corpus documents: each document's text,
 * spans (with their fragments), relations and document labels, read from
 * its rooms one document at a time. Exports and agreement figures both
 * start here.
 */
import type * as Y from 'yjs';
import type { DocumentLabels } from '@glossa/core';
import { contentRoom, layerRoom, readContentText, readDocLabels, resolveLayer, withProvenance } from '@glossa/collab';
import { compareCorpusRelations, compareCorpusSpans, type CorpusDocument, type CorpusRelation, type CorpusSpan, type FormatIssue } from '@glossa/formats';
import { fail, ok, type Result } from '@glossa/core';
import type { ProjectRecord } from './catalog.js';
import type { DataDir } from './data-dir.js';
import { documentLayers, loadStoredDoc, projectLayers, unknownProjectIssue } from './project-rooms.js';

/** How `readProjectDocuments` reads a project. */
export interface ReadProjectOptions {
  /** Only these layers (each must exist in the project). @default every layer */
  readonly layers?: readonly string[];
  /** Told about each annotation whose text was deleted: it is kept in its layer but not read. */
  readonly onOrphan?: (issue: FormatIssue) => void;
  /** Told about each layer entry that does not follow the layout (written by a faulty client); it is not read. */
  readonly onLayerProblem?: (issue: FormatIssue) => void;
}

/** One layer room read as parts of a corpus document. */
export interface LayerCorpusParts {
  /** The annotations that cover text, with the layer's name, in the order `resolveLayer` gives. */
  readonly spans: CorpusSpan[];
  /**
   * The relations, live and dangling (an end deleted or orphaned), with the
   * layer's name; a relation hidden behind another of the same identity is
   * left out. Exports write the live ones and count the dangling ones.
   */
  readonly relations: CorpusRelation[];
  readonly labels: DocumentLabels;
  /** The annotations whose text was deleted, and malformed entries, as issues naming the document, layer and entry. */
  readonly orphans: FormatIssue[];
  readonly problems: FormatIssue[];
}

/**
 * Reads one layer room of document `docId` against its content room as the
 * parts of a corpus document (see `LayerCorpusParts`).
 */
export function readLayerParts(docId: string, layer: string, layerDoc: Y.Doc, content: Y.Doc): LayerCorpusParts {
  const resolved = resolveLayer(layerDoc, content);
  const spans = resolved.spans.map((span): CorpusSpan => ({ ...withProvenance(span, resolved.models.get(span.id)), layer }));
  const relations = [...resolved.relations.live, ...resolved.relations.dangling.map((d) => d.relation)].map((r): CorpusRelation => ({ ...r, layer }));
  const orphans = resolved.orphans.map(({ annotation, quote }): FormatIssue => ({
    record: docId,
    field: `layer ${layer}: annotation ${annotation.id}`,
    message: `the text under this "${annotation.label}" annotation (last seen as ${JSON.stringify(quote)}) was deleted; it is kept in the layer but not exported`,
  }));
  const problems = [
    ...resolved.problems.map((problem): FormatIssue => ({ record: docId, field: `layer ${layer}: annotation ${problem.id}.${problem.field}`, message: `${problem.message}; not exported` })),
    ...resolved.relations.problems.map((problem): FormatIssue => ({ record: docId, field: `layer ${layer}: relation ${problem.id}.${problem.field}`, message: `${problem.message}; not exported` })),
  ];
  return { spans, relations, labels: readDocLabels(layerDoc), orphans, problems };
}

/** A project and the documents a reader will read, once checked. */
export interface ProjectDocuments {
  readonly project: ProjectRecord;
  /** The layers read, sorted. */
  readonly layers: readonly string[];
  /** The documents, by id, read from storage one at a time. */
  readonly documents: AsyncIterable<CorpusDocument>;
}

/**
 * Opens a project for reading: checks the project and the requested layers
 * (an unknown layer is an issue listing the existing ones), then yields each
 * document's text, spans, relations and document labels read back from its
 * rooms (`readLayerParts`).
 * Spans are in canonical order (`compareCorpusSpans`); annotations whose
 * text was deleted are reported through `onOrphan`, never dropped silently,
 * and malformed layer entries through `onLayerProblem`.
 */
export async function readProjectDocuments(data: DataDir, project: string, options: ReadProjectOptions = {}): Promise<Result<ProjectDocuments, FormatIssue>> {
  const record = await data.catalog.getProject(project);
  if (!record) return fail([await unknownProjectIssue(data, project)]);
  const existing = await projectLayers(data, project);
  let layers = existing;
  if (options.layers !== undefined) {
    const unknown = options.layers.filter((l) => !existing.includes(l));
    if (unknown.length > 0) {
      const known = existing.length === 0 ? 'the project has no layers yet' : `expected one of ${existing.join(', ')}`;
      return fail(unknown.map((layer) => ({ field: 'layer', message: `unknown layer "${layer}" in project "${project}"; ${known}` })));
    }
    layers = [...new Set(options.layers)].sort();
  }
  const selected = new Set(layers);
  const { onOrphan, onLayerProblem } = options;
  async function* documents(): AsyncGenerator<CorpusDocument> {
    for (const doc of await data.catalog.listDocuments(project)) {
      const content = await loadStoredDoc(data, contentRoom(project, doc.id));
      const spans: CorpusSpan[] = [];
      const relations: CorpusRelation[] = [];
      const labels: Record<string, DocumentLabels> = {};
      for (const layer of await documentLayers(data, project, doc.id)) {
        if (!selected.has(layer)) continue;
        const layerDoc = await loadStoredDoc(data, layerRoom(project, doc.id, layer));
        const parts = readLayerParts(doc.id, layer, layerDoc, content);
        spans.push(...parts.spans);
        relations.push(...parts.relations);
        for (const issue of parts.orphans) onOrphan?.(issue);
        for (const issue of parts.problems) onLayerProblem?.(issue);
        if (Object.keys(parts.labels).length > 0) labels[layer] = parts.labels;
        layerDoc.destroy();
      }
      const text = readContentText(content);
      content.destroy();
      yield {
        id: doc.id,
        text,
        spans: spans.sort(compareCorpusSpans),
        ...(relations.length === 0 ? {} : { relations: relations.sort(compareCorpusRelations) }),
        labels,
        meta: doc.meta,
      };
    }
  }
  return ok({ project: record, layers, documents: documents() });
}
