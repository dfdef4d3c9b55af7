/**
 * The sign-in screen: name and password, sent to `POST /api/login`; the
 * server answers with a session cookie.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { login } from '../api.js';
import type { Me } from '../api.js';

/** Props of `LoginView`. */
export interface LoginViewProps {
  /** A problem to show before any attempt, e.g. that the server cannot be reached. */
  readonly problem?: string | undefined;
  readonly onSignedIn: (me: Me) => void;
}

/** The sign-in form. */
export function LoginView({ problem, onSignedIn }: LoginViewProps): JSX.Element {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(problem ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await login(name.trim(), password);
    setBusy(false);
    if (result.ok) onSignedIn(result.value);
    else setError(result.errors[0]?.status === 401 ? 'Unknown user or wrong password.' : (result.errors[0]?.message ?? 'Sign-in failed.'));
  };

  return (
    <main id="main" class="page page-centered">
      <form class="card login-form" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Glossa</h1>
        <label class="field">
          <span>User name</span>
          <input name="name" autocomplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Password</span>
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error !== null && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
