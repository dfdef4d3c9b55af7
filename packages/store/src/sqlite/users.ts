/**
 * `UserStore` on SQLite: users and their per-project roles, in tables of the
 * data directory's database (next to the room updates and the catalog).
 */
import type Database from 'better-sqlite3';
import { strongerRole, type Role } from '@glossa/collab';
import { Listeners } from '../listeners.js';
import { rolesFromRows, type RoleRow } from '../record-rows.js';
import { ALL_PROJECTS, UnknownUserError, UserExistsError, checkRoleGrant, checkUserName, type UserRecord, type UserStore } from '../users.js';
import { settle } from './settle.js';

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

/**
 * Users, password hashes and roles in a SQLite database. Reports its own
 * changes through `onUserChanged` (another process's are found by the
 * server's periodic re-check).
 *
 * @example
 * const users = new SqliteUserStore(log.db);
 * await users.addUser('alice', hashPasswordSync('secret'));
 * await users.setRole('alice', 'policy', 'annotator');
 */
export class SqliteUserStore implements UserStore {
  private readonly changes = new Listeners<string>();

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  addUser(name: string, passwordHash: string, created = Date.now()): Promise<void> {
    return settle(() => {
      checkUserName(name);
      if (this.exists(name)) throw new UserExistsError(name);
      this.db.prepare('INSERT INTO users (name, password, created) VALUES (?, ?, ?)').run(name, passwordHash, created);
    });
  }

  hasUser(name: string): Promise<boolean> {
    return settle(() => this.exists(name));
  }

  setPasswordHash(name: string, passwordHash: string): Promise<void> {
    return settle(() => {
      if (this.db.prepare('UPDATE users SET password = ? WHERE name = ?').run(passwordHash, name).changes === 0) throw new UnknownUserError(name);
    });
  }

  passwordHash(name: string): Promise<string | undefined> {
    return settle(() => this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?').get(name)?.password);
  }

  setRole(name: string, project: string, role: Role): Promise<void> {
    return settle(() => {
      checkRoleGrant(project, role);
      if (!this.exists(name)) throw new UnknownUserError(name);
      this.db.prepare('INSERT OR REPLACE INTO user_roles (user, project, role) VALUES (?, ?, ?)').run(name, project, role);
      this.changes.emit(name);
    });
  }

  removeRole(name: string, project: string): Promise<boolean> {
    return settle(() => {
      const removed = this.db.prepare('DELETE FROM user_roles WHERE user = ? AND project = ?').run(name, project).changes > 0;
      if (removed) this.changes.emit(name);
      return removed;
    });
  }

  removeUser(name: string): Promise<boolean> {
    return settle(() => {
      const removed = this.db.transaction(() => {
        this.db.prepare('DELETE FROM user_roles WHERE user = ?').run(name);
        return this.db.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0;
      })();
      if (removed) this.changes.emit(name);
      return removed;
    });
  }

  onUserChanged(listener: (user: string) => void): () => void {
    return this.changes.add(listener);
  }

  getUser(name: string): Promise<UserRecord | undefined> {
    return settle(() => {
      const row = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?').get(name);
      if (!row) return undefined;
      return { name: row.name, created: row.created, roles: this.rolesOf(name) };
    });
  }

  listUsers(): Promise<UserRecord[]> {
    return settle(() =>
      this.db
        .prepare<[], UserRow>('SELECT * FROM users ORDER BY name')
        .all()
        .map((row) => ({ name: row.name, created: row.created, roles: this.rolesOf(row.name) })),
    );
  }

  roleIn(name: string, project: string): Promise<Role | undefined> {
    return settle(() => {
      const roles = this.rolesOf(name);
      return strongerRole(roles[project], roles[ALL_PROJECTS]);
    });
  }

  private exists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE name = ?').get(name) !== undefined;
  }

  private rolesOf(name: string): Record<string, Role> {
    return rolesFromRows(this.db.prepare<[string], RoleRow>('SELECT project, role FROM user_roles WHERE user = ? ORDER BY project').all(name));
  }
}
