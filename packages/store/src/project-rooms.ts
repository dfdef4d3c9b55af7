/**
 * The rooms of a stored project: which layers its documents have, a room
 * loaded as a Y.Doc, and the issue for a project that does not exist.
 */
import * as Y from 'yjs';
import { contentRoom, parseRoom } from '@glossa/collab';
import type { FormatIssue } from '@glossa/formats';
import type { DataDir } from './data-dir.js';

/** The layers stored for one document, sorted. */
export async function documentLayers(data: DataDir, project: string, doc: string): Promise<string[]> {
  const layers: string[] = [];
  for (const room of await data.updates.listRooms(`${contentRoom(project, doc)}/layers/`)) {
    const parsed = parseRoom(room);
    if (parsed?.kind === 'layer' && parsed.project === project && parsed.doc === doc) layers.push(parsed.layer);
  }
  return layers;
}

/** The layers stored for any document of a project, sorted. */
export async function projectLayers(data: DataDir, project: string): Promise<string[]> {
  const layers = new Set<string>();
  for (const room of await data.updates.listRooms(`${project}/`)) {
    const parsed = parseRoom(room);
    if (parsed?.kind === 'layer' && parsed.project === project) layers.add(parsed.layer);
  }
  return [...layers].sort();
}

/** A stored room as a Y.Doc; a room the catalog promises but storage lacks is an error. */
export async function loadStoredDoc(data: DataDir, room: string): Promise<Y.Doc> {
  const state = await data.updates.load(room);
  if (state === null) throw new Error(`room "${room}" is listed in the catalog but has no stored state`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** An issue for a project that does not exist, listing the ones that do. */
export async function unknownProjectIssue(data: DataDir, project: string): Promise<FormatIssue> {
  const known = (await data.catalog.listProjects()).map((p) => p.id);
  return { field: 'project', message: `unknown project "${project}"; ${known.length === 0 ? 'there are no projects yet' : `expected one of ${known.join(', ')}`}` };
}
