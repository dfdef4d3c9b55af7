/**
 * Gazetteer files, as INCEpTION reads them: one entry per line,
 * `text<TAB>label`. Empty lines and lines starting with `#` are skipped.
 */
import { fail, ok, type Result } from '@glossa/core';
import type { SuggestIssue } from './types.js';

/** A gazetteer entry: a string and the label it gets. */
export interface GazetteerEntry {
  readonly text: string;
  readonly label: string;
}

/** Options of {@link parseGazetteer}. */
export interface GazetteerParseOptions {
  /** The file name used in issues. */
  readonly file?: string;
  /** When given, every label must be one of these (the schema's label ids). */
  readonly labels?: ReadonlySet<string>;
}

/**
 * Parses a gazetteer. Every bad line is reported (missing tab, extra
 * columns, empty text or label, unknown label), with its 1-based line
 * number; a file with any issue yields no entries.
 *
 * @example
 * parseGazetteer('National Guard\tmilitarization\n# comment\n'); // ok: [{ text: 'National Guard', label: 'militarization' }]
 */
export function parseGazetteer(text: string, options: GazetteerParseOptions = {}): Result<GazetteerEntry[], SuggestIssue> {
  const entries: GazetteerEntry[] = [];
  const issues: SuggestIssue[] = [];
  const file = options.file;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const report = (message: string): void => void issues.push({ ...(file === undefined ? {} : { file }), line, message });
    const columns = raw.split('\t');
    if (columns.length < 2) return report('expected `text<TAB>label`; the line has no tab');
    if (columns.length > 2) return report(`expected two columns (text, label); the line has ${columns.length}`);
    const entryText = (columns[0] as string).trim();
    const label = (columns[1] as string).trim();
    if (entryText === '') return report('the text (first column) is empty');
    if (label === '') return report('the label (second column) is empty');
    if (options.labels && !options.labels.has(label)) return report(`unknown label "${label}"; expected one of ${[...options.labels].join(', ')}`);
    entries.push({ text: entryText, label });
  });
  return issues.length > 0 ? fail(issues) : ok(entries);
}
