/**
 * Undo and redo per user: a user's undo manager tracks only the changes made
 * with that user's origin, so undoing my annotation never undoes yours.
 */
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, DOC_LABELS_MAP, FEEDBACK_MAP, RELATIONS_MAP } from './layout.js';
import { isOrigin, sameOrigin } from './origin.js';
import type { Origin } from './origin.js';

/** What an undo manager can be scoped to: a whole doc, one shared type or several. */
export type UndoScope = ConstructorParameters<typeof Y.UndoManager>[0];

/** Options of `createUserUndoManager`. */
export interface UserUndoOptions {
  /**
   * Changes made within this many milliseconds of each other are undone
   * together. @default 0 (each transaction is its own undo step)
   */
  readonly captureTimeout?: number;
}

/**
 * An undo manager over `scope` (a layer doc or some of its types) that
 * tracks the transactions whose origin is `origin` (compared by value, so
 * `{ kind: 'local', userId: 'ana' }` built anywhere counts as Ana's) and its
 * own undo and redo transactions, and nothing else.
 *
 * @example
 * const undo = createUserUndoManager(layer, localOrigin('ana'));
 * writeAnnotations(layer, content, [span], localOrigin('ana'));
 * undo.undo(); // removes Ana's span, leaves everyone else's changes
 */
export function createUserUndoManager(scope: UndoScope, origin: Origin, options: UserUndoOptions = {}): Y.UndoManager {
  if (!isOrigin(origin)) throw new RangeError('createUserUndoManager needs a Glossa origin, e.g. localOrigin(userId)');
  let manager: Y.UndoManager | null = null;
  manager = new Y.UndoManager(scope, {
    captureTimeout: options.captureTimeout ?? 0,
    // Plain-object origins are matched by value in `captureTransaction`; their constructor is Object.
    trackedOrigins: new Set<unknown>([origin, Object]),
    captureTransaction: (transaction) =>
      transaction.origin === manager || (isOrigin(transaction.origin) && sameOrigin(transaction.origin, origin)),
  });
  return manager;
}

/**
 * The root types of a layer room that a user's own changes go to (the
 * annotations, the relations, the document labels and the feedback on
 * suggestions), as an undo scope: accepting a suggestion writes an
 * annotation and feedback in one transaction, and deleting an annotation
 * deletes its relations in one, and an undo manager over these takes both
 * back at once.
 *
 * @example createUserUndoManager(layerUndoScope(layer), localOrigin('ana'))
 */
export function layerUndoScope(layer: Y.Doc): Y.Map<unknown>[] {
  return [
    layer.getMap<unknown>(ANNOTATIONS_MAP),
    layer.getMap<unknown>(RELATIONS_MAP),
    layer.getMap<unknown>(DOC_LABELS_MAP),
    layer.getMap<unknown>(FEEDBACK_MAP),
  ];
}
