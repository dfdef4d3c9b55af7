/**
 * Installs the annotation stylesheet of a schema, with the editing aids'
 * (search matches, boundary handles, label tags, the label key preview)
 * and the relation arcs'.
 * The server's CSP allows no inline `<style>` elements, so the rules go
 * into a constructed stylesheet (CSSOM), which CSP does not restrict.
 */
import type { LabelSchema } from '@glossa/core';
import { annotationStyles, editingAidStyles, relationStyles } from '@glossa/prosemirror';

/** Adds the annotation rules for `schema` to the document; returns the function that removes them. */
export function installAnnotationStyles(schema: LabelSchema, target: Document = document): () => void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(annotationStyles(schema) + editingAidStyles() + relationStyles(schema));
  target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
  return () => {
    target.adoptedStyleSheets = target.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
