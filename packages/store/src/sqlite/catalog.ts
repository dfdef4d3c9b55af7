/**
 * `Catalog` on SQLite: projects and documents in tables of the same file as
 * the update log, so an import writes documents and their rooms in one
 * transaction.
 */
import type Database from 'better-sqlite3';
import { contentRoom } from '@glossa/collab';
import {
  CatalogConflictError,
  MAX_GUIDELINES_LENGTH,
  UnknownProjectError,
  checkCatalogId,
  checkNewProject,
  documentRecord,
  projectRecord,
  type Catalog,
  type DocumentRecord,
  type DocumentsWrite,
  type DocumentsWritten,
  type NewDocument,
  type NewProject,
  type ProjectGuidelines,
  type ProjectRecord,
  type ProjectVersion,
} from '../catalog.js';
import { toDocument, toProject, type DocumentRow, type ProjectRow } from '../record-rows.js';
import type { RoomUpdate } from '../update-log.js';
import { settle } from './settle.js';
import type { SqliteUpdateLog } from './update-log.js';

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
CREATE TABLE IF NOT EXISTS project_guidelines (
  project TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  markdown TEXT NOT NULL,
  updated INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
`;

/**
 * Projects and documents in the database of a `SqliteUpdateLog`.
 *
 * @example
 * const catalog = new SqliteCatalog(log);
 * await catalog.createProject({ id: 'policy', mode: 'shared', schema });
 * await catalog.addDocument({ project: 'policy', id: 'doc1', title: 'A mayor' });
 */
export class SqliteCatalog implements Catalog {
  private readonly db: Database.Database;

  /** Opens the catalog in the log's database, creating its tables when needed. */
  constructor(private readonly log: SqliteUpdateLog) {
    this.db = log.db;
    this.db.exec(SCHEMA);
  }

  createProject(project: NewProject): Promise<ProjectRecord> {
    return settle(() => this.insertProject(project));
  }

  getProject(id: string): Promise<ProjectRecord | undefined> {
    return settle(() => this.projectRow(id));
  }

  listProjects(): Promise<ProjectRecord[]> {
    return settle(() => this.db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY id').all().map(toProject));
  }

  removeProject(id: string): Promise<boolean> {
    return settle(() => this.db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0);
  }

  addDocument(document: NewDocument, options: { readonly replace?: boolean } = {}): Promise<DocumentRecord> {
    return settle(() => this.insertDocument(document, options.replace === true));
  }

  getDocument(project: string, id: string): Promise<DocumentRecord | undefined> {
    return settle(() => this.documentRow(project, id));
  }

  listDocuments(project: string): Promise<DocumentRecord[]> {
    return settle(() => this.documentRows(project));
  }

  removeDocument(project: string, id: string): Promise<boolean> {
    return settle(() => this.db.prepare('DELETE FROM documents WHERE project = ? AND id = ?').run(project, id).changes > 0);
  }

  writeDocuments(write: DocumentsWrite): Promise<DocumentsWritten> {
    return settle(() => {
      const rooms: RoomUpdate[] = [];
      const replaced = this.log.transaction(() => {
        if (write.create !== undefined) {
          if (write.create.id !== write.project) throw new RangeError(`the project to create is "${write.create.id}", not the write's project "${write.project}"`);
          this.insertProject(write.create);
        } else if (this.projectRow(write.project) === undefined) throw new UnknownProjectError(write.project);
        const replacedIds: string[] = [];
        for (const { document, rooms: documentRooms } of write.documents) {
          if (document.project !== write.project) throw new RangeError(`document "${document.id}" is in project "${document.project}", not in the write's project "${write.project}"`);
          if (this.documentRow(write.project, document.id) !== undefined) {
            if (!write.replace) throw new CatalogConflictError(`document "${document.id}" already exists in project "${write.project}"`);
            replacedIds.push(document.id);
            this.deleteDocumentRooms(write.project, document.id);
          }
          this.insertDocument(document, true);
          this.log.insertRows(documentRooms);
          rooms.push(...documentRooms);
        }
        return replacedIds;
      });
      this.log.noteCommitted(rooms);
      return { replaced };
    });
  }

  projectVersion(project: string): Promise<ProjectVersion | undefined> {
    return settle(() =>
      this.db.transaction(() => {
        const record = this.projectRow(project);
        if (record === undefined) return undefined;
        const documents = this.documentRows(project).map((d) => d.id);
        return { project: record, documents, rooms: this.log.versionsWithPrefix(`${project}/`) };
      })(),
    );
  }

  getGuidelines(project: string): Promise<ProjectGuidelines | undefined> {
    return settle(() => {
      const row = this.db
        .prepare<[string], { markdown: string; updated: number; updated_by: string }>('SELECT markdown, updated, updated_by FROM project_guidelines WHERE project = ?')
        .get(project);
      return row && { markdown: row.markdown, updated: row.updated, updatedBy: row.updated_by };
    });
  }

  setGuidelines(project: string, markdown: string, by: string): Promise<ProjectGuidelines> {
    return settle(() => {
      if (markdown.length > MAX_GUIDELINES_LENGTH) throw new RangeError(`guidelines of ${markdown.length} characters are over the limit of ${MAX_GUIDELINES_LENGTH}`);
      if (this.projectRow(project) === undefined) throw new UnknownProjectError(project);
      const saved: ProjectGuidelines = { markdown, updated: Date.now(), updatedBy: by };
      this.db
        .prepare('INSERT OR REPLACE INTO project_guidelines (project, markdown, updated, updated_by) VALUES (?, ?, ?, ?)')
        .run(project, saved.markdown, saved.updated, saved.updatedBy);
      return saved;
    });
  }

  private insertProject(project: NewProject): ProjectRecord {
    checkNewProject(project);
    if (this.projectRow(project.id)) throw new CatalogConflictError(`project "${project.id}" already exists`);
    const record = projectRecord(project, Date.now());
    this.db
      .prepare('INSERT INTO projects (id, mode, schema, base_url, created) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, record.mode, JSON.stringify(record.schema), record.baseUrl ?? null, record.created);
    return record;
  }

  private insertDocument(document: NewDocument, replace: boolean): DocumentRecord {
    checkCatalogId('document', document.id);
    if (!this.projectRow(document.project)) throw new UnknownProjectError(document.project);
    if (this.documentRow(document.project, document.id) && !replace) throw new CatalogConflictError(`document "${document.id}" already exists in project "${document.project}"`);
    const record = documentRecord(document, Date.now());
    this.db
      .prepare('INSERT OR REPLACE INTO documents (project, id, title, meta, created) VALUES (?, ?, ?, ?, ?)')
      .run(record.project, record.id, record.title ?? null, JSON.stringify(record.meta), record.created);
    return record;
  }

  /** Deletes a document's content room and every layer room (inside the caller's transaction). */
  private deleteDocumentRooms(project: string, doc: string): void {
    const content = contentRoom(project, doc);
    this.log.deleteRows(content);
    for (const { room } of this.log.versionsWithPrefix(`${content}/layers/`)) this.log.deleteRows(room);
  }

  private projectRow(id: string): ProjectRecord | undefined {
    const row = this.db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?').get(id);
    return row && toProject(row);
  }

  private documentRow(project: string, id: string): DocumentRecord | undefined {
    const row = this.db.prepare<[string, string], DocumentRow>('SELECT * FROM documents WHERE project = ? AND id = ?').get(project, id);
    return row && toDocument(row);
  }

  private documentRows(project: string): DocumentRecord[] {
    return this.db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE project = ? ORDER BY id').all(project).map(toDocument);
  }
}
