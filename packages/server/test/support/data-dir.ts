/**
 * Test support for stored projects: a data directory in a new temporary
 * folder, a snapshot of every row it stores (to show that a refused
 * operation changed nothing), and a project's documents read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { formatIssue, type CorpusDocument } from '@glossa/formats';
import { exportDocuments, type ExportOptions } from '../../src/project-store.js';
import { openDataDir, type DataDir } from '../../src/storage/index.js';

/**
 * Gives each test a new data directory in a temporary folder: opened before
 * each test and handed to `onOpen`, closed and removed after it. Call it once
 * at the top level of a test file.
 */
export function dataDirPerTest(prefix: string, onOpen: (data: DataDir) => void): void {
  let dir: string | undefined;
  let data: DataDir | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    data = openDataDir(dir);
    onOpen(data);
  });
  afterEach(async () => {
    await data?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    data = undefined;
    dir = undefined;
  });
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
