/**
 * What the browser benchmark runner and its page share: the fixture the
 * page loads, the page's API (`window.glossaBench`) and the relay's framing.
 */
import type { SpanAnnotation } from '@glossa/core';

/** The editors the page can open on the same text (see page.ts). */
export type EditorKind = 'bare' | 'bare-decorated' | 'empty' | 'annotated' | 'related';

/** The workload, served as /fixture.json; offsets are UTF-16 text offsets. */
export interface BenchFixture {
  /** The document's text (paragraphs joined by `\n`). */
  readonly text: string;
  /** The annotations (the same as in /layer.bin). */
  readonly spans: readonly SpanAnnotation[];
  /** Where typing happens: the start of an annotation in the middle of the text. */
  readonly caret: number;
  /** Word ranges near the caret to annotate, one per measurement. */
  readonly annotateRanges: readonly (readonly [number, number])[];
  /** How many relations /layer-related.bin holds besides the annotations. */
  readonly relations: number;
}

/** What `scrollTo` found once annotations were drawn in view. */
export interface ScrollResult {
  /** Milliseconds from the scroll to the frame showing annotations in view. */
  readonly ms: number;
  /** Frames until then. */
  readonly frames: number;
  /** The position at the top left of the view. */
  readonly visiblePos: number;
  /** The plugin's decorated window, `null` for the whole document or an editor without the plugin. */
  readonly window: { readonly from: number; readonly to: number } | null;
  /** How many relation arcs are drawn in view then (0 for an editor without relations). */
  readonly arcs: number;
}

/** The page's API, `window.glossaBench`. */
export interface PageApi {
  /** Opens an editor and returns the milliseconds from creating the view to its first paint. */
  open(kind: EditorKind, relayUrl?: string): Promise<number>;
  /** Focuses the editor with the caret at a text offset, scrolled into view. */
  placeCaret(textOffset: number): void;
  /** Records the time of the next keydown as the start of a keystroke measurement. */
  armKeystroke(): void;
  /** The keydown-to-paint time of the `index`-th measured keystroke, once painted. */
  keystrokeLatency(index: number): Promise<number>;
  /** Annotates a text range with the annotate command; returns the milliseconds to the next paint. */
  annotate(textFrom: number, textTo: number, label: string): Promise<number>;
  /** Annotates a text range and returns the absolute time (ms) just before the command. */
  annotateAt(textFrom: number, textTo: number, label: string): number | Promise<number>;
  /** Types text at a text offset and returns the absolute time (ms) just before. */
  typeAt(textOffset: number, text: string): number;
  /** Resolves with the absolute time (ms) of the paint after the next remote annotation or text change arrives. */
  awaitRemote(kind: 'annotation' | 'text'): Promise<number>;
  /** Scrolls to a fraction of the page and waits until annotations are drawn in view. */
  scrollTo(fraction: number): Promise<ScrollResult>;
  /** How many fixture annotations overlap `[textOffset, textOffset + length)`. */
  expectedSpansNear(textOffset: number, length: number): number;
  /** How many transactions of each kind the editor has applied since the page opened (annotation actions by type, `yjs`, `edit`, `selection`, `other`). */
  transactionCounts(): Record<string, number>;
  /** How many entries the page's layer doc holds (0 without Yjs). */
  layerSize(): number;
}

/** Relay frame tag: an update of the content doc follows. */
export const RELAY_CONTENT = 0;
/** Relay frame tag: an update of the layer doc follows. */
export const RELAY_LAYER = 1;
