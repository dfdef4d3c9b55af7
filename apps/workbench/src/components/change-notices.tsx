/**
 * Notices about the user's own changes that could not apply (a change made
 * out of sync to an annotation someone else deleted meanwhile, see
 * `session/lost-changes.ts`), each naming the annotation's text and label,
 * until the user dismisses it.
 */
import type { JSX } from 'preact';
import type { LabelSchema } from '@glossa/core';
import type { LostChange } from '../session/lost-changes.js';
import { labelName } from './label-field.js';

/** The sentence of a notice. */
export function lostChangeMessage(schema: LabelSchema, change: LostChange, layerName: (layer: string) => string): string {
  const quote = change.quote.length > 80 ? `${change.quote.slice(0, 79)}…` : change.quote;
  return `Your change to “${quote}” (${labelName(schema, change.label)}, layer ${layerName(change.layer)}) could not be applied: someone deleted that annotation while your copy was not in step with the server.`;
}

/** Props of `ChangeNotices`. */
export interface ChangeNoticesProps {
  readonly schema: LabelSchema;
  readonly notices: readonly LostChange[];
  readonly layerName: (layer: string) => string;
  readonly onDismiss: (change: LostChange) => void;
}

/** The notices, or nothing when there is none. */
export function ChangeNotices({ schema, notices, layerName, onDismiss }: ChangeNoticesProps): JSX.Element {
  return (
    <section class="notices" aria-label="Changes that could not be applied" role="alert" data-testid="change-notices">
      {notices.length > 0 && (
        <ul>
          {notices.map((change) => (
            <li key={`${change.layer}:${change.id}`} class="notice">
              <span>{lostChangeMessage(schema, change, layerName)}</span>
              <button type="button" class="button" onClick={() => onDismiss(change)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
