/**
 * The users contract: users, their password hashes and their per-project
 * roles. A user name is also the id of the user's own annotation layer.
 */
import { GOLD_LAYER, SHARED_LAYER, isRole, type Role } from '@glossa/collab';

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

/**
 * Users, password hashes and roles. Writes are committed when they resolve.
 * `onUserChanged` tells of removals and role changes (the server re-checks
 * that user's open sockets): the embedded backend reports this process's
 * changes, a networked backend every process's.
 */
export interface UserStore {
  /** Creates a user. Rejects with `RangeError` for a bad name and `UserExistsError` when it is taken. */
  addUser(name: string, passwordHash: string, created?: number): Promise<void>;
  /** Whether the user exists. */
  hasUser(name: string): Promise<boolean>;
  /** Replaces a user's password hash. Rejects with `UnknownUserError`. */
  setPasswordHash(name: string, passwordHash: string): Promise<void>;
  /** The stored password hash, or undefined for an unknown user. */
  passwordHash(name: string): Promise<string | undefined>;
  /** Gives `name` the role `role` in `project` (`*` for every project), replacing a previous one. Rejects with `UnknownUserError` or `RangeError`. */
  setRole(name: string, project: string, role: Role): Promise<void>;
  /** Removes the user's role in `project`; resolves whether there was one. */
  removeRole(name: string, project: string): Promise<boolean>;
  /** Removes a user with their roles; resolves whether the user existed. Their tokens stop working (see `TokenIssuer`). */
  removeUser(name: string): Promise<boolean>;
  /** The user with their roles, or undefined. */
  getUser(name: string): Promise<UserRecord | undefined>;
  /** Every user, by name. */
  listUsers(): Promise<UserRecord[]>;
  /** The user's role in `project`: the stronger of their role there and their role in `*`. */
  roleIn(name: string, project: string): Promise<Role | undefined>;
  /** Calls `listener` with the user's name after a user is removed or their roles change; returns a function that removes it. */
  onUserChanged(listener: (user: string) => void): () => void;
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

/** Checks a new user's name. @throws RangeError */
export function checkUserName(name: string): void {
  const reason = invalidUserNameReason(name);
  if (reason !== undefined) throw new RangeError(`user name ${JSON.stringify(name)} ${reason}`);
}

/** Checks the role and project of `setRole`. @throws RangeError */
export function checkRoleGrant(project: string, role: Role): void {
  if (!isRole(role)) throw new RangeError(`role must be admin, curator, annotator or viewer, got ${JSON.stringify(role)}`);
  if (project === '') throw new RangeError('project must not be empty');
}
