/**
 * A persistent weight-balanced binary search tree of span annotations, the
 * storage behind `SpanSet`.
 *
 * Nodes are never mutated: an insertion or a removal copies the O(log n) nodes
 * on one path and shares everything else, so older trees stay valid. Each node
 * records the size of its subtree and the largest `end` in it, which turns a
 * tree ordered by position into an interval tree. Balance follows Adams'
 * weight-balanced trees with the parameters (3, 2) proven correct by Straka
 * (as in Haskell's Data.Map).
 *
 * @internal
 */
import type { SpanAnnotation } from './types.js';

/** A node of a span tree; `null` is the empty tree. @internal */
export interface SpanTreeNode {
  readonly span: SpanAnnotation;
  /** `span.start`, copied so that queries read it without following a pointer. */
  readonly start: number;
  /** `span.end`, copied likewise. */
  readonly end: number;
  readonly left: SpanTree;
  readonly right: SpanTree;
  /** Number of spans in this subtree. */
  readonly size: number;
  /** Largest `end` of the spans in this subtree. */
  readonly maxEnd: number;
}

/** A persistent span tree; `null` when empty. @internal */
export type SpanTree = SpanTreeNode | null;

/** Orders a search key against a span: negative, zero or positive. @internal */
export type SpanKeyOrder<K> = (key: K, span: SpanAnnotation) => number;

const DELTA = 3;
const RATIO = 2;

/** Number of spans in a tree. @internal */
export function treeSize(tree: SpanTree): number {
  return tree === null ? 0 : tree.size;
}

function makeNode(span: SpanAnnotation, left: SpanTree, right: SpanTree): SpanTreeNode {
  let maxEnd = span.end;
  if (left !== null && left.maxEnd > maxEnd) maxEnd = left.maxEnd;
  if (right !== null && right.maxEnd > maxEnd) maxEnd = right.maxEnd;
  return { span, start: span.start, end: span.end, left, right, size: treeSize(left) + treeSize(right) + 1, maxEnd };
}

function rotateLeft(span: SpanAnnotation, left: SpanTree, right: SpanTreeNode): SpanTreeNode {
  const inner = right.left;
  if (inner !== null && treeSize(inner) >= RATIO * treeSize(right.right)) {
    return makeNode(inner.span, makeNode(span, left, inner.left), makeNode(right.span, inner.right, right.right));
  }
  return makeNode(right.span, makeNode(span, left, inner), right.right);
}

function rotateRight(span: SpanAnnotation, left: SpanTreeNode, right: SpanTree): SpanTreeNode {
  const inner = left.right;
  if (inner !== null && treeSize(inner) >= RATIO * treeSize(left.left)) {
    return makeNode(inner.span, makeNode(left.span, left.left, inner.left), makeNode(span, inner.right, right));
  }
  return makeNode(left.span, left.left, makeNode(span, inner, right));
}

/** Builds a node, restoring the weight balance after one insertion or removal below it. */
function balance(span: SpanAnnotation, left: SpanTree, right: SpanTree): SpanTreeNode {
  const sizeLeft = treeSize(left);
  const sizeRight = treeSize(right);
  if (sizeLeft + sizeRight <= 1) return makeNode(span, left, right);
  if (right !== null && sizeRight > DELTA * sizeLeft) return rotateLeft(span, left, right);
  if (left !== null && sizeLeft > DELTA * sizeRight) return rotateRight(span, left, right);
  return makeNode(span, left, right);
}

/**
 * Returns a tree holding `span` in addition to the spans of `tree`; a span
 * ordered equal to it (`order(span, existing) === 0`) is replaced. @internal
 */
export function treeInsert(tree: SpanTree, span: SpanAnnotation, order: SpanKeyOrder<SpanAnnotation>): SpanTreeNode {
  if (tree === null) return makeNode(span, null, null);
  const c = order(span, tree.span);
  if (c < 0) return balance(tree.span, treeInsert(tree.left, span, order), tree.right);
  if (c > 0) return balance(tree.span, tree.left, treeInsert(tree.right, span, order));
  return makeNode(span, tree.left, tree.right);
}

function removeMin(tree: SpanTreeNode): { readonly min: SpanAnnotation; readonly rest: SpanTree } {
  if (tree.left === null) return { min: tree.span, rest: tree.right };
  const { min, rest } = removeMin(tree.left);
  return { min, rest: balance(tree.span, rest, tree.right) };
}

function removeMax(tree: SpanTreeNode): { readonly max: SpanAnnotation; readonly rest: SpanTree } {
  if (tree.right === null) return { max: tree.span, rest: tree.left };
  const { max, rest } = removeMax(tree.right);
  return { max, rest: balance(tree.span, tree.left, rest) };
}

