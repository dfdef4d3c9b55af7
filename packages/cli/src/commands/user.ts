/**
 * `glossa user add|list|remove`: users and their per-project roles, stored
 * in the data directory's database. Passwords are hashed with scrypt. A
 * password is taken from `--password`, else the first line of standard
 * input (`--password-stdin`), else `GLOSSA_PASSWORD`; a user added with none
 * of them gets a generated one, printed once. `--password` is accepted but
 * warned about: other users of the machine can read it in the process list.
 */
import type { Readable } from 'node:stream';
import { ROLES, isRole, type Role } from '@glossa/collab';
import { ALL_PROJECTS, MIN_PASSWORD_LENGTH, generatePassword, hashPassword, invalidUserNameReason, type DataDir } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, DATABASE_USAGE, dataOption, parseFlags, required } from '../args.js';
import { MISSING_DATA_DIR_HINT, openDataDirFor, openOrCreateDataDir } from '../data-dir.js';

/** The environment variable `glossa user add` takes a password from when no flag gives one. */
const PASSWORD_ENV = 'GLOSSA_PASSWORD';

/** Longest first line `--password-stdin` reads, in bytes. */
const MAX_STDIN_PASSWORD_BYTES = 4096;

const PIPE_HINT = `pipe the password in (printf '%s\\n' "$PW" | glossa user add …) or set ${PASSWORD_ENV}`;

const usage = `Usage: glossa user <add|list|remove> [options]

  glossa user add NAME --role R --project P [--password-stdin | --password PW]
      Adds user NAME (or gives an existing user a role in another project).
      R is one of ${ROLES.join(', ')}; P is an existing project's id, or '${ALL_PROJECTS}'
      (quoted, so the shell leaves it alone) for every project (an admin of
      ${ALL_PROJECTS} manages users through the API).
      The password is, in order: --password PW; the first line of standard
      input with --password-stdin; the environment variable ${PASSWORD_ENV}.
      With none of them a password is generated and printed once. A given
      password needs at least ${MIN_PASSWORD_LENGTH} characters, and sets a new password for an
      existing user. Prefer --password-stdin or ${PASSWORD_ENV}: other users
      of this machine can read --password in the process list.
      Creates the data directory when missing.
  glossa user list
      Lists users and their roles.
  glossa user remove NAME
      Removes a user, their roles, and revokes their tokens.

list and remove need an existing data directory.

Options:
  --data DIR         the data directory (default ./.glossa)
${DATABASE_USAGE}
  --password-stdin   read the password of user add from the first line of
                     standard input: printf '%s\\n' "$PW" | glossa user add …
  --password PW      the password of user add (visible in the process list)

Environment:
  ${PASSWORD_ENV}    the password of user add when neither flag is given`;

const flags = {
  ...dataOption,
  role: { type: 'string' },
  project: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

/** A checked `glossa user add`, before its password is read. */
interface Addition {
  readonly name: string;
  readonly role: Role;
  readonly project: string;
}

/** Where a given password came from, as the messages name it. */
type PasswordSource = '--password' | '--password-stdin' | typeof PASSWORD_ENV;

/** A password given to `glossa user add`, and where it came from. */
interface GivenPassword {
  readonly value: string;
  readonly source: PasswordSource;
}

/** The flags of `glossa user` that `checkAddition` and `givenPassword` look at. */
interface AdditionFlags {
  readonly role?: string;
  readonly project?: string;
  readonly password?: string;
  readonly 'password-stdin'?: boolean;
}

/** Checks the arguments of `glossa user add` before anything is read, opened or created. */
function checkAddition(name: string, values: AdditionFlags): Addition {
  const reason = invalidUserNameReason(name);
  if (reason !== undefined) throw new UsageError(`glossa user add: user name ${JSON.stringify(name)} ${reason}`);
  const role = required('user add', 'role', values.role);
  const project = required('user add', 'project', values.project);
  if (!isRole(role)) throw new UsageError(`glossa user add: --role must be one of ${ROLES.join(', ')}, got "${role}"`);
  if (values.password !== undefined && values['password-stdin'] === true) {
    throw new UsageError('glossa user add: give either --password or --password-stdin, not both');
  }
  return { name, role, project };
}

/** Standard input as `--password-stdin` reads it; `isTTY` is true for a terminal. */
type PasswordInput = Readable & { readonly isTTY?: boolean };

/**
 * The command's standard input: the `stdin` stream of `io` when the caller
 * passes one (tests run the command in-process with an in-memory stream),
 * else the process's own.
 */
function stdinOf(io: CliIO): PasswordInput {
  return io.stdin ?? process.stdin;
}

/**
 * Reads `input` up to its first newline, or to its end when it has none, then
 * closes it (so a writer that keeps the pipe open does not keep the command
 * waiting). Resolves to the bytes before the newline, undefined
 * when the input ends without a single byte, or null when the line runs past
 * `maxBytes`.
 */
function readFirstLine(input: Readable, maxBytes: number): Promise<Buffer | undefined | null> {
  if (input.readableEnded) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let received = false;
    const settle = (): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.destroy();
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      received = true;
      const newline = bytes.indexOf(0x0a);
      const part = newline < 0 ? bytes : bytes.subarray(0, newline);
      chunks.push(part);
      length += part.length;
      if (length > maxBytes) {
        settle();
        resolve(null);
      } else if (newline >= 0) {
        settle();
        resolve(Buffer.concat(chunks));
      }
    };
    const onEnd = (): void => {
      settle();
      resolve(received ? Buffer.concat(chunks) : undefined);
    };
    const onError = (error: Error): void => {
      settle();
      reject(new CliError(`glossa user add: --password-stdin could not read standard input: ${error.message}`));
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
  });
}

