/**
 * The one error an external recommender rejects with: it names the
 * backend, says why, and whether it counts against the backend's circuit.
 */

/**
 * Why a call to a backend failed: it did not answer in time (`timeout`),
 * could not be reached (`network`), answered with an HTTP error (`http`),
 * answered something that is not the protocol (`protocol`), or was not
 * called because its circuit is open (`unavailable`) or its queue full
 * (`busy`).
 */
export type ExternalFailure = 'timeout' | 'network' | 'http' | 'protocol' | 'unavailable' | 'busy';

/** A call to an external model server that failed (see {@link ExternalFailure}). */
export class ExternalBackendError extends Error {
  override readonly name = 'ExternalBackendError';

  constructor(
    /** The backend's name. */
    readonly backend: string,
    /** Why the call failed. */
    readonly reason: ExternalFailure,
    message: string,
    /** The HTTP status, for `http`. */
    readonly status?: number,
  ) {
    super(`recommender ${backend}: ${message}`);
  }

  /** Whether the failure counts against the backend's circuit (refusals by the guard itself do not). */
  get countsAsFailure(): boolean {
    return this.reason !== 'unavailable' && this.reason !== 'busy';
  }
}

/** A `protocol` failure of the call `what` (`POST /v1/predict`): the answer is not what the protocol says. */
export function protocolError(backend: string, what: string, message: string): ExternalBackendError {
  return new ExternalBackendError(backend, 'protocol', `${what}: ${message}`);
}
