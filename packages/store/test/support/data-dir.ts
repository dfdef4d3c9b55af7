/**
 * Test support for stored projects: a data directory in a new temporary
 * folder, and a project's documents read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { formatIssue, type CorpusDocument } from '@glossa/formats';
import { readProjectDocuments, type ReadProjectOptions } from '../../src/project-reader.js';
import { openDataDir, type SqliteDataDir } from '../../src/sqlite/data-dir.js';

/**
 * Gives each test a new data directory in a temporary folder: opened before
 * each test and handed to `onOpen`, closed and removed after it. Call it once
 * at the top level of a test file.
 */
export function dataDirPerTest(prefix: string, onOpen: (data: SqliteDataDir) => void): void {
  let dir: string | undefined;
  let data: SqliteDataDir | undefined;
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

/** Every document of `project` as `readProjectDocuments` reads it back; throws when the project or a layer is unknown. */
export async function readDocuments(data: SqliteDataDir, project: string, options: ReadProjectOptions = {}): Promise<CorpusDocument[]> {
  const opened = await readProjectDocuments(data, project, options);
  if (!opened.ok) throw new Error(opened.errors.map(formatIssue).join('; '));
  const docs: CorpusDocument[] = [];
  for await (const doc of opened.value.documents) docs.push(doc);
  return docs;
}
