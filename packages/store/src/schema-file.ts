/**
 * A label schema file given by a user (`glossa import --schema FILE`),
 * parsed and validated with issues that name the file, line and field.
 */
import { fail, parseSchemaJson, type LabelSchema, type Result } from '@glossa/core';
import type { FormatIssue } from '@glossa/formats';

/**
 * Parses a schema file's text, turning its errors into issues that name the
 * file, line and field.
 */
export function parseSchemaFile(file: string, text: string): Result<LabelSchema, FormatIssue> {
  const result = parseSchemaJson(text);
  if (result.ok) return result;
  return fail(result.errors.map((e) => ({ file, ...(e.line === undefined ? {} : { line: e.line }), ...(e.path === '' ? {} : { field: e.path }), message: e.message })));
}