/** Joins two trees whose sizes are in balance, every span of `left` ordered before every span of `right`. */
function glue(left: SpanTree, right: SpanTree): SpanTree {
  if (left === null) return right;
  if (right === null) return left;
  if (left.size > right.size) {
    const { max, rest } = removeMax(left);
    return balance(max, rest, right);
  }
  const { min, rest } = removeMin(right);
  return balance(min, left, rest);
}

/**
 * Returns a tree without the span ordered equal to `key`; the same tree
 * (identical object) when there is none. @internal
 */
export function treeRemove<K>(tree: SpanTree, key: K, order: SpanKeyOrder<K>): SpanTree {
  if (tree === null) return null;
  const c = order(key, tree.span);
  if (c < 0) {
    const left = treeRemove(tree.left, key, order);
    return left === tree.left ? tree : balance(tree.span, left, tree.right);
  }
  if (c > 0) {
    const right = treeRemove(tree.right, key, order);
    return right === tree.right ? tree : balance(tree.span, tree.left, right);
  }
  return glue(tree.left, tree.right);
}

/** The span ordered equal to `key`, or `undefined`. @internal */
export function treeLookup<K>(tree: SpanTree, key: K, order: SpanKeyOrder<K>): SpanAnnotation | undefined {
  let node = tree;
  while (node !== null) {
    const c = order(key, node.span);
    if (c === 0) return node.span;
    node = c < 0 ? node.left : node.right;
  }
  return undefined;
}

/** Builds a perfectly balanced tree from spans already sorted in the tree's order, in O(n). @internal */
export function treeFromSorted(spans: readonly SpanAnnotation[]): SpanTree {
  const build = (lo: number, hi: number): SpanTree => {
    if (lo >= hi) return null;
    const mid = (lo + hi) >>> 1;
    return makeNode(spans[mid] as SpanAnnotation, build(lo, mid), build(mid + 1, hi));
  };
  return build(0, spans.length);
}

/** Calls `visit` on every span of the tree in order. @internal */
export function treeForEach(tree: SpanTree, visit: (span: SpanAnnotation) => void): void {
  let node = tree;
  while (node !== null) {
    treeForEach(node.left, visit);
    visit(node.span);
    node = node.right;
  }
}

/** Iterates the spans of the tree in order. @internal */
export function* treeValues(tree: SpanTree): Generator<SpanAnnotation, void, undefined> {
  const stack: SpanTreeNode[] = [];
  let node = tree;
  while (node !== null || stack.length > 0) {
    while (node !== null) {
      stack.push(node);
      node = node.left;
    }
    const top = stack.pop() as SpanTreeNode;
    yield top.span;
    node = top.right;
  }
}

/**
 * Appends to `out`, in order, the spans of a tree ordered by start that
 * overlap `[from, to)`: `start < to && end > from`, or for a zero-width query
 * (`from === to`) `start <= from && end > from`. Subtrees whose largest end is
 * at most `from` and right subtrees starting at or after `to` are skipped.
 * @internal
 */
export function treeCollectOverlapping(
  tree: SpanTree,
  from: number,
  to: number,
  predicate: ((span: SpanAnnotation) => boolean) | undefined,
  out: SpanAnnotation[],
): void {
  let node = tree;
  while (node !== null && node.maxEnd > from) {
    const left = node.left;
    if (left !== null && left.maxEnd > from) treeCollectOverlapping(left, from, to, predicate, out);
    if (node.start >= to && node.start !== from) return;
    if (node.end > from && (predicate === undefined || predicate(node.span))) out.push(node.span);
    node = node.right;
  }
}

/**
 * Checks the tree's invariants (order, balance, sizes, max ends) and returns
 * a description of the first violation, or `undefined`. For tests. @internal
 */
export function treeInvariantViolation(tree: SpanTree, order: SpanKeyOrder<SpanAnnotation>): string | undefined {
  let previous: SpanAnnotation | undefined;
  const check = (node: SpanTree): string | undefined => {
    if (node === null) return undefined;
    const inLeft = check(node.left);
    if (inLeft !== undefined) return inLeft;
    if (previous !== undefined && order(previous, node.span) >= 0) return `span ${node.span.id} is out of order`;
    previous = node.span;
    const inRight = check(node.right);
    if (inRight !== undefined) return inRight;
    const sizeLeft = treeSize(node.left);
    const sizeRight = treeSize(node.right);
    if (node.size !== sizeLeft + sizeRight + 1) return `node ${node.span.id} has a wrong size`;
    if (sizeLeft + sizeRight > 1 && (sizeLeft > DELTA * sizeRight || sizeRight > DELTA * sizeLeft)) {
      return `node ${node.span.id} is out of balance (${sizeLeft} / ${sizeRight})`;
    }
    const maxEnd = Math.max(node.span.end, node.left?.maxEnd ?? -Infinity, node.right?.maxEnd ?? -Infinity);
    if (node.maxEnd !== maxEnd) return `node ${node.span.id} has a wrong max end`;
    return undefined;
  };
  return check(tree);
}
