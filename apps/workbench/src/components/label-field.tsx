/**
 * Naming and choosing one label of the schema: a label's name, the options
 * of a label `<select>`, and the labelled field that relabels a span with
 * them.
 */
import type { JSX } from 'preact';
import { labelById } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';

/** A label's name in the schema, or its id when the schema has no such label. */
export function labelName(schema: LabelSchema, id: string): string {
  return labelById(schema, id)?.name ?? id;
}

/** An `<option>` per label of the schema, in schema order, valued by label id. */
export function LabelOptions({ schema }: { readonly schema: LabelSchema }): JSX.Element {
  return (
    <>
      {schema.labels.map((label) => (
        <option key={label.id} value={label.id}>
          {label.name}
        </option>
      ))}
    </>
  );
}

/** Props of `LabelField`. */
export interface LabelFieldProps {
  readonly schema: LabelSchema;
  /** The id of the chosen label. */
  readonly value: string;
  /** Called with the id of the label the user chose. */
  readonly onChange: (label: string) => void;
}

/** A field titled “Label” with a select of the schema's labels. */
export function LabelField({ schema, value, onChange }: LabelFieldProps): JSX.Element {
  return (
    <label class="field">
      <span>Label</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <LabelOptions schema={schema} />
      </select>
    </label>
  );
}
