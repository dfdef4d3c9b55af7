/**
 * Importers of unannotated documents: plain text (`.txt`), Markdown (`.md`,
 * text kept as written) and HTML (visible text only).
 */
import type { FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { splitPath } from './files.js';
import { decodeFiles, importResult, normalizeLineBreaks } from './input.js';
import type { CorpusDocument, FormatIssue } from './model.js';
import { htmlToText } from './html.js';

function importText(kind: 'txt' | 'md' | 'html') {
  return async (input: ImportInput, ctx: ImportContext): Promise<ImportResult> => {
    const issues: FormatIssue[] = [];
    const documents: CorpusDocument[] = [];
    const seen = new Map<string, string>();
    for (const { file, text: content } of decodeFiles(input.files, ctx, issues)) {
      const id = splitPath(file.path).stem;
      const first = seen.get(id);
      if (first !== undefined) {
        issues.push({ file: file.path, message: `duplicate document id '${id}' (also ${first}): expected unique file names` });
        continue;
      }
      seen.set(id, file.path);
      const text = kind === 'html' ? htmlToText(normalizeLineBreaks(content).text) : normalizeLineBreaks(content).text;
      documents.push({ id, text, spans: [], labels: {}, meta: { source: file.path, format: kind } });
    }
    return importResult(issues, documents);
  };
}

/** Plain text: the text kept exactly, line breaks normalized to LF; the document id is the file stem. */
export const txtFormat: FormatAdapter = {
  name: 'txt',
  description: 'Plain UTF-8 text, one document per file (line breaks normalized to LF)',
  consumers: 'any text editor; `glossa import` reads it',
  kind: 'file',
  extension: '.txt',
  import: importText('txt'),
};

/** Markdown: the source text kept as written (markup included), so offsets match the file. */
export const mdFormat: FormatAdapter = {
  name: 'md',
  description: 'Markdown, one document per file, the source text kept as written',
  consumers: 'any Markdown renderer; `glossa import` reads it',
  kind: 'file',
  extension: '.md',
  import: importText('md'),
};

/** HTML: visible text, scripts and styles dropped, entities decoded, block elements as line breaks. */
export const htmlFormat: FormatAdapter = {
  name: 'html',
  description: 'HTML, one document per file: the visible text (scripts and styles dropped, entities decoded, blocks on their own lines)',
  consumers: 'browsers; `glossa import` reads it',
  kind: 'file',
  extension: '.html',
  import: importText('html'),
};
