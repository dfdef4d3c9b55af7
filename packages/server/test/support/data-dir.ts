/**
 * Test support for stored projects: a data directory in a new temporary
 * folder, a snapshot of every row it stores (to show that a refused
 * operation changed nothing), and a project's documents read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { formatIssue, type CorpusDocument } from '@glossa/formats';
import { exportDocuments, type ExportOptions } from '../../src/project-store.js';
import { openDataDir, type DataDir } from '../../src/storage/index.js';

/** An open data directory in a temporary folder of its own. */
export interface TempDataDir {
  /** The temporary folder. */
  readonly dir: string;
  readonly data: DataDir;
  /** Closes the data directory and removes the folder. */
  remove(): Promise<void>;
}

/** Opens a new data directory in a new temporary folder named after `prefix`. */
export function openTempDataDir(prefix: string): TempDataDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const data = openDataDir(dir);
  return {
    dir,
    data,
    remove: async () => {
      await data.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every stored row of a data directory's database (room updates, projects, documents), in a stable order. */
export function storedRows(db: Database.Database): unknown {
  return {
    updates: db.prepare('SELECT id, room, hex(data) AS data FROM updates ORDER BY id').all(),
    projects: db.prepare('SELECT * FROM projects ORDER BY id').all(),
    documents: db.prepare('SELECT * FROM documents ORDER BY project, id').all(),
  };
}

/** Every document of `project` as `exportDocuments` reads it back; throws when the project or a layer is unknown. */
export async function exportedDocuments(data: DataDir, project: string, options: ExportOptions = {}): Promise<CorpusDocument[]> {
  const opened = exportDocuments(data, project, options);
  if (!opened.ok) throw new Error(opened.errors.map(formatIssue).join('; '));
  const docs: CorpusDocument[] = [];
  for await (const doc of opened.value.documents) docs.push(doc);
  return docs;
}
