import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa token` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa token',
  run: () => Promise.reject(new CliError('glossa token is not available in this build')),
};
