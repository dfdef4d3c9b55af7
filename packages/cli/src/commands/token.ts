/**
 * `glossa token create|revoke|list`: API tokens for scripts and WebSocket
 * clients, signed with the data directory's secret key (`secret.key`,
 * generated on first use). `create` prints the token on its last line.
 */
import { parseDuration } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, DATABASE_USAGE, dataOption, parseFlags } from '../args.js';
import { MISSING_DATA_DIR_HINT, openDataDirFor } from '../data-dir.js';

const usage = `Usage: glossa token <create|revoke|list> [options]

  glossa token create NAME [--expires 30d]
      Creates an API token for user NAME and prints it on the last line.
      --expires takes a duration (s, m, h, d, w), or never (the default).
  glossa token revoke ID
      Revokes the token with id ID (see glossa token list).
  glossa token list [NAME]
      Lists API tokens (id, user, expiry, state), of NAME only when given.

Every action needs an existing data directory (see glossa user add).

Options:
  --data DIR         the data directory (default ./.glossa)
${DATABASE_USAGE}`;

const flags = { ...dataOption, expires: { type: 'string' } } as const;

function describeTime(ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toISOString();
}

/** The `glossa token` command. */
export const command: Command = {
  summary: 'Create, list or revoke API tokens',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags('token', argv, flags, true);
    const [action, argument, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`glossa token: unexpected argument "${extra[0]}"`);
    if (action !== 'create' && action !== 'revoke' && action !== 'list') {
      throw new UsageError(`glossa token: expected create, revoke or list${action === undefined ? '' : `, got "${action}"`}`);
    }
    if (action !== 'list' && argument === undefined) throw new UsageError(`glossa token ${action}: expected ${action === 'create' ? 'a user NAME' : 'a token ID'}`);
    if (action !== 'create' && values.expires !== undefined) throw new UsageError(`glossa token ${action}: --expires only applies to create`);
    let lifetime: number | null = null;
    if (values.expires !== undefined && values.expires !== 'never') {
      const parsed = parseDuration(values.expires);
      if (!parsed.ok) throw new UsageError(`glossa token create: --expires: ${parsed.errors[0] ?? 'bad duration'}`);
      lifetime = parsed.value;
    }
    const data = await openDataDirFor(`token ${action}`, dataLocation('token', io, values), MISSING_DATA_DIR_HINT);
    try {
      const { tokens } = data;
      if (action === 'create') {
        const user = argument as string;
        if (!(await data.users.hasUser(user))) throw new CliError(`glossa token create: unknown user "${user}"; add it with glossa user add`);
        const issued = await tokens.issue(user, 'api', lifetime);
        io.stdout.write(`Token ${issued.id} for ${user}, expires ${describeTime(issued.expires)}. Keep it secret:\n${issued.token}\n`);
        return 0;
      }
      if (action === 'revoke') {
        const id = argument as string;
        const record = await tokens.get(id);
        if (!record) throw new CliError(`glossa token revoke: unknown token "${id}"`);
        if (!(await tokens.revoke(id))) {
          io.stdout.write(`Token ${id} was already revoked.\n`);
          return 0;
        }
        io.stdout.write(`Revoked token ${id} of ${record.user}.\n`);
        return 0;
      }
      const listed = await tokens.list(argument === undefined ? {} : { user: argument });
      if (listed.length === 0) io.stdout.write('No API tokens.\n');
      for (const t of listed) {
        const state = t.revoked !== null ? 'revoked' : t.expires !== null && t.expires <= Date.now() ? 'expired' : 'valid';
        io.stdout.write(`${t.id}\t${t.user}\texpires ${describeTime(t.expires)}\t${state}\n`);
      }
      return 0;
    } finally {
      await data.close();
    }
  },
};
