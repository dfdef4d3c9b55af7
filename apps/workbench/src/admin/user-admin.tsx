/**
 * Users (server administrators): every user with their roles; adding a
 * user with a role in a project (or giving an existing one a role), with a
 * password given or generated; a new generated password for a user; and
 * removing a user, after a confirmation, which revokes their tokens.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ApiProblem, ProjectListing, Role } from '../api.js';
import { addUser, removeUser, resetPassword, type UserEntry } from '../admin-api.js';
import { ActionResultLine, failed, type ActionResult } from './action-result.js';

/** Props of `UserAdmin`. */
export interface UserAdminProps {
  readonly me: string;
  readonly users: readonly UserEntry[];
  readonly projects: readonly ProjectListing[];
  /** Called after users or roles changed. */
  readonly onChanged: () => void;
}

const ROLE_CHOICES: readonly Role[] = ['annotator', 'curator', 'viewer', 'admin'];

/** A user's roles in words, e.g. `policy: annotator; *: admin`. */
export function rolesText(roles: Readonly<Record<string, Role>>): string {
  const entries = Object.entries(roles);
  return entries.length === 0 ? 'no role' : entries.map(([project, role]) => `${project === '*' ? 'every project' : project}: ${role}`).join('; ');
}

/** The user table and the form that adds a user. */
export function UserAdmin({ me, users, projects, onChanged }: UserAdminProps): JSX.Element {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('annotator');
  const [project, setProject] = useState(projects[0]?.id ?? '*');
  const [password, setPassword] = useState('');
  const [result, setResult] = useState<ActionResult>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  const report = (outcome: { ok: true } | { ok: false; errors: readonly ApiProblem[] }, message: string): boolean => {
    if (!outcome.ok) setResult(failed(outcome.errors));
    else setResult({ kind: 'done', message });
    return outcome.ok;
  };

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const added = await addUser(name.trim(), role, project, password === '' ? undefined : password);
    if (!added.ok) return void report(added, '');
    setResult({ kind: 'done', message: `${name.trim()} is ${role} of ${project === '*' ? 'every project' : project}.`, ...(added.value === null ? {} : { secret: added.value }) });
    setName('');
    setPassword('');
    onChanged();
  };

  const reset = async (user: string): Promise<void> => {
    const made = await resetPassword(user);
    if (!made.ok) return void report(made, '');
    setResult({ kind: 'done', message: `New password of ${user}.`, secret: made.value });
  };

  const remove = async (user: string): Promise<void> => {
    setRemoving(null);
    if (report(await removeUser(user), `${user} was removed and their tokens revoked.`)) onChanged();
  };

  return (
    <section aria-labelledby="admin-users">
      <h2 id="admin-users">Users</h2>
      <ActionResultLine result={result} testId="admin-user-result" />
      <table class="table" data-testid="admin-user-table">
        <caption class="visually-hidden">Users and their roles</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Roles</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.name} data-user={user.name}>
              <th scope="row">{user.name}</th>
              <td>{rolesText(user.roles)}</td>
              <td class="admin-actions">
                <button type="button" class="button" onClick={() => void reset(user.name)} aria-label={`New password for ${user.name}`}>
                  New password
                </button>
                {user.name !== me && removing !== user.name && (
                  <button type="button" class="button" onClick={() => setRemoving(user.name)} aria-label={`Remove ${user.name}`}>
                    Remove
                  </button>
                )}
                {removing === user.name && (
                  <>
                    <button type="button" class="button button-danger" onClick={() => void remove(user.name)}>
                      Remove {user.name} and revoke their tokens
                    </button>
                    <button type="button" class="button" onClick={() => setRemoving(null)}>
                      Keep
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="admin-form" aria-labelledby="admin-new-user" onSubmit={(event) => void submit(event)}>
        <h3 id="admin-new-user">Add a user or give a role</h3>
        <label class="field">
          <span>User name</span>
          <input required value={name} onInput={(event) => setName(event.currentTarget.value)} autoComplete="off" />
        </label>
        <label class="field">
          <span>Project</span>
          <select value={project} onChange={(event) => setProject(event.currentTarget.value)} data-testid="admin-user-project">
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
            <option value="*">every project (*)</option>
          </select>
        </label>
        <label class="field">
          <span>Role</span>
          <select value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
            {ROLE_CHOICES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Password (at least 8 characters; leave empty to generate one for a new user)</span>
          <input type="password" value={password} onInput={(event) => setPassword(event.currentTarget.value)} autoComplete="new-password" />
        </label>
        <button type="submit" class="button primary">
          Save user
        </button>
      </form>
    </section>
  );
}
