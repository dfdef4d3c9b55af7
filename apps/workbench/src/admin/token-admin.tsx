/**
 * API tokens (server administrators): every token and session with its
 * user, expiry and state; creating a token for a user (shown once) and
 * revoking one.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { createToken, revokeToken, type TokenEntry, type UserEntry } from '../admin-api.js';
import { ActionResultLine, failed, type ActionResult } from './action-result.js';

/** Props of `TokenAdmin`. */
export interface TokenAdminProps {
  readonly tokens: readonly TokenEntry[];
  readonly users: readonly UserEntry[];
  /** Called after a token was created or revoked. */
  readonly onChanged: () => void;
}

/** A time in milliseconds since the epoch as a short date and time. */
function when(at: number): string {
  return new Date(at).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Whether a token is in use now: neither revoked nor expired. */
export function tokenState(token: TokenEntry, now: number): 'valid' | 'revoked' | 'expired' {
  if (token.revoked !== null) return 'revoked';
  return token.expires !== null && token.expires <= now ? 'expired' : 'valid';
}

/** The token table and the form that creates one. */
export function TokenAdmin({ tokens, users, onChanged }: TokenAdminProps): JSX.Element {
  const [user, setUser] = useState(users[0]?.name ?? '');
  const [expires, setExpires] = useState('30d');
  const [result, setResult] = useState<ActionResult>(null);
  const now = Date.now();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const made = await createToken(user, expires.trim() === '' ? 'never' : expires.trim());
    if (!made.ok) return setResult(failed(made.errors));
    setResult({ kind: 'done', message: `New API token of ${user}.`, secret: made.value });
    onChanged();
  };

  const revoke = async (id: string): Promise<void> => {
    const revoked = await revokeToken(id);
    setResult(revoked.ok ? { kind: 'done', message: `Token ${id} revoked.` } : failed(revoked.errors));
    if (revoked.ok) onChanged();
  };

  return (
    <section aria-labelledby="admin-tokens">
      <h2 id="admin-tokens">API tokens</h2>
      <form class="admin-form" aria-labelledby="admin-new-token" onSubmit={(event) => void submit(event)}>
        <h3 id="admin-new-token">New API token</h3>
        <label class="field">
          <span>For user</span>
          <select value={user} onChange={(event) => setUser(event.currentTarget.value)} data-testid="admin-token-user">
            {users.map((u) => (
              <option key={u.name} value={u.name}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Expires after (e.g. 12h, 30d, or never)</span>
          <input value={expires} onInput={(event) => setExpires(event.currentTarget.value)} />
        </label>
        <button type="submit" class="button primary">
          Create token
        </button>
      </form>
      <ActionResultLine result={result} testId="admin-token-result" />
      <table class="table" data-testid="admin-token-table">
        <caption class="visually-hidden">API tokens and sign-in sessions</caption>
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">User</th>
            <th scope="col">Kind</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const state = tokenState(token, now);
            return (
              <tr key={token.id} data-token={token.id} data-state={state}>
                <th scope="row">
                  <code>{token.id}</code>
                </th>
                <td>{token.user}</td>
                <td>{token.kind}</td>
                <td>{when(token.created)}</td>
                <td>{token.expires === null ? 'never' : when(token.expires)}</td>
                <td>
                  {state}
                  {state === 'valid' && (
                    <>
                      {' '}
                      <button type="button" class="button" onClick={() => void revoke(token.id)} aria-label={`Revoke token ${token.id} of ${token.user}`}>
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
