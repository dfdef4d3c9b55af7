/**
 * The ProseMirror document schema for Glossa documents and the conversions
 * between a document's plain text and a ProseMirror document.
 *
 * The layout matches the collaborative content room: the document is a
 * sequence of `paragraph` nodes holding plain text, which y-prosemirror maps
 * to `XmlElement('paragraph')` elements with one `XmlText` each. The plain
 * text of a document is its paragraphs joined by `\n`.
 */
import { Schema } from 'prosemirror-model';
import type { Node as ProseMirrorNode } from 'prosemirror-model';

/**
 * The document schema: `doc → paragraph+ → text*`, no marks. The node name
 * `paragraph` is part of the collaboration layout and must not change.
 */
export const documentSchema: Schema<'doc' | 'paragraph' | 'text'> = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: {
      content: 'text*',
      marks: '',
      parseDOM: [{ tag: 'p', preserveWhitespace: 'full' }],
      toDOM: () => ['p', 0],
    },
    text: {},
  },
  marks: {},
});

/**
 * Builds the ProseMirror document for a plain text: one paragraph per line,
 * empty lines kept as empty paragraphs, so `docToText(textToDoc(t)) === t`.
 * Only `\n` separates paragraphs; a `\r` before it stays in the text.
 */
export function textToDoc(text: string, schema: Schema = documentSchema): ProseMirrorNode {
  const paragraph = schema.nodes['paragraph'];
  if (paragraph === undefined) throw new RangeError('textToDoc: the schema has no `paragraph` node');
  const paragraphs = text.split('\n').map((line) => paragraph.create(null, line.length > 0 ? schema.text(line) : null));
  return schema.topNodeType.create(null, paragraphs);
}

/**
 * The plain text of a ProseMirror document: its top-level text blocks joined
 * by `\n`. Inline leaf nodes (none in `documentSchema`) count as U+FFFC so
 * that text offsets and positions stay aligned.
 */
export function docToText(doc: ProseMirrorNode): string {
  const lines: string[] = [];
  doc.forEach((block) => {
    lines.push(block.textBetween(0, block.content.size, '\n', '\ufffc'));
  });
  return lines.join('\n');
}
