/**
 * `glossa user add|list|remove`: users and their per-project roles, stored
 * in the data directory's database. Passwords are hashed with scrypt; a
 * user added without `--password` gets a generated one, printed once.
 */
import { ALL_PROJECTS, MIN_PASSWORD_LENGTH, ROLES, TokenIssuer, UserStore, generatePassword, hashPasswordSync, invalidUserNameReason, isRole, loadOrCreateSecretKey, openDataDir, type DataDir, type Role } from '@glossa/server';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataDir, dataOption, parseFlags, required } from '../args.js';
import { MISSING_DATA_DIR_HINT, openDataDirFor } from '../data-dir.js';

const usage = `Usage: glossa user <add|list|remove> [options]

  glossa user add NAME --role R --project P [--password PW]
      Adds user NAME (or gives an existing user a role in another project).
      R is one of ${ROLES.join(', ')}; P is a project id, or ${ALL_PROJECTS} for
      every project (an admin of ${ALL_PROJECTS} manages users through the API).
      Without --password a password is generated and printed once; a given
      one needs at least ${MIN_PASSWORD_LENGTH} characters. Creates the data directory when missing.
  glossa user list
      Lists users and their roles.
  glossa user remove NAME
      Removes a user, their roles, and revokes their tokens.

list and remove need an existing data directory.

Options:
  --data DIR         the data directory (default ./.glossa)`;

const flags = { ...dataOption, role: { type: 'string' }, project: { type: 'string' }, password: { type: 'string' } } as const;

/** A checked `glossa user add`. */
interface Addition {
  readonly name: string;
  readonly role: Role;
  readonly project: string;
  readonly password?: string;
}

/** Checks the arguments of `glossa user add` before anything is opened or created. */
function checkAddition(name: string, values: { role?: string; project?: string; password?: string }): Addition {
  const reason = invalidUserNameReason(name);
  if (reason !== undefined) throw new UsageError(`glossa user add: user name ${JSON.stringify(name)} ${reason}`);
  const role = required('user add', 'role', values.role);
  const project = required('user add', 'project', values.project);
  if (!isRole(role)) throw new UsageError(`glossa user add: --role must be one of ${ROLES.join(', ')}, got "${role}"`);
  if (values.password !== undefined && values.password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`glossa user add: --password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  return { name, role, project, ...(values.password === undefined ? {} : { password: values.password }) };
}

function add({ name, role, project, password: given }: Addition, data: DataDir, io: CliIO): number {
  const users = new UserStore(data.store.db);
  if (project !== ALL_PROJECTS && !data.catalog.getProject(project)) {
    io.stderr.write(`glossa user add: warning: project "${project}" does not exist yet; the role applies once it is imported\n`);
  }
  const where = project === ALL_PROJECTS ? 'every project' : `project ${project}`;
  if (users.hasUser(name)) {
    if (given !== undefined) users.setPasswordHash(name, hashPasswordSync(given));
    users.setRole(name, project, role);
    io.stdout.write(`User ${name} is now ${role} of ${where}.\n`);
    return 0;
  }
  const password = given ?? generatePassword();
  users.addUser(name, hashPasswordSync(password));
  users.setRole(name, project, role);
  io.stdout.write(`Added user ${name}, ${role} of ${where}.\n`);
  if (given === undefined) io.stdout.write(`Password (shown once): ${password}\n`);
  return 0;
}

function list(data: DataDir, io: CliIO): number {
  const users = new UserStore(data.store.db).listUsers();
  if (users.length === 0) {
    io.stdout.write('No users yet. Add one with: glossa user add NAME --role admin --project P\n');
    return 0;
  }
  for (const user of users) {
    const roles = Object.entries(user.roles).map(([project, role]) => `${role}@${project}`);
    io.stdout.write(`${user.name}\t${roles.length > 0 ? roles.join(', ') : '(no roles)'}\n`);
  }
  return 0;
}

function remove(name: string, data: DataDir, io: CliIO): number {
  const users = new UserStore(data.store.db);
  if (!users.removeUser(name)) throw new CliError(`glossa user remove: unknown user "${name}"`);
  const revoked = new TokenIssuer(data.store.db, loadOrCreateSecretKey(data.dir)).revokeAllOf(name);
  io.stdout.write(`Removed user ${name}${revoked > 0 ? ` and revoked ${revoked} token(s)` : ''}.\n`);
  return 0;
}

/** The `glossa user` command. */
export const command: Command = {
  summary: 'Add, list or remove users',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags('user', argv, flags, true);
    const [action, name, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`glossa user: unexpected argument "${extra[0]}"`);
    const needsName = action === 'add' || action === 'remove';
    if (action === undefined || !['add', 'list', 'remove'].includes(action)) {
      throw new UsageError(`glossa user: expected add, list or remove${action === undefined ? '' : `, got "${action}"`}`);
    }
    if (needsName && name === undefined) throw new UsageError(`glossa user ${action}: expected a user NAME`);
    if (!needsName && name !== undefined) throw new UsageError(`glossa user list: unexpected argument "${name}"`);
    if (action !== 'add') {
      const addOnly = (['role', 'project', 'password'] as const).find((flag) => values[flag] !== undefined);
      if (addOnly !== undefined) throw new UsageError(`glossa user ${action}: --${addOnly} only applies to add`);
    }
    const addition = action === 'add' ? checkAddition(name as string, values) : undefined;
    const dir = dataDir(io, values.data);
    const data = addition !== undefined ? openDataDir(dir) : openDataDirFor(`user ${action}`, dir, MISSING_DATA_DIR_HINT);
    try {
      if (addition !== undefined) return add(addition, data, io);
      if (action === 'remove') return remove(name as string, data, io);
      return list(data, io);
    } finally {
      await data.close();
    }
  },
};
