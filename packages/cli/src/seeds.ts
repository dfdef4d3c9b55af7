/**
 * The repository's seed corpus, which the CLI knows where to find:
 * `seeds/*.txt` and their gold layer `seeds/gold.jsonl` (what `glossa start`
 * serves) and `seeds/schema.json`, the
 * policy schema of projects created without `--schema`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSchemaError, parseSchemaJson, type LabelSchema } from '@glossa/core';

/** The seed corpus folder of the repository. */
export const SEEDS_DIR = fileURLToPath(new URL('../../../seeds', import.meta.url));

/** The gold layer of the seed texts (native JSONL, layer `gold`; see `seeds/GUIDELINES.md`), a file name in `SEEDS_DIR`. */
export const SEED_GOLD_FILE = 'gold.jsonl';

/** The seed policy schema file, the default schema of new projects. */
export const SEED_SCHEMA_FILE = path.join(SEEDS_DIR, 'schema.json');

/**
 * Reads and validates the seed policy schema. Throws when it is missing or
 * invalid: that is a broken installation, not bad user input.
 */
export function seedSchema(): LabelSchema {
  const result = parseSchemaJson(readFileSync(SEED_SCHEMA_FILE, 'utf8'));
  if (!result.ok) throw new Error(`${SEED_SCHEMA_FILE}: ${result.errors.map(formatSchemaError).join('; ')}`);
  return result.value;
}
