/**
 * An expected problem in a label schema, and the one line that tells it.
 */

/**
 * An expected problem in a schema: where it is and what was expected.
 *
 * `path` names the place with JavaScript-like syntax (`labels[4].hotkey`);
 * it is empty for the schema as a whole. `line` and `column` (1-based, columns
 * in characters) are set when the schema came from JSON text.
 */
export interface SchemaError {
  /** The place of the problem, e.g. `labels[4].hotkey`; empty for the whole schema. */
  readonly path: string;
  /** What is wrong and what was expected, e.g. `"2" is already used by "police-professionalization"`. */
  readonly message: string;
  /** The 1-based line in the JSON text, when parsed from text. */
  readonly line?: number;
  /** The 1-based column (in characters) in the JSON text, when parsed from text. */
  readonly column?: number;
}

/**
 * Formats a schema error as one line: `path (line L, column C): message`.
 *
 * @example formatSchemaError({ path: 'labels[4].hotkey', message: '"2" is already used by "police-professionalization"' })
 * // 'labels[4].hotkey: "2" is already used by "police-professionalization"'
 */
export function formatSchemaError(error: SchemaError): string {
  const position = error.line === undefined ? '' : `line ${error.line}, column ${error.column ?? 1}`;
  if (error.path && position) return `${error.path} (${position}): ${error.message}`;
  if (error.path) return `${error.path}: ${error.message}`;
  if (position) return `${position}: ${error.message}`;
  return `schema: ${error.message}`;
}
