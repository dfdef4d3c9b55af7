/**
 * `Catalog` on PostgreSQL: projects and documents in tables of the same
 * database as the update log, so an import writes documents and their rooms
 * in one transaction.
 */
import type pg from 'pg';
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
import { checkRoom, checkUpdateBytes } from '../update-rows.js';
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, inTransaction, sqlState } from './connection.js';
import { insertRows, lockRooms, versionsWithPrefix, type PostgresUpdateLog } from './update-log.js';

/** Projects and documents in a PostgreSQL database. */
export class PostgresCatalog implements Catalog {
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: PostgresUpdateLog,
  ) {}

  async createProject(project: NewProject): Promise<ProjectRecord> {
    checkNewProject(project);
    return insertProject(this.pool, project);
  }

  async getProject(id: string): Promise<ProjectRecord | undefined> {
    return projectRow(this.pool, id);
  }

  async listProjects(): Promise<ProjectRecord[]> {
    return (await this.pool.query<ProjectRow>('SELECT * FROM projects ORDER BY id')).rows.map(toProject);
  }

  async removeProject(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM projects WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async addDocument(document: NewDocument, options: { readonly replace?: boolean } = {}): Promise<DocumentRecord> {
    checkCatalogId('document', document.id);
    return inTransaction(this.pool, (client) => insertDocument(client, document, options.replace === true));
  }

  async getDocument(project: string, id: string): Promise<DocumentRecord | undefined> {
    return documentRow(this.pool, project, id);
  }

  async listDocuments(project: string): Promise<DocumentRecord[]> {
    return documentRows(this.pool, project);
  }

  async removeDocument(project: string, id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM documents WHERE project = $1 AND id = $2', [project, id])).rowCount ?? 0) > 0;
  }

  async writeDocuments(write: DocumentsWrite): Promise<DocumentsWritten> {
    if (write.create !== undefined) {
      checkNewProject(write.create);
      if (write.create.id !== write.project) throw new RangeError(`the project to create is "${write.create.id}", not the write's project "${write.project}"`);
    }
    const rooms: RoomUpdate[] = [];
    for (const { document, rooms: documentRooms } of write.documents) {
      if (document.project !== write.project) throw new RangeError(`document "${document.id}" is in project "${document.project}", not in the write's project "${write.project}"`);
      checkCatalogId('document', document.id);
      for (const { room, update } of documentRooms) {
        checkRoom(room);
        checkUpdateBytes(update);
      }
      rooms.push(...documentRooms);
    }
    const written = new Set(rooms.map((r) => r.room));
    const messages = this.log.commitMessages(written);
    const replaced = await inTransaction(this.pool, async (client) => {
      if (write.create !== undefined) await insertProject(client, write.create);
      else if ((await projectRow(client, write.project)) === undefined) throw new UnknownProjectError(write.project);
      const existing = new Set((await documentRows(client, write.project)).map((d) => d.id));
      const replacedIds: string[] = [];
      const deleted: string[] = [];
      for (const { document } of write.documents) {
        if (!existing.has(document.id)) continue;
        if (!write.replace) throw new CatalogConflictError(`document "${document.id}" already exists in project "${write.project}"`);
        replacedIds.push(document.id);
        const content = contentRoom(write.project, document.id);
        deleted.push(content, ...(await versionsWithPrefix(client, `${content}/layers/`)).map((v) => v.room));
      }
      await lockRooms(client, [...written, ...deleted]);
      if (deleted.length > 0) await client.query('DELETE FROM updates WHERE room = ANY($1::text[])', [deleted]);
      for (const { document } of write.documents) await insertDocument(client, document, true);
      await insertRows(client, rooms);
      await messages.inTransaction(client);
      return replacedIds;
    });
    messages.afterCommit();
    this.log.noteCommitted(written);
    return { replaced };
  }

  async getGuidelines(project: string): Promise<ProjectGuidelines | undefined> {
    const { rows } = await this.pool.query<{ markdown: string; updated: string; updated_by: string }>(
      'SELECT markdown, updated, updated_by FROM project_guidelines WHERE project = $1',
      [project],
    );
    const row = rows[0];
    return row && { markdown: row.markdown, updated: Number(row.updated), updatedBy: row.updated_by };
  }

  async setGuidelines(project: string, markdown: string, by: string): Promise<ProjectGuidelines> {
    if (markdown.length > MAX_GUIDELINES_LENGTH) throw new RangeError(`guidelines of ${markdown.length} characters are over the limit of ${MAX_GUIDELINES_LENGTH}`);
    const saved: ProjectGuidelines = { markdown, updated: Date.now(), updatedBy: by };
    try {
      await this.pool.query(
        `INSERT INTO project_guidelines (project, markdown, updated, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project) DO UPDATE SET markdown = EXCLUDED.markdown, updated = EXCLUDED.updated, updated_by = EXCLUDED.updated_by`,
        [project, saved.markdown, saved.updated, saved.updatedBy],
      );
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw new UnknownProjectError(project);
      throw error;
    }
    return saved;
  }

  async projectVersion(project: string): Promise<ProjectVersion | undefined> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const record = await projectRow(client, project);
      if (record === undefined) return undefined;
      const documents = (await documentRows(client, project)).map((d) => d.id);
      return { project: record, documents, rooms: await versionsWithPrefix(client, `${project}/`) };
    });
  }
}

async function insertProject(client: pg.ClientBase | pg.Pool, project: NewProject): Promise<ProjectRecord> {
  const record = projectRecord(project, Date.now());
  try {
    await client.query('INSERT INTO projects (id, mode, schema, base_url, created) VALUES ($1, $2, $3, $4, $5)', [
      record.id,
      record.mode,
      JSON.stringify(record.schema),
      record.baseUrl ?? null,
      record.created,
    ]);
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) throw new CatalogConflictError(`project "${project.id}" already exists`);
    throw error;
  }
  return record;
}

async function insertDocument(client: pg.ClientBase, document: NewDocument, replace: boolean): Promise<DocumentRecord> {
  if ((await projectRow(client, document.project)) === undefined) throw new UnknownProjectError(document.project);
  const record = documentRecord(document, Date.now());
  const values = [record.project, record.id, record.title ?? null, JSON.stringify(record.meta), record.created];
  const conflict = replace ? 'ON CONFLICT (project, id) DO UPDATE SET title = excluded.title, meta = excluded.meta, created = excluded.created' : '';
  try {
    await client.query(`INSERT INTO documents (project, id, title, meta, created) VALUES ($1, $2, $3, $4, $5) ${conflict}`, values);
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) throw new CatalogConflictError(`document "${document.id}" already exists in project "${document.project}"`);
    throw error;
  }
  return record;
}

async function projectRow(client: pg.ClientBase | pg.Pool, id: string): Promise<ProjectRecord | undefined> {
  const row = (await client.query<ProjectRow>('SELECT * FROM projects WHERE id = $1', [id])).rows[0];
  return row && toProject(row);
}

async function documentRow(client: pg.ClientBase | pg.Pool, project: string, id: string): Promise<DocumentRecord | undefined> {
  const row = (await client.query<DocumentRow>('SELECT * FROM documents WHERE project = $1 AND id = $2', [project, id])).rows[0];
  return row && toDocument(row);
}

async function documentRows(client: pg.ClientBase | pg.Pool, project: string): Promise<DocumentRecord[]> {
  return (await client.query<DocumentRow>('SELECT * FROM documents WHERE project = $1 ORDER BY id', [project])).rows.map(toDocument);
}
