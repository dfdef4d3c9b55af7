/**
 * Undo and redo of the signed-in user's own changes across the layers they
 * write (collab's per-user undo manager, one per layer) and, when given,
 * the text typed in this editor, in the order the changes were made. The
 * document view keeps the text in a history of its own (a `UserUndo` with
 * no layers), used while the text is being edited. Other users' changes are
 * never undone.
 */
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, DOC_LABELS_MAP, RELATIONS_MAP, createUserUndoManager, localOrigin } from '@glossa/collab';

/** The text of a document, for users who may edit it: y-prosemirror writes with `origin`. */
export interface UndoableText {
  readonly fragment: Y.XmlFragment;
  /** The origin of this editor's text changes (y-prosemirror's `ySyncPluginKey`). */
  readonly origin: unknown;
}

/** The key of the text's history among the layers' histories. */
const TEXT_HISTORY = '\u0000text';

/** A writable layer whose changes by this user can be undone. */
export interface UndoableLayer {
  readonly id: string;
  readonly doc: Y.Doc;
}

interface StackItemEvent {
  readonly origin: unknown;
  readonly type: 'undo' | 'redo';
}

/** The per-user undo history over several layers. */
export class UserUndo {
  private readonly managers = new Map<string, Y.UndoManager>();
  /** Layer ids of the undoable steps, oldest first. */
  private undoOrder: string[] = [];
  /** Layer ids of the redoable steps, most recently undone last. */
  private redoOrder: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    layers: readonly UndoableLayer[],
    private readonly user: string,
    text?: UndoableText,
  ) {
    for (const layer of layers) {
      this.track(layer.id, createUserUndoManager([layer.doc.getMap(ANNOTATIONS_MAP), layer.doc.getMap(RELATIONS_MAP), layer.doc.getMap(DOC_LABELS_MAP)], localOrigin(user)));
    }
    if (text !== undefined) this.track(TEXT_HISTORY, new Y.UndoManager(text.fragment, { trackedOrigins: new Set([text.origin]), captureTimeout: 500 }));
  }

  /**
   * Starts tracking a writable layer opened after the history began.
   * @throws RangeError when the layer is already tracked.
   */
  addLayer(layer: UndoableLayer): void {
    if (this.managers.has(layer.id)) throw new RangeError(`the undo history already tracks layer "${layer.id}"`);
    this.track(layer.id, createUserUndoManager([layer.doc.getMap(ANNOTATIONS_MAP), layer.doc.getMap(RELATIONS_MAP), layer.doc.getMap(DOC_LABELS_MAP)], localOrigin(this.user)));
  }

  private track(key: string, manager: Y.UndoManager): void {
    manager.on('stack-item-added', (event: StackItemEvent) => {
      // A new change of this user (not the result of undo or redo) starts a new branch of history.
      if (event.type === 'undo' && event.origin !== manager) {
        this.undoOrder.push(key);
        this.redoOrder = [];
        this.notify();
      }
    });
    this.managers.set(key, manager);
  }

  /** Whether there is a change of this user to undo. */
  get canUndo(): boolean {
    return this.undoOrder.length > 0;
  }

  /** Whether there is an undone change to redo. */
  get canRedo(): boolean {
    return this.redoOrder.length > 0;
  }

  /** Undoes this user's most recent change; returns whether there was one. */
  undo(): boolean {
    const layer = this.undoOrder.pop();
    if (layer === undefined) return false;
    this.managers.get(layer)?.undo();
    this.redoOrder.push(layer);
    this.notify();
    return true;
  }

  /** Redoes the most recently undone change; returns whether there was one. */
  redo(): boolean {
    const layer = this.redoOrder.pop();
    if (layer === undefined) return false;
    this.managers.get(layer)?.redo();
    this.undoOrder.push(layer);
    this.notify();
    return true;
  }

  /** Calls `listener` when what can be undone or redone changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops tracking. */
  destroy(): void {
    for (const manager of this.managers.values()) manager.destroy();
    this.managers.clear();
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
