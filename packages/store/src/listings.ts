/**
 * Projects and documents as listings show them: every project with its
 * document count, and a project's documents with their length and the
 * number of annotations in each layer.
 */
import { fail, ok, type Result } from '@glossa/core';
import { ANNOTATIONS_MAP, contentRoom, layerRoom, readContentText, type ProjectMode } from '@glossa/collab';
import type { FormatIssue } from '@glossa/formats';
import type { DataDir } from './data-dir.js';
import type { DocumentSummaryCache, RoomFigure } from './document-summaries.js';
import { documentLayers, loadStoredDoc, unknownProjectIssue } from './project-rooms.js';

/** A project with its document count, for listings. */
export interface ProjectSummary {
  readonly id: string;
  readonly mode: ProjectMode;
  /** The schema's name. */
  readonly schema: string;
  readonly documents: number;
  readonly created: number;
}

/** A document with its layers and the number of annotations in each, for listings. */
export interface DocumentSummary {
  readonly id: string;
  readonly title?: string;
  /** Length of the text in Unicode code points. */
  readonly characters: number;
  /** Each layer with its number of annotations (orphaned ones included). */
  readonly layers: readonly { readonly layer: string; readonly spans: number }[];
}

/** Every project, by id, with its document count. */
export async function listProjectSummaries(data: DataDir): Promise<ProjectSummary[]> {
  const summaries: ProjectSummary[] = [];
  for (const p of await data.catalog.listProjects()) {
    summaries.push({ id: p.id, mode: p.mode, schema: p.schema.name, documents: (await data.catalog.listDocuments(p.id)).length, created: p.created });
  }
  return summaries;
}

/** How `describeDocuments` reads the rooms. */
export interface DescribeOptions {
  /**
   * Figures of rooms read before, reused for every room whose rows have not
   * changed since (see `DocumentSummaryCache`); it must belong to the same
   * store. @default none: every room is loaded
   */
  readonly summaries?: DocumentSummaryCache;
}

/**
 * The documents of a project with their layers and annotation counts, or an
 * issue when the project does not exist. Loads every content and layer room,
 * except those `options.summaries` knows unchanged. Rejects when a room the
 * catalog lists has no stored state, or a room that has to be loaded is
 * corrupt (`StorageLoadError`).
 *
 * @throws RangeError when `options.summaries` belongs to another store.
 */
export async function describeDocuments(data: DataDir, project: string, options: DescribeOptions = {}): Promise<Result<DocumentSummary[], FormatIssue>> {
  const { summaries } = options;
  if (summaries !== undefined && summaries.store !== data.updates) throw new RangeError('the summary cache belongs to another store than the data directory');
  const figureOf = (room: string, figure: RoomFigure): Promise<number> =>
    summaries === undefined ? measureRoom(data, room, figure) : summaries.figureOf(room, figure, () => measureRoom(data, room, figure));
  if (!(await data.catalog.getProject(project))) return fail([await unknownProjectIssue(data, project)]);
  const documents: DocumentSummary[] = [];
  for (const record of await data.catalog.listDocuments(project)) {
    const characters = await figureOf(contentRoom(project, record.id), 'characters');
    const layers: { layer: string; spans: number }[] = [];
    for (const layer of await documentLayers(data, project, record.id)) {
      layers.push({ layer, spans: await figureOf(layerRoom(project, record.id, layer), 'spans') });
    }
    documents.push({ id: record.id, ...(record.title === undefined ? {} : { title: record.title }), characters, layers });
  }
  return ok(documents);
}

/** Loads a room and measures it: a content room's text length in code points, or a layer room's number of annotations. */
async function measureRoom(data: DataDir, room: string, figure: RoomFigure): Promise<number> {
  const doc = await loadStoredDoc(data, room);
  try {
    return figure === 'characters' ? [...readContentText(doc)].length : doc.getMap(ANNOTATIONS_MAP).size;
  } finally {
    doc.destroy();
  }
}
