/**
 * The repository's seed policy schema, and imports that give it to the
 * projects they create, for the code in this repository that sets servers
 * up without naming a schema (the browser tests' support).
 *
 * A package reads no file outside itself, so this module is on its way out:
 * `importDocuments` of `@glossa/store` takes the schema of a new project as
 * an option (`schema`, `defaultSchema`), and `glossa start` and
 * `glossa import` read `seeds/schema.json` themselves. It stays until the
 * browser tests' support reads the seed schema itself.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FormatIssue } from '@glossa/formats';
import { formatSchemaError, parseSchemaJson, type LabelSchema, type Result } from '@glossa/core';
import { importDocuments as importIntoStore, type DataDir, type ImportOptions, type ImportSource, type ImportSummary } from '@glossa/store';

/** The repository's seed policy schema file. */
const SEED_SCHEMA_FILE = fileURLToPath(new URL('../../../seeds/schema.json', import.meta.url));

/**
 * Reads and validates the repository's seed policy schema (`seeds/schema.json`).
 * @deprecated Read the schema where the seeds are known (the CLI does) and pass it to `importDocuments` of `@glossa/store`.
 */
export function loadDefaultSchema(): LabelSchema {
  const result = parseSchemaJson(readFileSync(SEED_SCHEMA_FILE, 'utf8'));
  if (!result.ok) throw new Error(`${SEED_SCHEMA_FILE}: ${result.errors.map(formatSchemaError).join('; ')}`);
  return result.value;
}

/**
 * `importDocuments` of `@glossa/store`, with the repository's seed policy
 * schema as the schema of a project the import creates without naming one.
 * @deprecated Import `importDocuments` from `@glossa/store` and pass the schema.
 */
export function importDocuments(data: DataDir, sources: readonly ImportSource[], options: ImportOptions): Promise<Result<ImportSummary, FormatIssue>> {
  return importIntoStore(data, sources, options.schema !== undefined || options.defaultSchema !== undefined ? options : { ...options, defaultSchema: loadDefaultSchema() });
}
