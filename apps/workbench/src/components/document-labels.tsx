/**
 * Document labels: the schema's document-label groups (single or multiple
 * choice), answered once per document in the layer being annotated. A
 * single choice, once made, can be cleared again (a radio button alone
 * cannot be unchecked).
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { DOC_LABELS_MAP, localOrigin, readDocLabels, writeDocLabels } from '@glossa/collab';
import type { DocumentLabelGroup, DocumentLabels, LabelSchema } from '@glossa/core';
import type { DocumentSession } from '../session/document-session.js';

/** Props of `DocumentLabelsPanel`. */
export interface DocumentLabelsPanelProps {
  readonly schema: LabelSchema;
  readonly session: DocumentSession;
  /** The layer whose document labels are shown, or `null` when none is open. */
  readonly layer: string | null;
  /** Whether the user may change them. */
  readonly writable: boolean;
  readonly user: string;
}

/** The labels after choosing `value` in `group` (`on` for a checkbox). */
export function chooseDocumentLabel(labels: DocumentLabels, group: DocumentLabelGroup, value: string, on: boolean): DocumentLabels {
  const next: Record<string, string | readonly string[]> = { ...labels };
  if (group.choice === 'single') {
    if (on) next[group.id] = value;
    else delete next[group.id];
    return next;
  }
  const current = labels[group.id];
  const values = new Set(typeof current === 'string' ? [current] : (current ?? []));
  if (on) values.add(value);
  else values.delete(value);
  if (values.size === 0) delete next[group.id];
  else next[group.id] = group.values.filter((v) => values.has(v));
  return next;
}

function isChosen(labels: DocumentLabels, group: string, value: string): boolean {
  const current = labels[group];
  return typeof current === 'string' ? current === value : (current?.includes(value) ?? false);
}

/** The document-labels panel. */
export function DocumentLabelsPanel({ schema, session, layer, writable, user }: DocumentLabelsPanelProps): JSX.Element | null {
  const open = layer === null ? undefined : session.layer(layer);
  const [labels, setLabels] = useState<DocumentLabels>(() => (open === undefined ? {} : readDocLabels(open.doc)));
  useEffect(() => {
    if (open === undefined) return undefined;
    const map = open.doc.getMap(DOC_LABELS_MAP);
    const update = (): void => setLabels(readDocLabels(open.doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [open]);
  if (schema.documentLabels.length === 0 || open === undefined) return null;
  const canWrite = writable && open.writable;
  const change = (group: DocumentLabelGroup, value: string, on: boolean): void => {
    writeDocLabels(open.doc, chooseDocumentLabel(labels, group, value, on), localOrigin(user));
  };
  return (
    <section class="panel doc-labels" aria-labelledby="doc-labels-title">
      <h2 id="doc-labels-title">Document labels</h2>
      {schema.documentLabels.map((group) => (
        <fieldset class="fieldset" key={group.id} disabled={!canWrite}>
          <legend title={group.description}>{group.name}</legend>
          {group.choice === 'single' && typeof labels[group.id] === 'string' && (
            <button type="button" class="button button-small clear-choice" aria-label={`Clear ${group.name}`} onClick={() => change(group, labels[group.id] as string, false)}>
              Clear
            </button>
          )}
          {group.values.map((value) => (
            <label class="check" key={value}>
              <input
                type={group.choice === 'single' ? 'radio' : 'checkbox'}
                name={`doc-label-${group.id}`}
                checked={isChosen(labels, group.id, value)}
                onChange={(e) => change(group, value, e.currentTarget.checked)}
              />
              <span>{value}</span>
            </label>
          ))}
        </fieldset>
      ))}
    </section>
  );
}
