/**
 * Named errors thrown when a caller misuses the collaboration API.
 */

/** Thrown when an operation names an annotation id that the layer does not hold. */
export class AnnotationNotFoundError extends Error {
  /** The id that was not found. */
  readonly id: string;

  /** Builds the error for annotation `id`. */
  constructor(id: string) {
    super(`the layer holds no annotation ${JSON.stringify(id)}`);
    this.name = 'AnnotationNotFoundError';
    this.id = id;
  }
}

/** Thrown when an operation names a relation id that the layer does not hold (or holds malformed). */
export class RelationNotFoundError extends Error {
  /** The id that was not found. */
  readonly id: string;

  /** Builds the error for relation `id`. */
  constructor(id: string) {
    super(`the layer holds no relation ${JSON.stringify(id)}`);
    this.name = 'RelationNotFoundError';
    this.id = id;
  }
}
