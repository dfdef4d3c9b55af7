/**
 * Users and their per-project roles, in tables of the data directory's
 * SQLite database (next to the room updates and the catalog).
 */
import type Database from 'better-sqlite3';
import { GOLD_LAYER, SHARED_LAYER, isRole, strongerRole, type Role } from '@glossa/collab';

/** The project name whose roles apply to every project (a server administrator is `admin` of `*`). */
export const ALL_PROJECTS = '*';

/** A user as listed: name, creation time and roles by project. */
export interface UserRecord {
  readonly name: string;
  /** Creation time in milliseconds since the epoch. */
  readonly created: number;
  /** The user's role in each project (`*`: every project). */
  readonly roles: Readonly<Record<string, Role>>;
}

/** A user name that is taken. */
export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
  constructor(readonly user: string) {
    super(`user "${user}" already exists`);
  }
}

/** A user name that is not known. */
export class UnknownUserError extends Error {
  override readonly name = 'UnknownUserError';
  constructor(readonly user: string) {
    super(`unknown user "${user}"`);
  }
}

/**
 * Why `name` cannot be a user name, or undefined when it can. A user name is
 * also the id of the user's own annotation layer, so it follows layer-id
 * rules and cannot be a reserved layer (`gold`, `shared`).
 */
export function invalidUserNameReason(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
    return 'must be 1–64 characters: letters, digits, "_", "." or "-", starting with a letter or digit';
  }
  if (name === GOLD_LAYER || name === SHARED_LAYER) return `is a reserved layer name`;
  return undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  password TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS user_roles (
  user TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  project TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'curator', 'annotator', 'viewer')),
  PRIMARY KEY (user, project)
);
`;

interface UserRow {
  name: string;
  password: string;
  created: number;
}

interface RoleRow {
  user: string;
  project: string;
  role: string;
}

/**
 * Users, password hashes and roles. Methods are synchronous (better-sqlite3).
 *
 * @example
 * const users = new UserStore(store.db);
 * users.addUser('alice', hashPasswordSync('secret'));
 * users.setRole('alice', 'policy', 'annotator');
 */
export class UserStore {
  private readonly changeListeners = new Set<(user: string) => void>();

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Creates a user. Throws `RangeError` for a bad name and `UserExistsError` when it is taken. */
  addUser(name: string, passwordHash: string, created = Date.now()): void {
    const reason = invalidUserNameReason(name);
    if (reason !== undefined) throw new RangeError(`user name ${JSON.stringify(name)} ${reason}`);
    if (this.hasUser(name)) throw new UserExistsError(name);
    this.db.prepare('INSERT INTO users (name, password, created) VALUES (?, ?, ?)').run(name, passwordHash, created);
  }

  /** Whether the user exists. */
  hasUser(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE name = ?').get(name) !== undefined;
  }

  /** Replaces a user's password hash. Throws `UnknownUserError`. */
  setPasswordHash(name: string, passwordHash: string): void {
    if (this.db.prepare('UPDATE users SET password = ? WHERE name = ?').run(passwordHash, name).changes === 0) throw new UnknownUserError(name);
  }

  /** The stored password hash, or undefined for an unknown user. @internal */
  passwordHash(name: string): string | undefined {
    return this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?').get(name)?.password;
  }

  /** Gives `name` the role `role` in `project` (`*` for every project), replacing a previous one. */
  setRole(name: string, project: string, role: Role): void {
    if (!isRole(role)) throw new RangeError(`role must be admin, curator, annotator or viewer, got ${JSON.stringify(role)}`);
    if (project === '') throw new RangeError('project must not be empty');
    if (!this.hasUser(name)) throw new UnknownUserError(name);
    this.db.prepare('INSERT OR REPLACE INTO user_roles (user, project, role) VALUES (?, ?, ?)').run(name, project, role);
    this.notify(name);
  }

  /** Removes the user's role in `project`; returns whether there was one. */
  removeRole(name: string, project: string): boolean {
    const removed = this.db.prepare('DELETE FROM user_roles WHERE user = ? AND project = ?').run(name, project).changes > 0;
    if (removed) this.notify(name);
    return removed;
  }

  /** Removes a user with their roles; returns whether the user existed. Their tokens stop working (see `TokenIssuer`). */
  removeUser(name: string): boolean {
    const removed = this.db.transaction(() => {
      this.db.prepare('DELETE FROM user_roles WHERE user = ?').run(name);
      return this.db.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0;
    })();
    if (removed) this.notify(name);
    return removed;
  }

  /**
   * Calls `listener` with the user's name after a user is removed or their
   * roles change through this store (the server re-checks that user's open
   * sockets); returns a function that removes it.
   */
  onUserChanged(listener: (user: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  private notify(user: string): void {
    for (const listener of this.changeListeners) listener(user);
  }

  /** The user with their roles, or undefined. */
  getUser(name: string): UserRecord | undefined {
    const row = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?').get(name);
    if (!row) return undefined;
    return { name: row.name, created: row.created, roles: this.rolesOf(name) };
  }

  /** Every user, by name. */
  listUsers(): UserRecord[] {
    return this.db
      .prepare<[], UserRow>('SELECT * FROM users ORDER BY name')
      .all()
      .map((row) => ({ name: row.name, created: row.created, roles: this.rolesOf(row.name) }));
  }

  /** The user's role in `project`: the stronger of their role there and their role in `*`. */
  roleIn(name: string, project: string): Role | undefined {
    const roles = this.rolesOf(name);
    return strongerRole(roles[project], roles[ALL_PROJECTS]);
  }

  private rolesOf(name: string): Record<string, Role> {
    const roles: Record<string, Role> = {};
    for (const row of this.db.prepare<[string], RoleRow>('SELECT * FROM user_roles WHERE user = ? ORDER BY project').all(name)) {
      if (isRole(row.role)) roles[row.project] = row.role;
    }
    return roles;
  }
}
