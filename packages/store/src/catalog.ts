/**
 * The catalog contract: projects (annotation mode, label schema) and their
 * documents. A document's text and annotations live in its rooms (see
 * `UpdateLog`); the catalog says which documents exist. Writes that span
 * both (an import) go through `Catalog.writeDocuments`, all or nothing.
 */
import type { LabelSchema } from '@glossa/core';
import { PROJECT_MODES, isRoomId, type ProjectMode } from '@glossa/collab';
import type { NamedRoomVersion, RoomUpdate } from './update-log.js';

/** A project as stored in the catalog. */
export interface ProjectRecord {
  /** Unique id, used as the first part of room names (`<project>/<doc>`). */
  readonly id: string;
  readonly mode: ProjectMode;
  /** The label schema annotations of this project are checked against. */
  readonly schema: LabelSchema;
  /** Base URL of the project's documents in exports (W3C ids), when set. */
  readonly baseUrl?: string;
  /** Creation time in milliseconds since the epoch. */
  readonly created: number;
}

/** A document of a project as stored in the catalog (its text lives in the content room). */
export interface DocumentRecord {
  readonly project: string;
  /** Unique id within the project. */
  readonly id: string;
  readonly title?: string;
  /** Free-form metadata (source file, import information). */
  readonly meta: Record<string, unknown>;
  /** Creation time in milliseconds since the epoch. */
  readonly created: number;
}

/** The fields of a new project; `created` defaults to now. */
export type NewProject = Omit<ProjectRecord, 'created'> & { readonly created?: number };

/** The fields of a new document; `meta` defaults to `{}` and `created` to now. */
export type NewDocument = Omit<DocumentRecord, 'created' | 'meta'> & {
  readonly meta?: Record<string, unknown>;
  readonly created?: number;
};

/** One document of a `DocumentsWrite`: its catalog entry and the first state of each of its rooms. */
export interface DocumentWrite {
  readonly document: NewDocument;
  /** The document's rooms (content and layers) with their initial update each. */
  readonly rooms: readonly RoomUpdate[];
}

/** Documents written into a project together: all of them, or none. */
export interface DocumentsWrite {
  readonly project: string;
  /** Creates the project first; it must not exist yet. Without it the project must exist. */
  readonly create?: NewProject;
  /** The documents, each in the write's project. */
  readonly documents: readonly DocumentWrite[];
  /**
   * Replace documents that exist: their catalog entry is overwritten and
   * every room of theirs is deleted before the new rooms are written.
   * Without it a document that exists fails the whole write.
   */
  readonly replace: boolean;
}

/** What `Catalog.writeDocuments` did. */
export interface DocumentsWritten {
  /** The ids of the documents that replaced existing ones, in write order. */
  readonly replaced: readonly string[];
}

/**
 * A project read at one moment: its record, its documents' ids in order and
 * the version of every stored room of the project. Any write to the project
 * changes it (see `RoomVersion`).
 */
export interface ProjectVersion {
  readonly project: ProjectRecord;
  readonly documents: readonly string[];
  readonly rooms: readonly NamedRoomVersion[];
}

/** A project's annotation guidelines: Markdown written by its admins and curators. */
export interface ProjectGuidelines {
  /** The guidelines in Markdown (CommonMark's everyday subset; raw HTML is shown as text). */
  readonly markdown: string;
  /** When they were last saved, in milliseconds since the epoch. */
  readonly updated: number;
  /** Who saved them last. */
  readonly updatedBy: string;
}

/** The most characters a project's guidelines may have. */
export const MAX_GUIDELINES_LENGTH = 200_000;

/**
 * Projects and documents. Every method resolves once the read or the write
 * is done; writes are committed when they resolve.
 */
