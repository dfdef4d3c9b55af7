/**
 * What an administration form says after an action: a problem (an alert)
 * or what was done, with a secret the server made (a password or token)
 * shown once, selectable, and announced to screen readers.
 */
import type { JSX } from 'preact';
import type { ApiProblem } from '../api.js';
import type { Secret } from '../admin-api.js';

/** The outcome of the last action of a form. */
export type ActionResult = { readonly kind: 'done'; readonly message: string; readonly secret?: Secret } | { readonly kind: 'failed'; readonly message: string } | null;

/** The failed outcome of a refused request, one line per problem the server named. */
export function failed(errors: readonly ApiProblem[]): ActionResult {
  return { kind: 'failed', message: errors.map((e) => e.message).join('\n') };
}

/** The outcome, or nothing before the first action. */
export function ActionResultLine({ result, testId }: { readonly result: ActionResult; readonly testId: string }): JSX.Element | null {
  if (result === null) return null;
  if (result.kind === 'failed') {
    return (
      <p class="error" role="alert" data-testid={testId}>
        {result.message}
      </p>
    );
  }
  return (
    <p role="status" data-testid={testId}>
      {result.message}
      {result.secret !== undefined && (
        <>
          {' '}
          Shown once: <code class="secret" data-testid={`${testId}-secret`}>{result.secret.value}</code>
        </>
      )}
    </p>
  );
}
