/**
 * The text of a thrown value, for messages that wrap a lower-level failure.
 */

/** The message of an `Error`, or the thrown value as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
