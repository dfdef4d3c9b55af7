/**
 * Which annotation layers are shown: the user's own, the shared layer,
 * other annotators' layers and gold, as far as the role may read them.
 */
import type { JSX } from 'preact';
import type { LayerChoice } from '../access.js';

/** The name of a layer as the UI shows it. */
export function layerDisplayName(layer: string, me: string): string {
  if (layer === 'shared') return 'Shared';
  if (layer === 'gold') return 'Gold';
  return layer === me ? `Mine (${me})` : layer;
}

/** Props of `LayerToggles`. */
export interface LayerTogglesProps {
  readonly layers: readonly LayerChoice[];
  readonly visible: readonly string[];
  readonly me: string;
  readonly onChange: (visible: readonly string[]) => void;
}

/** The layer checkboxes. */
export function LayerToggles({ layers, visible, me, onChange }: LayerTogglesProps): JSX.Element {
  return (
    <fieldset class="fieldset layer-toggles">
      <legend>Layers shown</legend>
      {layers.map((layer) => (
        <label class="check" key={layer.id}>
          <input
            type="checkbox"
            data-layer={layer.id}
            checked={visible.includes(layer.id)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...visible, layer.id] : visible.filter((id) => id !== layer.id))}
          />
          <span>{layerDisplayName(layer.id, me)}</span>
          <span class="muted">{layer.access === 'write' ? ' (you can edit)' : ' (read only)'}</span>
        </label>
      ))}
    </fieldset>
  );
}