/** The password on the first line of standard input (a trailing carriage return dropped). */
async function passwordFromStdin(io: CliIO): Promise<string> {
  const input = stdinOf(io);
  if (input.isTTY === true) throw new CliError(`glossa user add: --password-stdin does not read from a terminal; ${PIPE_HINT}`);
  const line = await readFirstLine(input, MAX_STDIN_PASSWORD_BYTES);
  if (line === undefined) throw new CliError(`glossa user add: --password-stdin found standard input empty; ${PIPE_HINT}`);
  if (line === null) throw new CliError(`glossa user add: --password-stdin found a first line longer than ${MAX_STDIN_PASSWORD_BYTES} bytes; it expects the password alone on the first line`);
  const text = line.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * The password given to `glossa user add`: `--password`, else the first line
 * of standard input with `--password-stdin`, else `GLOSSA_PASSWORD`; undefined
 * when none is given. Checks its length; warns when it came from `--password`.
 */
async function givenPassword(values: AdditionFlags, io: CliIO): Promise<GivenPassword | undefined> {
  let given: GivenPassword | undefined;
  if (values.password !== undefined) given = { value: values.password, source: '--password' };
  else if (values['password-stdin'] === true) given = { value: await passwordFromStdin(io), source: '--password-stdin' };
  else if (io.env[PASSWORD_ENV] !== undefined) given = { value: io.env[PASSWORD_ENV], source: PASSWORD_ENV };
  if (given === undefined) return undefined;
  if (given.value.length < MIN_PASSWORD_LENGTH) {
    const what = given.source === '--password-stdin' ? 'the password read by --password-stdin' : given.source;
    throw new UsageError(`glossa user add: ${what} must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (given.source === '--password') {
    io.stderr.write(`glossa user add: warning: --password is visible to every user of this machine in the process list; use --password-stdin or ${PASSWORD_ENV} instead\n`);
  }
  return given;
}

async function add({ name, role, project }: Addition, given: GivenPassword | undefined, data: DataDir, io: CliIO): Promise<number> {
  const { users } = data;
  if (project !== ALL_PROJECTS && !(await data.catalog.getProject(project))) {
    // An unquoted * is expanded by the shell into a file name: never grant a role in a project that is not there.
    const known = (await data.catalog.listProjects()).map((p) => p.id);
    throw new CliError(
      `glossa user add: project "${project}" does not exist (${known.length === 0 ? 'no projects yet' : `known: ${known.join(', ')}`}); ` +
        `import it first (glossa import FILE --project ${project}), or write --project '${ALL_PROJECTS}' in quotes for every project`,
    );
  }
  const where = project === ALL_PROJECTS ? 'every project' : `project ${project}`;
  if (await users.hasUser(name)) {
    if (given !== undefined) await users.setPasswordHash(name, await hashPassword(given.value));
    await users.setRole(name, project, role);
    io.stdout.write(`User ${name} is now ${role} of ${where}.\n`);
    if (given !== undefined) io.stdout.write(`Set a new password for ${name} (from ${given.source}).\n`);
    return 0;
  }
  const password = given?.value ?? generatePassword();
  await users.addUser(name, await hashPassword(password));
  await users.setRole(name, project, role);
  io.stdout.write(`Added user ${name}, ${role} of ${where}.\n`);
  if (given === undefined) io.stdout.write(`Password (shown once): ${password}\n`);
  return 0;
}

async function list(data: DataDir, io: CliIO): Promise<number> {
  const users = await data.users.listUsers();
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

async function remove(name: string, data: DataDir, io: CliIO): Promise<number> {
  if (!(await data.users.removeUser(name))) throw new CliError(`glossa user remove: unknown user "${name}"`);
  const revoked = await data.tokens.revokeAllOf(name);
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
      const addOnly = (['role', 'project', 'password', 'password-stdin'] as const).find((flag) => values[flag] !== undefined);
      if (addOnly !== undefined) throw new UsageError(`glossa user ${action}: --${addOnly} only applies to add`);
    }
    const addition = action === 'add' ? checkAddition(name as string, values) : undefined;
    const password = addition !== undefined ? await givenPassword(values, io) : undefined;
    const dir = dataLocation('user', io, values);
    const data = addition !== undefined ? await openOrCreateDataDir(dir) : await openDataDirFor(`user ${action}`, dir, MISSING_DATA_DIR_HINT);
    try {
      if (addition !== undefined) return await add(addition, password, data, io);
      if (action === 'remove') return await remove(name as string, data, io);
      return await list(data, io);
    } finally {
      await data.close();
    }
  },
};
