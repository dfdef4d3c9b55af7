/**
 * Importers of unannotated documents: plain text (`.txt`) and Markdown
 * (`.md`), their text kept exactly (line breaks as written, CRLF included,
 * and a byte-order mark), so offsets match the file; HTML (the visible
 * text, LF line breaks). A document's id is the file name without its
 * extension and its `meta.source` the file name; each file is read on its
 * own (`fileImport`).
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
    for (const { file, text: content } of decodeFiles(input.files, ctx, issues, { keepByteOrderMark: kind !== 'html' })) {
      const { stem: id, base } = splitPath(file.path);
      const first = seen.get(id);
      if (first !== undefined) {
        issues.push({ file: file.path, message: `duplicate document id '${id}' (also ${first}): expected unique file names` });
        continue;
      }
      seen.set(id, file.path);
      const text = kind === 'html' ? htmlToText(normalizeLineBreaks(content).text) : content;
      documents.push({ id, text, spans: [], labels: {}, meta: { source: base } });
    }
    return importResult(issues, documents);
  };
}

/** Plain text: the text kept exactly (CRLF included), so export offsets match the file; the document id is the file stem. */
export const txtFormat: FormatAdapter = {
  name: 'txt',
  description: 'Plain UTF-8 text, one document per file, the text kept exactly (line breaks as written)',
  consumers: 'any text editor; `glossa import` reads it',
  kind: 'file',
  extension: '.txt',
  import: importText('txt'),
  fileImport: 'document-per-file',
};

/** Markdown: the source text kept exactly (markup and line breaks as written), so offsets match the file. */
export const mdFormat: FormatAdapter = {
  name: 'md',
  description: 'Markdown, one document per file, the source text kept as written',
  consumers: 'any Markdown renderer; `glossa import` reads it',
  kind: 'file',
  extension: '.md',
  import: importText('md'),
  fileImport: 'document-per-file',
};

/** HTML: visible text, scripts and styles dropped, entities decoded, block elements as line breaks. */
export const htmlFormat: FormatAdapter = {
  name: 'html',
  description: 'HTML, one document per file: the visible text (scripts and styles dropped, entities decoded, blocks on their own lines)',
  consumers: 'browsers; `glossa import` reads it',
  kind: 'file',
  extension: '.html',
  import: importText('html'),
  fileImport: 'document-per-file',
};