export interface Catalog {
  /** Creates a project. Rejects with `CatalogConflictError` when the id is taken, `RangeError` for a bad id or mode. */
  createProject(project: NewProject): Promise<ProjectRecord>;
  /** The project with this id, or undefined. */
  getProject(id: string): Promise<ProjectRecord | undefined>;
  /** Every project, by id. */
  listProjects(): Promise<ProjectRecord[]>;
  /** Deletes a project and its document records (not its rooms); resolves whether it existed. */
  removeProject(id: string): Promise<boolean>;
  /**
   * Adds a document to an existing project. Rejects with
   * `UnknownProjectError` for an unknown project and `CatalogConflictError`
   * when the id is taken, unless `replace` is set (the old record is then
   * overwritten).
   */
  addDocument(document: NewDocument, options?: { readonly replace?: boolean }): Promise<DocumentRecord>;
  /** The document `id` of `project`, or undefined. */
  getDocument(project: string, id: string): Promise<DocumentRecord | undefined>;
  /** The documents of a project, by id (empty for an unknown project). */
  listDocuments(project: string): Promise<DocumentRecord[]>;
  /** Removes a document record (not its rooms); resolves whether it existed. */
  removeDocument(project: string, id: string): Promise<boolean>;
  /**
   * Writes documents and their rooms in one transaction: the project (when
   * `create` is given), each document's catalog entry, and each room's first
   * update in the update log of the same store. Rejects, having written
   * nothing, with `CatalogConflictError` (the project to create exists, or a
   * document exists and `replace` is not set), `UnknownProjectError` (the
   * project does not exist and is not created) or `RangeError` (a bad id).
   */
  writeDocuments(write: DocumentsWrite): Promise<DocumentsWritten>;
  /** The project with its documents and the versions of its rooms, read in one transaction; undefined for an unknown project. */
  projectVersion(project: string): Promise<ProjectVersion | undefined>;
  /** The project's guidelines, or undefined when none were saved (or the project is unknown). */
  getGuidelines(project: string): Promise<ProjectGuidelines | undefined>;
  /**
   * Saves the project's guidelines, replacing any saved before. Rejects with
   * `UnknownProjectError` for an unknown project and `RangeError` for text
   * over `MAX_GUIDELINES_LENGTH` characters. Removing the project removes them.
   */
  setGuidelines(project: string, markdown: string, by: string): Promise<ProjectGuidelines>;
}

/** A catalog write named a project or document that already exists. */
export class CatalogConflictError extends Error {
  override readonly name = 'CatalogConflictError';
}

/** A catalog write named a project that does not exist. */
export class UnknownProjectError extends Error {
  override readonly name = 'UnknownProjectError';
  constructor(readonly project: string) {
    super(`unknown project "${project}"`);
  }
}

/** Checks a project or document id for a catalog write. @throws RangeError (TypeError for a non-string). */
export function checkCatalogId(kind: 'project' | 'document', id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new TypeError(`${kind} id must be a string`);
  if (!isRoomId(id)) throw new RangeError(`${kind} id ${JSON.stringify(id)} is not 1–128 characters of [A-Za-z0-9._-] starting with a letter, digit or '_'`);
}

/** Checks a new project's id and mode. @throws RangeError */
export function checkNewProject(project: NewProject): void {
  checkCatalogId('project', project.id);
  if (!PROJECT_MODES.includes(project.mode)) throw new RangeError(`project mode must be one of ${PROJECT_MODES.join(', ')}, got ${String(project.mode)}`);
}

/** The record a new project is stored as: `created` filled in. */
export function projectRecord(project: NewProject, now: number): ProjectRecord {
  return {
    id: project.id,
    mode: project.mode,
    schema: project.schema,
    ...(project.baseUrl === undefined ? {} : { baseUrl: project.baseUrl }),
    created: project.created ?? now,
  };
}

/** The record a new document is stored as: `meta` and `created` filled in. */
export function documentRecord(document: NewDocument, now: number): DocumentRecord {
  return {
    project: document.project,
    id: document.id,
    ...(document.title === undefined ? {} : { title: document.title }),
    meta: document.meta ?? {},
    created: document.created ?? now,
  };
}
