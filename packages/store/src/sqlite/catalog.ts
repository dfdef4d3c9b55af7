/**
 * The project catalog: projects (annotation mode, label schema) and their
 * documents, in the same SQLite file as the room updates so an import can
 * write both in one transaction.
 */
import type Database from 'better-sqlite3';
import type { LabelSchema } from '@glossa/core';
import { PROJECT_MODES, isRoomId, type ProjectMode } from '@glossa/collab';

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

function checkId(kind: string, id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new TypeError(`${kind} id must be a string`);
  if (!isRoomId(id)) throw new RangeError(`${kind} id ${JSON.stringify(id)} is not 1–128 characters of [A-Za-z0-9._-] starting with a letter, digit or '_'`);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS projects (
  id TEXT PRIMARY KEY,
  mode TEXT NOT NULL CHECK (mode IN ('shared', 'independent')),
  schema TEXT NOT NULL,
  base_url TEXT,
  created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  project TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  title TEXT,
  meta TEXT NOT NULL,
  created INTEGER NOT NULL,
  PRIMARY KEY (project, id)
);
`;

interface ProjectRow {
  id: string;
  mode: ProjectMode;
  schema: string;
  base_url: string | null;
  created: number;
}

interface DocumentRow {
  project: string;
  id: string;
  title: string | null;
  meta: string;
  created: number;
}

function toProject(row: ProjectRow): ProjectRecord {
  const schema = JSON.parse(row.schema) as LabelSchema;
  return { id: row.id, mode: row.mode, schema, ...(row.base_url === null ? {} : { baseUrl: row.base_url }), created: row.created };
}

function toDocument(row: DocumentRow): DocumentRecord {
  const meta = JSON.parse(row.meta) as Record<string, unknown>;
  return { project: row.project, id: row.id, ...(row.title === null ? {} : { title: row.title }), meta, created: row.created };
}

/**
 * Projects and documents in a SQLite database (usually `SqliteStore.db`).
 * Methods are synchronous so they can share a transaction with room writes.
 *
 * @example
 * const catalog = new Catalog(store.db);
 * catalog.createProject({ id: 'policy', mode: 'shared', schema });
 * catalog.addDocument({ project: 'policy', id: 'doc1', title: 'A mayor' });
 */
export class Catalog {
  private readonly db: Database.Database;

  /** Opens the catalog in `db`, creating its tables when needed. */
  constructor(db: Database.Database) {
    this.db = db;
    db.exec(SCHEMA);
  }

  /** Creates a project. Throws `CatalogConflictError` when the id is taken, `RangeError` for a bad id or mode. */
  createProject(project: NewProject): ProjectRecord {
    checkId('project', project.id);
    if (!PROJECT_MODES.includes(project.mode)) throw new RangeError(`project mode must be one of ${PROJECT_MODES.join(', ')}, got ${String(project.mode)}`);
    if (this.getProject(project.id)) throw new CatalogConflictError(`project "${project.id}" already exists`);
    const record: ProjectRecord = {
      id: project.id,
      mode: project.mode,
      schema: project.schema,
      ...(project.baseUrl === undefined ? {} : { baseUrl: project.baseUrl }),
      created: project.created ?? Date.now(),
    };
    this.db
      .prepare('INSERT INTO projects (id, mode, schema, base_url, created) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, record.mode, JSON.stringify(record.schema), record.baseUrl ?? null, record.created);
    return record;
  }

  /** The project with this id, or undefined. */
  getProject(id: string): ProjectRecord | undefined {
    const row = this.db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?').get(id);
    return row && toProject(row);
  }

  /** Every project, by id. */
  listProjects(): ProjectRecord[] {
    return this.db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY id').all().map(toProject);
  }

  /** Deletes a project and its document records (not its rooms); returns whether it existed. */
  removeProject(id: string): boolean {
    return this.db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Adds a document to an existing project. Throws `UnknownProjectError` for
   * an unknown project and `CatalogConflictError` when the id is taken,
   * unless `replace` is set (the old record is then overwritten).
   */
  addDocument(document: NewDocument, options: { readonly replace?: boolean } = {}): DocumentRecord {
    checkId('document', document.id);
    if (!this.getProject(document.project)) throw new UnknownProjectError(document.project);
    const existing = this.getDocument(document.project, document.id);
    if (existing && options.replace !== true) throw new CatalogConflictError(`document "${document.id}" already exists in project "${document.project}"`);
    const record: DocumentRecord = {
      project: document.project,
      id: document.id,
      ...(document.title === undefined ? {} : { title: document.title }),
      meta: document.meta ?? {},
      created: document.created ?? Date.now(),
    };
    this.db
      .prepare('INSERT OR REPLACE INTO documents (project, id, title, meta, created) VALUES (?, ?, ?, ?, ?)')
      .run(record.project, record.id, record.title ?? null, JSON.stringify(record.meta), record.created);
    return record;
  }

  /** The document `id` of `project`, or undefined. */
  getDocument(project: string, id: string): DocumentRecord | undefined {
    const row = this.db.prepare<[string, string], DocumentRow>('SELECT * FROM documents WHERE project = ? AND id = ?').get(project, id);
    return row && toDocument(row);
  }

  /** The documents of a project, by id (empty for an unknown project). */
  listDocuments(project: string): DocumentRecord[] {
    return this.db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE project = ? ORDER BY id').all(project).map(toDocument);
  }

  /** Removes a document record (not its rooms); returns whether it existed. */
  removeDocument(project: string, id: string): boolean {
    return this.db.prepare('DELETE FROM documents WHERE project = ? AND id = ?').run(project, id).changes > 0;
  }
}
