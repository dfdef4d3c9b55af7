/**
 * `UserStore` on PostgreSQL: users and their per-project roles. A removal
 * or role change sends a notification on `glossa_user` in its transaction,
 * so every process re-checks that user's sockets.
 */
import type pg from 'pg';
import { strongerRole, type Role } from '@glossa/collab';
import { Listeners } from '../listeners.js';
import { rolesFromRows, type RoleRow } from '../record-rows.js';
import { ALL_PROJECTS, UnknownUserError, UserExistsError, checkRoleGrant, checkUserName, type UserRecord, type UserStore } from '../users.js';
import { CHANNELS, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, inTransaction, notify, sqlState } from './connection.js';
import type { PostgresNotifier } from './notifier.js';

interface UserRow {
  name: string;
  password: string;
  created: number;
}

/** Users, password hashes and roles in a PostgreSQL database; `onUserChanged` tells of every process's changes. */
export class PostgresUserStore implements UserStore {
  private readonly changes = new Listeners<string>();

  constructor(
    private readonly pool: pg.Pool,
    notifier: PostgresNotifier,
    private readonly origin: string,
  ) {
    notifier.on(CHANNELS.user, (payload) => {
      const message = parse(payload);
      if (message !== null && message.o !== this.origin) this.changes.emit(message.u);
    });
  }

  async addUser(name: string, passwordHash: string, created = Date.now()): Promise<void> {
    checkUserName(name);
    try {
      await this.pool.query('INSERT INTO users (name, password, created) VALUES ($1, $2, $3)', [name, passwordHash, created]);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new UserExistsError(name);
      throw error;
    }
  }

  async hasUser(name: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM users WHERE name = $1', [name])).rowCount ?? 0) > 0;
  }

  async setPasswordHash(name: string, passwordHash: string): Promise<void> {
    if (((await this.pool.query('UPDATE users SET password = $1 WHERE name = $2', [passwordHash, name])).rowCount ?? 0) === 0) throw new UnknownUserError(name);
  }

  async passwordHash(name: string): Promise<string | undefined> {
    return (await this.pool.query<UserRow>('SELECT * FROM users WHERE name = $1', [name])).rows[0]?.password;
  }

  async setRole(name: string, project: string, role: Role): Promise<void> {
    checkRoleGrant(project, role);
    try {
      await this.changing(name, (client) =>
        client.query('INSERT INTO user_roles ("user", project, role) VALUES ($1, $2, $3) ON CONFLICT ("user", project) DO UPDATE SET role = excluded.role', [name, project, role]).then(() => true),
      );
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw new UnknownUserError(name);
      throw error;
    }
  }

  removeRole(name: string, project: string): Promise<boolean> {
    return this.changing(name, async (client) => ((await client.query('DELETE FROM user_roles WHERE "user" = $1 AND project = $2', [name, project])).rowCount ?? 0) > 0);
  }

  removeUser(name: string): Promise<boolean> {
    return this.changing(name, async (client) => {
      await client.query('DELETE FROM user_roles WHERE "user" = $1', [name]);
      return ((await client.query('DELETE FROM users WHERE name = $1', [name])).rowCount ?? 0) > 0;
    });
  }

  onUserChanged(listener: (user: string) => void): () => void {
    return this.changes.add(listener);
  }

  async getUser(name: string): Promise<UserRecord | undefined> {
    const row = (await this.pool.query<UserRow>('SELECT * FROM users WHERE name = $1', [name])).rows[0];
    if (row === undefined) return undefined;
    return { name: row.name, created: row.created, roles: await this.rolesOf(name) };
  }

  async listUsers(): Promise<UserRecord[]> {
    const users = (await this.pool.query<UserRow>('SELECT * FROM users ORDER BY name')).rows;
    const roles = (await this.pool.query<RoleRow & { user: string }>('SELECT "user", project, role FROM user_roles ORDER BY "user", project')).rows;
    return users.map((row) => ({ name: row.name, created: row.created, roles: rolesFromRows(roles.filter((r) => r.user === row.name)) }));
  }

  async roleIn(name: string, project: string): Promise<Role | undefined> {
    const roles = await this.rolesOf(name);
    return strongerRole(roles[project], roles[ALL_PROJECTS]);
  }

  /** Runs a change of `name` in a transaction that notifies every process when `change` resolves true. */
  private async changing(name: string, change: (client: pg.ClientBase) => Promise<boolean>): Promise<boolean> {
    const changed = await inTransaction(this.pool, async (client) => {
      const done = await change(client);
      if (done) await notify(client, CHANNELS.user, JSON.stringify({ o: this.origin, u: name }));
      return done;
    });
    if (changed) this.changes.emit(name);
    return changed;
  }

  private async rolesOf(name: string): Promise<Record<string, Role>> {
    return rolesFromRows((await this.pool.query<RoleRow>('SELECT project, role FROM user_roles WHERE "user" = $1 ORDER BY project', [name])).rows);
  }
}

function parse(payload: string): { o: string; u: string } | null {
  try {
    const value = JSON.parse(payload) as { o?: unknown; u?: unknown };
    return typeof value.o === 'string' && typeof value.u === 'string' ? { o: value.o, u: value.u } : null;
  } catch {
    return null;
  }
}
