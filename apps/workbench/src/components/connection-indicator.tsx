/**
 * Shows whether the document is connected to the server, connecting, or
 * offline with changes kept on this device.
 */
import type { JSX } from 'preact';
import type { ConnectionStatus } from '../session/document-session.js';

const TEXT: Readonly<Record<ConnectionStatus, string>> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  offline: 'Offline: changes are kept on this device',
};

/** The connection indicator. */
export function ConnectionIndicator({ status }: { readonly status: ConnectionStatus }): JSX.Element {
  return (
    <p class={`connection connection-${status}`} role="status" data-status={status} data-testid="connection">
      <span class="connection-dot" aria-hidden="true" />
      {TEXT[status]}
    </p>
  );
}
